"""The calendar invitation and the answer tokens, without the app: times across both clock
changes, organiser and attendees, one event (UID) updated by SEQUENCE, a cancellation, and
tokens that open their own invitation only, until they expire."""
from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace

from icalendar import Calendar

from dates import utc_naive
from meetings import ics, tokens

ORGANISER = "dhr-case-review@example.org"
ATTENDEES = [("chair.a@example.org", "accepted"), ("police@example.org", "pending")]
UTC = timezone.utc


def event_of(data):
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def invitation_bytes(on, start, end, sequence=0, method=ics.REQUEST):
    return ics.calendar("abc-123@dhr-case-review", sequence, "DHR-2026-001: Panel meeting",
                        utc_naive(on, start), utc_naive(on, end), ORGANISER, ATTENDEES,
                        location="Civic Centre", method=method)


def test_times_are_right_across_both_clock_changes():
    # Last Sunday of March 2027: clocks went forward at 01:00 UTC, so 10:00 London is 09:00 UTC.
    _, march = event_of(invitation_bytes(date(2027, 3, 28), time(10), time(12)))
    assert march.decoded("dtstart") == datetime(2027, 3, 28, 9, 0, tzinfo=UTC)
    assert march.decoded("dtend") == datetime(2027, 3, 28, 11, 0, tzinfo=UTC)
    # Last Sunday of October 2026: clocks went back at 01:00 UTC, so 10:00 London is 10:00 UTC.
    _, october = event_of(invitation_bytes(date(2026, 10, 25), time(10), time(12)))
    assert october.decoded("dtstart") == datetime(2026, 10, 25, 10, 0, tzinfo=UTC)
    # The Saturday before, still in summer time: an hour earlier in UTC.
    _, saturday = event_of(invitation_bytes(date(2026, 10, 24), time(10), time(12)))
    assert saturday.decoded("dtstart") == datetime(2026, 10, 24, 9, 0, tzinfo=UTC)


def test_organiser_attendees_and_nothing_identifying():
    data = invitation_bytes(date(2026, 10, 25), time(10), time(12))
    calendar, event = event_of(data)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["organizer"]) == f"mailto:{ORGANISER}"
    attendees = {str(a): a.params["PARTSTAT"] for a in event["attendee"]}
    assert attendees == {"mailto:chair.a@example.org": "ACCEPTED",
                         "mailto:police@example.org": "NEEDS-ACTION"}
    assert str(event["summary"]) == "DHR-2026-001: Panel meeting"
    assert "DESCRIPTION" not in event  # no agenda, no names


def test_a_change_keeps_the_uid_with_a_higher_sequence_and_a_cancellation_cancels():
    _, first = event_of(invitation_bytes(date(2026, 10, 25), time(10), time(12)))
    _, moved = event_of(invitation_bytes(date(2027, 3, 28), time(14), time(16), sequence=1))
    calendar, cancelled = event_of(invitation_bytes(date(2027, 3, 28), time(14), time(16),
                                                    sequence=2, method=ics.CANCEL))
    assert str(first["uid"]) == str(moved["uid"]) == str(cancelled["uid"])
    assert first["sequence"] < moved["sequence"] < cancelled["sequence"]
    assert moved.decoded("dtstart") == datetime(2027, 3, 28, 13, 0, tzinfo=UTC)
    assert str(calendar["method"]) == "CANCEL" and str(cancelled["status"]) == "CANCELLED"


def test_a_token_opens_its_own_invitation_only_until_it_expires():
    now = datetime(2026, 12, 1, 12, 0)
    mine, theirs = SimpleNamespace(), SimpleNamespace()
    my_token = tokens.issue(mine, now + timedelta(days=1))
    their_token = tokens.issue(theirs, now + timedelta(days=1))
    assert tokens.matches(mine, my_token, now)
    assert not tokens.matches(theirs, my_token, now)  # my link, their invitation
    assert not tokens.matches(mine, their_token, now)
    assert my_token not in mine.token_hash  # only its hash is kept
    assert not tokens.matches(mine, my_token, now + timedelta(days=1))  # expired
    tokens.issue(mine, now + timedelta(days=1))
    assert not tokens.matches(mine, my_token, now)  # a new e-mail's link replaces the old one
