"""Feedback rounds: the chair asks agencies to check the report as it stands (each section's
version is recorded), by a due date. An agency sees only the sections that mention it (its
name, in the heading or text of the version asked about), and comments on factual accuracy;
the chair sees every item of a round in one place and marks each dealt with."""
import re

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from models import (Agency, FeedbackAsk, FeedbackItem, FeedbackRound, ReportSection,
                    SectionRevision, db)
from models.mixins import utcnow
from report import structure


def rounds_of(review_id):
    return db.session.scalars(select(FeedbackRound).where(FeedbackRound.review_id == review_id)
                              .options(joinedload(FeedbackRound.asks)
                                       .joinedload(FeedbackAsk.agency))
                              .order_by(FeedbackRound.id.desc())).unique().all()


def open_round(review_id, title, due_on, agency_ids, user):
    versions = {str(s.id): s.version for s in structure.sections_of(review_id)}
    round_ = FeedbackRound(review_id=review_id, title=title, due_on=due_on, versions=versions,
                           opened_by_id=getattr(user, "id", None))
    agencies = db.session.scalars(select(Agency).where(Agency.id.in_(agency_ids))).all()
    round_.asks = [FeedbackAsk(agency_id=agency.id) for agency in agencies]
    db.session.add(round_)
    db.session.flush()
    return round_


def mentions(agency, *texts):
    pattern = re.compile(r"\b" + re.escape(agency.name) + r"\b", re.IGNORECASE)
    return any(pattern.search(text or "") for text in texts)


def sections_for(ask):
    """[(section, revision)] of the round's versions that mention the ask's agency."""
    versions = {int(k): v for k, v in (ask.round.versions or {}).items()}
    if not versions:
        return []
    revisions = db.session.execute(
        select(ReportSection, SectionRevision)
        .join(SectionRevision, SectionRevision.section_id == ReportSection.id)
        .where(ReportSection.id.in_(versions), ReportSection.review_id == ask.round.review_id,
               ReportSection.removed.is_(False))
        .order_by(ReportSection.document, ReportSection.position)).all()
    return [(section, revision) for section, revision in revisions
            if revision.number == versions[section.id]
            and mentions(ask.agency, revision.heading, revision.body)]


def add_item(ask, section_id, paragraph, text, user):
    item = FeedbackItem(ask_id=ask.id, section_id=section_id, paragraph=paragraph,
                        body=text, author_id=user.id)
    db.session.add(item)
    return item


def deal_with(item, user, response=None):
    item.dealt_with_at, item.dealt_with_by_id = utcnow(), user.id
    item.response = response or item.response


def items_of(round_id):
    return db.session.scalars(select(FeedbackItem).join(FeedbackAsk)
                              .where(FeedbackAsk.round_id == round_id)
                              .options(selectinload(FeedbackItem.ask)
                                       .selectinload(FeedbackAsk.agency),
                                       selectinload(FeedbackItem.section))
                              .order_by(FeedbackItem.dealt_with_at.is_not(None),
                                        FeedbackItem.id)).all()
