"""Shared steps of the chronology tests: asking agencies for a chronology, reading rows."""
from sqlalchemy import func, select

from agency_forms.workflow import distribute
from models import (Agency, ChronologyEntry, ChronologyUpload, FormRequest, FormType, Review,
                    User, db)
from world import MANAGER


def ask_for_chronologies(app, reference, *agency_names):
    """The manager distributes a chronology request (sent) to these agencies; their ids."""
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == reference))
        manager = db.session.scalar(select(User).where(User.email == MANAGER))
        agencies = db.session.scalars(select(Agency).where(Agency.name.in_(agency_names))).all()
        distribute(review, agencies, FormType.chronology, manager)
        db.session.commit()
        return {a.name: db.session.scalar(select(FormRequest.id).where(
            FormRequest.review_id == review.id, FormRequest.agency_id == a.id,
            FormRequest.form_type == FormType.chronology)) for a in agencies}


def entries_of(app, reference, agency_name):
    with app.app_context():
        return db.session.scalars(select(ChronologyEntry.event).join(
            Review, Review.id == ChronologyEntry.review_id).join(
            Agency, Agency.id == ChronologyEntry.agency_id).where(
            Review.reference == reference, Agency.name == agency_name)
            .order_by(ChronologyEntry.row_number)).all()


def upload_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(ChronologyUpload.id)))


def review_id(app, reference):
    with app.app_context():
        return db.session.scalar(select(Review.id).where(Review.reference == reference))
