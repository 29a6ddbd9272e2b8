"""Scheduling, inviting, changing and cancelling a meeting through its pages: the e-mails carry
a calendar invitation that calendars apply to one event (same UID, higher SEQUENCE, then
METHOD:CANCEL), the same .ics is downloadable, and each answer link works for its own
invitation only, until it expires."""
from datetime import date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar
from sqlalchemy import select

from formtools import last_outbox_id, outbox
from meetings_helpers import answer_link, mailed_calendar, review_id, schedule
from models import Invitation, Meeting, Response, User, db
from trust_forms import form_data
from world import GATHERING, MANAGER, PANEL_A, POLICE

pytestmark = pytest.mark.dates  # reads today

UTC = timezone.utc


def clock_changes():
    """The next day the clocks go back (last Sunday of October) and the day they go forward
    after it (last Sunday of March): both ahead of today, whatever today is."""
    def last_sunday(year, month):
        day = date(year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)
    autumn = last_sunday(date.today().year, 10)
    if autumn <= date.today():
        autumn = last_sunday(autumn.year + 1, 10)
    return autumn, last_sunday(autumn.year + 1, 3)


def invite(client, meeting, emails, app):
    page = client.get(f"/admin/meetings/{meeting}/")
    with app.app_context():
        ids = [db.session.scalar(select(User.id).where(User.email == e)) for e in emails]
    return client.post(f"/admin/meetings/{meeting}/invite", data=form_data(
        page.text, {"people": [f"user-{i}" for i in ids]}, form_id="invite-form"))


def test_schedule_invite_change_cancel_and_answer(app, client, auth):
    auth.login(MANAGER)
    rid = review_id(app, GATHERING)
    autumn, spring = clock_changes()
    day = (str(autumn.day), str(autumn.month), str(autumn.year))
    refused = schedule(client, rid, day, "12:00", "10:00", place="")
    assert refused.status_code == 400
    assert "The meeting must end after it starts" in refused.text
    assert "Enter a place or an online meeting link" in refused.text
    # The last Sunday of October, the day the clocks go back: 10:00 London is 10:00 UTC.
    saved = schedule(client, rid, day, "10:00", "12:00")
    assert saved.status_code == 302
    meeting = int(saved.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    since = last_outbox_id(app)
    assert invite(client, meeting, [POLICE, PANEL_A], app).status_code == 302

    sent = outbox(app, since)
    assert sorted(m.recipient for m in sent) == [PANEL_A, POLICE]
    assert all(GATHERING in m.subject and "Adult" not in m.body for m in sent)
    calendar, event = mailed_calendar(app, sent[0].id)
    assert event.decoded("dtstart") == datetime(autumn.year, 10, autumn.day, 10, 0, tzinfo=UTC)
    assert str(event["organizer"]) == "mailto:dhr-case-review@example.org"
    assert {str(a) for a in event["attendee"]} == {f"mailto:{PANEL_A}", f"mailto:{POLICE}"}
    assert str(event["summary"]) == f"{GATHERING}: Panel meeting"
    uid, first_sequence = str(event["uid"]), event["sequence"]
    download = client.get(f"/admin/meetings/{meeting}/calendar.ics")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert str(Calendar.from_ical(download.data).walk("VEVENT")[0]["uid"]) == uid

    links = {m.recipient: answer_link(m.body) for m in sent}
    # Moved to the last Sunday of March after it (summer time): 10:00 London is 09:00 UTC.
    page = client.get(f"/admin/meetings/{meeting}/edit")
    since = last_outbox_id(app)
    changed = client.post(f"/admin/meetings/{meeting}/edit", data=form_data(page.text, {
        **{f"{field}-{part}": str(value) for field in ("starts_at", "ends_at")
           for part, value in (("day", spring.day), ("month", 3), ("year", spring.year))}},
        form_id="meeting-form"))
    assert changed.status_code == 302
    updates = outbox(app, since)
    assert len(updates) == 2
    _, moved = mailed_calendar(app, updates[0].id)
    assert str(moved["uid"]) == uid and moved["sequence"] > first_sequence
    assert moved.decoded("dtstart") == datetime(spring.year, 3, spring.day, 9, 0, tzinfo=UTC)

    # The older link was replaced by the update's; it no longer opens the invitation.
    old_id, old_token = links[POLICE]
    assert client.get(f"/meeting-answer/{old_id}/{old_token}").status_code == 404
    police_id, police_token = answer_link(
        next(m.body for m in updates if m.recipient == POLICE))
    panel_id, _ = answer_link(next(m.body for m in updates if m.recipient == PANEL_A))
    auth.logout()
    assert client.get(f"/meeting-answer/{panel_id}/{police_token}").status_code == 404
    page = client.get(f"/meeting-answer/{police_id}/{police_token}")
    assert page.status_code == 200 and GATHERING not in page.text and "Adult" not in page.text
    answered = client.post(f"/meeting-answer/{police_id}/{police_token}",
                           data=form_data(page.text, {"response": "accepted"}))
    assert answered.status_code == 200 and "you have accepted" in answered.text
    with app.app_context():
        assert db.session.get(Invitation, police_id).response is Response.accepted
        assert db.session.get(Invitation, panel_id).response is Response.pending
        db.session.get(Invitation, police_id).token_expires_at = \
            datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=1)
        db.session.commit()
    assert client.get(f"/meeting-answer/{police_id}/{police_token}").status_code == 404

    auth.login(MANAGER)
    page = client.get(f"/admin/meetings/{meeting}/")
    since = last_outbox_id(app)
    assert client.post(f"/admin/meetings/{meeting}/cancel",
                       data=form_data(page.text, form_id=None)).status_code == 302
    cancellations = outbox(app, since)
    assert len(cancellations) == 2
    calendar, cancelled = mailed_calendar(app, cancellations[0].id)
    assert str(calendar["method"]) == "CANCEL" and str(cancelled["uid"]) == uid
    assert cancelled["sequence"] > moved["sequence"]
    with app.app_context():
        assert db.session.get(Meeting, meeting).is_cancelled
