"""The review page's "Meetings" section: the review's meetings the user may see."""
from flask import render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import access
from models import Meeting, db


def render(review, context):
    meetings = db.session.scalars(access.scope(select(Meeting), Meeting).where(
        Meeting.review_id == review.id).options(
        selectinload(Meeting.invitations), selectinload(Meeting.minutes))
        .order_by(Meeting.starts_at.desc())).all()
    may_schedule = access.can_see_review(review.id, action=access.CREATE, resource="meeting") \
        and access.allowed("meeting", access.CREATE)
    return Markup(render_template("meetings/_review_section.html", review=review,
                                  meetings=meetings, may_schedule=may_schedule))
