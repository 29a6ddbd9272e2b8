"""Shared steps of the meetings tests: find demo meetings and documents, read the .ics mailed
with an outbox message, and schedule a meeting through the real form."""
import re

from icalendar import Calendar
from sqlalchemy import select

import filestore
from models import Document, Meeting, MeetingKind, OutboxMessage, Review, db
from trust_forms import form_data

ANSWER_LINK = re.compile(r"http\S+/meeting-answer/(\d+)/(\S+)")


def meeting_id(app, reference, kind, upcoming):
    with app.app_context():
        query = select(Meeting).join(Review).where(Review.reference == reference,
                                                   Meeting.kind == kind)
        meetings = db.session.scalars(query.order_by(Meeting.starts_at)).all()
        return meetings[-1 if upcoming else 0].id


def document_id(app, name):
    with app.app_context():
        return db.session.scalar(select(Document.id).where(Document.original_name == name))


def review_id(app, reference):
    with app.app_context():
        return db.session.scalar(select(Review.id).where(Review.reference == reference))


def mailed_calendar(app, message_id):
    """The .ics attached to an outbox message, parsed: (calendar, its one event)."""
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        attachment, = message.attachments
        assert attachment.content_type == "text/calendar"
        calendar = Calendar.from_ical(filestore.read("mail", attachment.file_key))
    return calendar, calendar.walk("VEVENT")[0]


def answer_link(body):
    match = ANSWER_LINK.search(body)
    assert match, body
    return int(match.group(1)), match.group(2)


def schedule(client, rid, day, start, end, kind=MeetingKind.panel.name, **extra):
    """Fill in and post the schedule form; returns the response (a redirect when saved)."""
    page = client.get(f"/admin/meetings/review/{rid}/new")
    assert page.status_code == 200, page.text
    d, m, y = day
    values = {"kind": kind, "starts_at-day": d, "starts_at-month": m, "starts_at-year": y,
              "starts_at-time": start, "ends_at-day": d, "ends_at-month": m,
              "ends_at-year": y, "ends_at-time": end, "place": "Civic Centre", **extra}
    return client.post(f"/admin/meetings/review/{rid}/new",
                       data=form_data(page.text, values, form_id="meeting-form"))
