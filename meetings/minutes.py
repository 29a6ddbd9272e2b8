"""Attendance and minutes: the coordinator records who attended (or sent apologies) and
drafts the minutes; the review's chair approves them, which locks them and circulates them
(by a link, never their text) to those who attended."""
from sqlalchemy import select

import mailer
from models import Attendance, MemberRole, Minutes, ReviewMember, db
from models.mixins import utcnow


class Refused(Exception):
    pass


def record_attendance(meeting, marks):
    """``marks``: {invitation id: Attendance}."""
    for invitation in meeting.invitations:
        if invitation.id in marks:
            invitation.attendance = marks[invitation.id]
    db.session.flush()


def save_draft(meeting, text, user):
    minutes = meeting.minutes or Minutes(meeting=meeting)
    if minutes.is_locked:
        raise Refused("These minutes are approved and locked.")
    minutes.text = text
    minutes.drafted_by = user
    db.session.add(minutes)
    db.session.flush()
    return minutes


def is_chair(meeting, user):
    return db.session.scalar(select(ReviewMember.id).where(
        ReviewMember.review_id == meeting.review_id, ReviewMember.user_id == user.id,
        ReviewMember.role == MemberRole.chair)) is not None


def approve(meeting, user):
    """Approve, lock and circulate; returns the addresses told."""
    minutes = meeting.minutes
    if minutes is None or not (minutes.text or "").strip():
        raise Refused("There are no minutes to approve yet.")
    if minutes.is_locked:
        raise Refused("These minutes are already approved.")
    if not is_chair(meeting, user):
        raise Refused("Only the review's chair can approve the minutes.")
    minutes.approved_by, minutes.approved_at = user, utcnow()
    db.session.flush()
    attendees = [i for i in meeting.invitations if i.attendance is Attendance.attended]
    subject, body = mailer.render("minutes_circulated", meeting=meeting)
    for invitation in attendees:
        mailer.send(invitation.email, subject, body)
    minutes.circulated_at = utcnow()
    db.session.flush()
    return [i.email for i in attendees]


def learning_link(minutes):
    """The seam for "an item of the minutes becomes a lesson or an action": when the learning
    capability is installed and offers ``learning.minutes_link(minutes)`` (the URL of its
    page turning an item of these approved minutes into a lesson or an action), the meeting
    page links to it; otherwise nothing is shown."""
    import importlib
    import importlib.util
    if minutes is None or not minutes.is_locked or importlib.util.find_spec("learning") is None:
        return None
    make_link = getattr(importlib.import_module("learning"), "minutes_link", None)
    return make_link(minutes) if callable(make_link) else None
