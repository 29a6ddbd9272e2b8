"""Keeps ``Review.next_deadline`` (and which clock it is) equal to what the clocks say, so
that lists sort and filter by deadline in SQL. Refreshed in the session's before_flush for
every review whose dates, status, holds or submissions changed, whichever code changed them
(review page, admin edit form, demo data, jobs). A paused completion clock has no deadline."""
from datetime import date

from flask import current_app
from sqlalchemy import event

from lifecycle.clocks import Periods, clocks, next_deadline
from models import HomeOfficeSubmission, Review, ReviewHold, db


def periods():
    return Periods.from_config(current_app.config)


def refresh(review, today=None):
    due, clock = next_deadline(clocks(review, today or date.today(), periods()))
    clock_name = clock.name if clock else None
    if review.next_deadline != due:
        review.next_deadline = due
    if review.next_deadline_clock != clock_name:
        review.next_deadline_clock = clock_name


def _touched_reviews(session):
    reviews = set()
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Review):
            reviews.add(obj)
        elif isinstance(obj, (ReviewHold, HomeOfficeSubmission)) and obj.review is not None:
            reviews.add(obj.review)
    return [review for review in reviews if review not in session.deleted]


def _before_flush(session, _context, _instances):
    for review in _touched_reviews(session):
        refresh(review)


def init_app(app):
    if not event.contains(db.session, "before_flush", _before_flush):
        event.listen(db.session, "before_flush", _before_flush)
