"""The tests' clock: every test process, and every Python process the tests start (the RQ
workers, gunicorn), reads the same travelled time (time-machine, ticking), never the real day.

It starts, before any test module is imported and before the demo world is built (the world
is dated relative to today), at ``TEST_TODAY`` (``2027-02-26`` or ``2027-03-28T00:30``, in
London), by default at the next 09:00 in London. It is never set behind the real clock by
default: Chromium drops a cookie whose expiry is past by the real clock. Child processes
follow through ``clock_site/sitecustomize.py`` on their PYTHONPATH, given the offset."""
import os
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

LONDON = ZoneInfo("Europe/London")
OFFSET = "TEST_CLOCK_OFFSET"  # seconds from the real clock to the tests'
DAY = "TEST_CLOCK_DAY"  # the day the tests run on, as this machine's date.today() gives it
SITE = Path(__file__).parent / "clock_site"
_traveller = None


def destination(today=None, now=None):
    """When the tests run: ``today`` (an ISO date or date and time in London), or else the
    next 09:00 in London after ``now``."""
    now = now or datetime.now(LONDON)
    if today:
        moment = datetime.fromisoformat(today)
        if len(today) == 10:
            moment = moment.replace(hour=9)
        return moment.replace(tzinfo=LONDON)
    nine = now.replace(hour=9, minute=0, second=0, microsecond=0)
    return nine if nine >= now else nine + timedelta(days=1)


def start():
    """Travel (this process and the processes it starts), unless a parent already did."""
    global _traveller
    if os.environ.get(OFFSET):
        return  # a pytest-xdist worker: sitecustomize already follows its controller
    to = destination(os.environ.get("TEST_TODAY")).astimezone(timezone.utc)
    os.environ[OFFSET] = repr(to.timestamp() - time.time())
    os.environ[DAY] = datetime.fromtimestamp(to.timestamp()).date().isoformat()
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(SITE), os.environ.get("PYTHONPATH")]))
    _traveller = time_machine.travel(to, tick=True)
    _traveller.start()


def today():
    """The tests' day, fixed for the whole run (workers inherit it): what a test module may
    keep as its ``TODAY`` at import without reading the clock."""
    return date.fromisoformat(os.environ[DAY])


def stop():
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


def other_days(today=None):
    """The days CI also runs the ``dates`` tests at: six months ahead, the next 26 February
    (across a month's end) and the night of the next March clock change, in London."""
    today = today or datetime.now(LONDON).date()
    feb = date(today.year + (today >= date(today.year, 2, 26)), 2, 26)
    march = date(today.year, 3, 31)
    march -= timedelta(days=(march.weekday() + 1) % 7)  # the last Sunday
    if march <= today:
        march = date(today.year + 1, 3, 31)
        march -= timedelta(days=(march.weekday() + 1) % 7)
    return [(today + timedelta(days=182)).isoformat(), feb.isoformat(), f"{march}T00:30"]


if __name__ == "__main__":  # `python tests/clock.py`: those days, for the Makefile
    print(" ".join(other_days()))
