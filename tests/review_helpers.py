"""Shared helpers for the review page, list and reminder tests (database-backed)."""
from sqlalchemy import select

from dbtools import count
from models import OutboxMessage, Review, ReviewStatusChange, db
from world import POLICE

AGENCY = POLICE  # the agency user these tests sign in as


def review_by_ref(app, reference):
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == reference))
        db.session.expunge(review)
        return review


def snapshot(app, reference):
    """Everything an action could change on a review, to prove that nothing did."""
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == reference))
        return (review.status, review.decision, review.decision_on, review.next_deadline,
                review.published_on, review.publication_url,
                [(h.started_on, h.ended_on) for h in review.holds],
                [(s.sent_on, s.outcome, s.outcome_on) for s in review.submissions],
                count(app, ReviewStatusChange, ReviewStatusChange.review_id == review.id),
                count(app, OutboxMessage))
