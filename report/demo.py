"""Demo data: the overview report in progress on two reviews (DHR-2026-001 and DHR-2026-003):
sections of the Home Office structure, text saved in several revisions by the chair and a
panel member, comments (one answered, one resolved) and a feedback round with an agency's
feedback."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from models import (Agency, FeedbackItem, ReportComment, ReportDocument, ReportSection, Review,
                    db)
from report import editing, feedback, structure

TEXT = {
    "Background": [
        "{victim} lived with {perpetrator} in Northshire from 2019.",
        "{victim} had contact with Northshire Police twice in 2024, after neighbours "
        "reported shouting. [[imr:{imr}]]",
        "Northshire NHS Foundation Trust saw {victim} at the emergency department in March "
        "2025 with an injury to her wrist.",
    ],
    "Chronology and overview": [
        "This section draws on the combined chronology of the agencies.",
        "| Date | Agency | Event |\n|---|---|---|\n| 12 Jan 2025 | Northshire Police | "
        "Call from a neighbour |\n| 3 Mar 2025 | Northshire NHS Foundation Trust | "
        "Emergency department visit |",
    ],
    "Lessons to be learned": [
        "- Routine enquiry about domestic abuse was **not** made at the emergency department.\n"
        "- Information was not shared between agencies after the second call.",
    ],
}


def load(today, users):
    """``users``: the demo accounts by e-mail."""
    for reference, chair, panel in (("DHR-2026-001", "chair.a@example.org", "panel.a@example.org"),
                                    ("DHR-2026-003", "chair.b@example.org",
                                     "panel.b@example.org")):
        review = db.session.scalar(select(Review).where(Review.reference == reference))
        _write(review, users[chair], users[panel], today)
    db.session.commit()


def _write(review, chair, panel, today):
    structure.start_report(review.id, chair)
    db.session.commit()
    victim, perpetrator = (p.pseudonym for p in review.people[:2])
    imr = _imr_request_id(review)
    sections = {s.heading: s for s in structure.sections_of(review.id, ReportDocument.overview)}
    for heading, paragraphs in TEXT.items():
        section = sections[heading]
        lines = [p.format(victim=victim, perpetrator=perpetrator, imr=imr) for p in paragraphs]
        if imr is None:
            lines = [line.replace(" [[imr:None]]", "") for line in lines]
        for count in range(1, len(lines) + 1):  # a revision per paragraph, chair and panel
            writer = chair if count % 2 else panel
            editing.save(section.id, section.version, "\n\n".join(lines[:count]), writer)
            db.session.refresh(section)
    _date_revisions(today)
    background = sections["Background"]
    question = ReportComment(section_id=background.id, paragraph=2, author_id=panel.id,
                             body="Do we know whether a DASH risk assessment was completed?")
    db.session.add(question)
    db.session.flush()
    db.session.add(ReportComment(section_id=background.id, parent_id=question.id,
                                 author_id=chair.id, body="Yes, at standard risk: the police "
                                 "IMR says so. I will add it."))
    db.session.add(ReportComment(section_id=sections["Lessons to be learned"].id,
                                 author_id=chair.id, body="Check the wording with the panel.",
                                 resolved_at=datetime.combine(today, time(9)),
                                 resolved_by_id=chair.id))
    _round(review, chair, today)


def _imr_request_id(review):
    from models import FormRequest, FormType
    return db.session.scalar(select(FormRequest.id).where(
        FormRequest.review_id == review.id, FormRequest.form_type == FormType.imr)
        .order_by(FormRequest.id).limit(1))


def _date_revisions(today):
    """Spread the demo's revisions over the last days, as if written over a week."""
    from models import SectionRevision
    revisions = db.session.scalars(select(SectionRevision).where(
        SectionRevision.created_at >= datetime.combine(today, time(0)) - timedelta(days=1))
        .order_by(SectionRevision.id)).all()
    for index, revision in enumerate(revisions):
        revision.created_at = datetime.combine(today - timedelta(days=7), time(9)) \
            + timedelta(hours=3 * index)


def _round(review, chair, today):
    agencies = db.session.scalars(select(Agency).where(Agency.name.in_(
        ("Northshire Police", "Northshire NHS Foundation Trust")))).all()
    round_ = feedback.open_round(review.id, "Factual accuracy check", today + timedelta(days=10),
                                 [a.id for a in agencies], chair)
    police = next(ask for ask in round_.asks if ask.agency.name == "Northshire Police")
    background = db.session.scalar(select(ReportSection).where(
        ReportSection.review_id == review.id, ReportSection.heading == "Background"))
    db.session.add(FeedbackItem(ask_id=police.id, section_id=background.id, paragraph=2,
                                body="Our records show three calls in 2024, not two."))
