"""Calendar invitations (RFC 5545, made with icalendar) that Outlook, Google Calendar and
Thunderbird apply to one event: the meeting's UID for its whole life, a higher SEQUENCE on
every change, METHOD:CANCEL (STATUS:CANCELLED) when it is cancelled.

Nothing identifying about the case goes in: the summary is the review's reference and the
meeting's kind; no agenda, no names, no description beyond that. Times are written in UTC
(stored naive UTC), so no time-zone table is needed and clock changes cannot shift them."""
from datetime import datetime, timezone

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//DHR Case Review//Meetings//EN"
REQUEST, CANCEL = "REQUEST", "CANCEL"
PARTSTAT = {"pending": "NEEDS-ACTION", "accepted": "ACCEPTED", "declined": "DECLINED"}


def _utc(moment):
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None \
        else moment.astimezone(timezone.utc)


def summary(reference, kind_label):
    return f"{reference}: {kind_label}"


def calendar(uid, sequence, title, starts_at, ends_at, organiser, attendees, location=None,
             link=None, method=REQUEST, stamp=None):
    """The .ics bytes. ``attendees``: (e-mail, answer name) pairs; ``organiser``: an e-mail.
    ``starts_at``/``ends_at``: naive UTC (or aware) date-times."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", _utc(stamp or datetime.now(timezone.utc)))
    event.add("dtstart", _utc(starts_at))
    event.add("dtend", _utc(ends_at))
    event.add("summary", title)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    if location or link:
        event.add("location", location or link)
    if link:
        event.add("url", link)
    chair = vCalAddress(f"mailto:{organiser}")
    chair.params["cn"] = vText("DHR Case Review")
    event["organizer"] = chair
    for email, answer in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText(PARTSTAT.get(answer, "NEEDS-ACTION"))
        attendee.params["rsvp"] = vText("FALSE")  # answers come through the e-mail's link
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    return cal.to_ical()
