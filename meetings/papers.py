"""The daily reminder to agencies whose paper for a meeting is missing: from PAPERS_REMIND_DAYS
(default 3) days before the papers deadline until the deadline, once per meeting and agency
(a PaperReminder row is claimed first; a repeated or concurrent run sends nothing)."""
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

import jobs
import mailer
from models import (Document, Invitation, Meeting, MeetingStatus, PaperReminder, RoleName, db)


@jobs.daily
def remind_missing_papers(today=None):
    """The daily task. Returns the number of e-mails sent."""
    today = today or date.today()
    ahead = timedelta(days=int(current_app.config.get("PAPERS_REMIND_DAYS", 3)))
    meetings = db.session.scalars(select(Meeting).where(
        Meeting.status == MeetingStatus.scheduled, Meeting.papers_due_on.is_not(None),
        Meeting.papers_due_on >= today, Meeting.papers_due_on <= today + ahead)
        .order_by(Meeting.id)).all()
    sent = 0
    for meeting_id in [m.id for m in meetings]:
        for agency_id in missing_agencies(meeting_id):
            if jobs.claim(PaperReminder(meeting_id=meeting_id, agency_id=agency_id,
                                        sent_on=today)):
                sent += _send(db.session.get(Meeting, meeting_id), agency_id)
    return sent


def missing_agencies(meeting_id):
    """Agencies invited to the meeting with no paper on its agenda yet."""
    invited = set(db.session.scalars(select(Invitation.agency_id).where(
        Invitation.meeting_id == meeting_id, Invitation.agency_id.is_not(None))))
    sent_in = set(db.session.scalars(select(Document.agency_id).where(
        Document.meeting_id == meeting_id, Document.agency_id.is_not(None))))
    return sorted(invited - sent_in)


def _send(meeting, agency_id):
    from models import Agency
    agency = db.session.get(Agency, agency_id)
    to = mailer.active_addresses(RoleName.agency_user, agency) or \
        ([agency.contact_email] if agency.contact_email else [])
    subject, body = mailer.render("paper_missing", meeting=meeting)
    for address in to:
        mailer.send(address, subject, body)
    db.session.commit()
    return len(to)
