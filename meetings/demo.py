"""Demo meetings: past and upcoming meetings on two reviews, with invitations, attendance,
minutes (one set approved, one draft) and papers of each visibility."""
import uuid
from datetime import time, timedelta

from sqlalchemy import select

import filestore
from dates import utc_naive
from meetings.documents import AREA
from models import (Agency, Attendance, Document, Invitation, Meeting, MeetingKind, Minutes,
                    Response, Review, User, Visibility, db)
from models.mixins import utcnow

TEXT = "text/plain"


def load(today):
    users = {u.email: u for u in db.session.scalars(select(User))}
    agencies = {a.name: a for a in db.session.scalars(select(Agency))}
    gathering = _review("DHR-2026-001")
    due_soon = _review("DHR-2026-003")
    police, health, housing = (agencies["Northshire Police"],
                               agencies["Northshire NHS Foundation Trust"],
                               agencies["Northshire Homes"])
    past = _meeting(gathering, MeetingKind.panel, today - timedelta(days=14), users,
                    "1. Introductions\n2. Agency involvement returns\n3. Chronology\n4. Next steps")
    _invite(past, users["chair.a@example.org"], None, Response.accepted, Attendance.attended)
    _invite(past, users["panel.a@example.org"], None, Response.accepted, Attendance.attended)
    _invite(past, users["police@example.org"], police, Response.accepted, Attendance.attended)
    _invite(past, users["health@example.org"], health, Response.declined, Attendance.apologies)
    past.minutes = Minutes(text="1. The panel agreed the terms of reference.\n2. Police and "
                           "health returns received; housing to follow.\n3. Action: the "
                           "coordinator to merge the chronologies.",
                           drafted_by=users["manager@example.org"],
                           approved_by=users["chair.a@example.org"], approved_at=utcnow(),
                           circulated_at=utcnow())
    _paper(past, "Police briefing note.txt", Visibility.agency, police, users)
    _paper(past, "Combined chronology summary.txt", Visibility.members, None, users)
    _paper(past, "Panel notes from the chair.txt", Visibility.panel, None, users)
    upcoming = _meeting(gathering, MeetingKind.panel, today + timedelta(days=10), users,
                        "1. Minutes of the last meeting\n2. IMRs\n3. Emerging learning",
                        papers_due=today + timedelta(days=7))
    _invite(upcoming, users["chair.a@example.org"], None, Response.accepted)
    _invite(upcoming, users["panel.a@example.org"], None, Response.pending)
    _invite(upcoming, users["police@example.org"], police, Response.pending)
    _invite(upcoming, users["health@example.org"], health, Response.pending)
    _paper(upcoming, "Agenda pack cover note.txt", Visibility.members, None, users)
    _paper(upcoming, "Health IMR summary.txt", Visibility.agency, health, users,
           by="health@example.org")
    event = _meeting(due_soon, MeetingKind.practitioner_event, today - timedelta(days=3), users,
                     "Practitioner learning event: what helped and what got in the way")
    _invite(event, users["chair.b@example.org"], None, Response.accepted, Attendance.attended)
    _invite(event, users["panel.b@example.org"], None, Response.accepted, Attendance.absent)
    _invite(event, users["housing@example.org"], housing, Response.accepted, Attendance.attended)
    event.minutes = Minutes(text="Draft: practitioners described the housing referral route.",
                            drafted_by=users["manager@example.org"])
    _paper(event, "Housing paper for the event.txt", Visibility.agency, housing, users,
           by="housing@example.org")
    signoff = _meeting(due_soon, MeetingKind.panel, today + timedelta(days=5), users,
                       "Panel sign-off of the draft overview report",
                       papers_due=today + timedelta(days=2))
    _invite(signoff, users["chair.b@example.org"], None, Response.accepted)
    _invite(signoff, users["housing@example.org"], housing, Response.pending)
    db.session.commit()


def _review(reference):
    return db.session.scalar(select(Review).where(Review.reference == reference))


def _meeting(review, kind, on, users, agenda, papers_due=None):
    meeting = Meeting(review=review, kind=kind, starts_at=utc_naive(on, time(10)),
                      ends_at=utc_naive(on, time(12)), place="Civic Centre, Committee Room 2",
                      online_link="https://meet.example.org/dhr-panel", agenda=agenda,
                      papers_due_on=papers_due, uid=f"{uuid.uuid4()}@dhr-case-review",
                      organiser=users["manager@example.org"])
    db.session.add(meeting)
    return meeting


def _invite(meeting, user, agency, response, attendance=Attendance.unknown):
    meeting.invitations.append(Invitation(user=user, agency=agency, email=user.email,
                                          response=response, attendance=attendance))


def _paper(meeting, name, visibility, agency, users, by="manager@example.org"):
    data = (f"{name[:-4]}\n\nA demonstration paper for {meeting.review.reference}.\n").encode()
    stored = filestore.put_produced(AREA, data, name, TEXT)
    db.session.add(Document(review=meeting.review, meeting=meeting, agency=agency,
                            visibility=visibility, original_name=stored.name,
                            content_type=TEXT, size=stored.size, sha256=stored.sha256,
                            storage_key=stored.key, uploaded_by=users[by]))
