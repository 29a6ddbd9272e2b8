"""The review page's "Meetings" section: the review's meetings the user may see."""
from flask import render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

import access
from models import Document, Meeting, db


def render(review, context):
    meetings = db.session.scalars(access.scope(select(Meeting), Meeting).where(
        Meeting.review_id == review.id).options(
        joinedload(Meeting.invitations), joinedload(Meeting.minutes))
        .order_by(Meeting.starts_at.desc())).unique().all()
    may_schedule = access.can_see_review(review.id, action=access.CREATE, resource="meeting") \
        and access.allowed("meeting", access.CREATE)
    review_documents = db.session.scalars(access.scope(select(Document), Document).where(
        Document.review_id == review.id, Document.meeting_id.is_(None))
        .order_by(Document.id)).all()
    may_upload = access.allowed("document", access.CREATE) and access.can_see_review(
        review.id, action=access.CREATE, resource="document")
    return Markup(render_template("meetings/_review_section.html", review=review,
                                  meetings=meetings, may_schedule=may_schedule,
                                  documents=review_documents, may_upload=may_upload,
                                  paper_form=_paper_form() if may_upload else None))


def _paper_form():
    from models import Agency
    from meetings.forms import PaperForm
    form = PaperForm(formdata=None, prefix="review-document", meta={"csrf": False})
    form.agency.choices = [("", "Not one agency")] + [
        (str(a.id), a.name) for a in db.session.scalars(
            select(Agency).where(Agency.active.is_(True)).order_by(Agency.name))]
    return form
