"""Duplicates and conflicts of a review stored as links for the chair: found again after each
import (suggestions not yet decided are replaced; decisions stay), then linked (shown once,
with both sources), dismissed, or kept as a question for the panel."""
from sqlalchemy import delete, insert, select

from chronology.duplicates import Candidate, find_pairs
from models import (ChronologyEntry, ChronologyLink, DatePrecision, LinkKind, LinkStatus, db)
from models.mixins import utcnow


def detect(review_id):
    """Find the review's duplicates and conflicts again. Returns how many are suggested."""
    rows = db.session.execute(select(
        ChronologyEntry.id, ChronologyEntry.agency_id, ChronologyEntry.day,
        ChronologyEntry.at, ChronologyEntry.has_time, ChronologyEntry.event).where(
        ChronologyEntry.review_id == review_id,
        ChronologyEntry.precision == DatePrecision.day)).all()
    candidates = [Candidate(r.id, r.agency_id, r.day,
                            r.at.hour * 60 + r.at.minute if r.has_time else None, r.event)
                  for r in rows]
    pairs = find_pairs(candidates)
    db.session.execute(delete(ChronologyLink).where(
        ChronologyLink.review_id == review_id, ChronologyLink.status == LinkStatus.suggested)
        .execution_options(synchronize_session=False))
    decided = set(db.session.execute(select(ChronologyLink.first_id, ChronologyLink.second_id)
                                     .where(ChronologyLink.review_id == review_id)).all())
    new = [{"review_id": review_id, "first_id": a, "second_id": b, "kind": LinkKind(kind),
            "status": LinkStatus.suggested, "score": score, "reason": reason,
            "created_at": utcnow(), "updated_at": utcnow()}
           for a, b, kind, score, reason in pairs if (a, b) not in decided]
    if new:
        db.session.execute(insert(ChronologyLink), new)
    db.session.flush()
    return len(new)


def decide(link, status, user):
    """The chair's decision. Linking shows the later-listed entry only under the first."""
    link.status, link.decided_by_id, link.decided_at = status, user.id, utcnow()
    second = link.second
    if status is LinkStatus.linked:
        second.same_as_id = link.first_id
    elif second.same_as_id == link.first_id:
        second.same_as_id = None
    db.session.flush()


def open_links(review_id, scoped_query):
    """The review's links still to decide, and those kept as questions, for the chair."""
    return db.session.scalars(scoped_query.where(
        ChronologyLink.review_id == review_id,
        ChronologyLink.status.in_((LinkStatus.suggested, LinkStatus.question)))
        .order_by(ChronologyLink.kind, ChronologyLink.id)).all()
