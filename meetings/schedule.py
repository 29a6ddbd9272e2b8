"""Scheduling, changing and cancelling a meeting, inviting people, and the e-mails with the
calendar invitation attached. E-mails name the review's reference and the meeting's kind only.

Each e-mail carries a fresh answer link for its invitee (``tokens``); the same .ics is offered
on the meeting page (``calendar_for``)."""
import uuid

from flask import current_app
from sqlalchemy import select

import audit
import mailer
from dates import when
from meetings import ics, tokens
from models import (AuditAction, Invitation, Meeting, MeetingStatus, Response, User, db)
from models.mixins import utcnow

ICS_TYPE = "text/calendar"
FIELDS = ("kind", "starts_at", "ends_at", "place", "online_link", "agenda", "papers_due_on")
# Changes that move the calendar event (and so are sent to invitees again).
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_link")


class Refused(Exception):
    """A change that cannot be made; the message is for the person who asked."""


def schedule(review, values, user):
    meeting = Meeting(review=review, organiser=user, uid=f"{uuid.uuid4()}@dhr-case-review",
                      sequence=0, status=MeetingStatus.scheduled)
    for name in FIELDS:
        setattr(meeting, name, values.get(name))
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update(meeting, values):
    """Change the meeting; when its time or place moved, send everyone the updated
    invitation (same UID, higher SEQUENCE). Returns how many were told."""
    if meeting.is_cancelled:
        raise Refused("This meeting was cancelled: it cannot be changed.")
    moved = any(values.get(name) != getattr(meeting, name) for name in CALENDAR_FIELDS)
    for name in FIELDS:
        setattr(meeting, name, values.get(name))
    if moved:
        meeting.sequence += 1
    db.session.flush()
    return send(meeting, meeting.invitations, "meeting_changed") if moved else 0


def cancel(meeting):
    if meeting.is_cancelled:
        return 0
    meeting.status = MeetingStatus.cancelled
    meeting.sequence += 1
    db.session.flush()
    return send(meeting, meeting.invitations, "meeting_cancelled", ics.CANCEL)


def invite(meeting, people):
    """Invite ``people``: (user or None, agency or None, e-mail) triples, each address once
    per meeting. Returns the new invitations (each sent its e-mail)."""
    if meeting.is_cancelled:
        raise Refused("This meeting was cancelled: nobody can be invited to it.")
    known = {i.email for i in meeting.invitations}
    added = []
    for user, agency, email in people:
        email = email.strip().lower()
        if email in known:
            continue
        known.add(email)
        invitation = Invitation(meeting=meeting, user=user, agency=agency, email=email,
                                response=Response.pending)
        db.session.add(invitation)
        added.append(invitation)
    db.session.flush()
    send(meeting, added, "meeting_invitation")
    return added


def calendar_for(meeting, method=None):
    """The meeting's .ics as every invitee gets it."""
    method = method or (ics.CANCEL if meeting.is_cancelled else ics.REQUEST)
    attendees = [(i.email, i.response.value) for i in meeting.invitations]
    return ics.calendar(meeting.uid, meeting.sequence,
                        ics.summary(meeting.review.reference, meeting.kind.label),
                        meeting.starts_at, meeting.ends_at,
                        current_app.config["MAIL_DEFAULT_SENDER"], attendees,
                        location=meeting.place, link=meeting.online_link, method=method)


def calendar_name(meeting):
    return f"{meeting.review.reference} {meeting.kind.label}.ics"


def send(meeting, invitations, template, method=ics.REQUEST):
    """One e-mail per invitee, each with its own answer link and the .ics attached."""
    invitations = list(invitations)
    if not invitations:
        return 0
    data, name = calendar_for(meeting, method), calendar_name(meeting)
    links = {i.id: tokens.issue(i, meeting.ends_at) for i in invitations}
    db.session.flush()
    audit.record(AuditAction.mail_sent, obj=meeting, changes={
        "e-mail": template, "sequence": meeting.sequence,
        "recipients": [i.email for i in invitations]})
    for invitation in invitations:
        subject, body = mailer.render(template, meeting=meeting, when=when,
                                      answer_path=answer_path(invitation, links[invitation.id]))
        mailer.send(invitation.email, subject, body,
                    attachments=[mailer.Attachment(name, ICS_TYPE, data)])
    db.session.flush()
    return len(invitations)


def answer_path(invitation, token):
    return f"/meeting-answer/{invitation.id}/{token}"


def answer(invitation, accepted):
    """Record an invitee's answer (a link or the portal)."""
    if invitation.meeting.is_cancelled:
        raise Refused("This meeting was cancelled.")
    invitation.response = Response.accepted if accepted else Response.declined
    invitation.responded_at = utcnow()
    db.session.flush()


def invitable_users(review):
    """Who may be invited: the review's members and active agency staff."""
    from models import Role, RoleName
    members = [m.user for m in review.members if m.user.active]
    staff = db.session.scalars(select(User).where(
        User.active.is_(True), User.agency_id.is_not(None),
        User.roles.any(Role.name == RoleName.agency_user.name)).order_by(User.email)).all()
    seen, people = set(), []
    for user in members + staff:
        if user.id not in seen:
            seen.add(user.id)
            people.append(user)
    return people
