"""Dates as agencies type them: date cells, Excel serial numbers, UK dd/mm/yyyy, ISO,
"3 March 2021", and partial dates ("March 2021", "2021") kept with their precision; a time
inside the date or in its own column."""
import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

DAY, MONTH, YEAR = "day", "month", "year"
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1 Jan 1900 (Lotus's leap-year bug included)
LAST_SERIAL = 2958465  # 31 Dec 9999

MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
MONTH_WORD = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

TIME_PART = r"(?:\s*(?:at|,|t)?\s*(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm)?|" \
            r"\d{1,2}\s*(?:am|pm)))?"
NUMERIC = re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{2}|\d{4})" + TIME_PART
                     + r"\s*$", re.I)
ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + TIME_PART + r"\s*$", re.I)
WORDS = re.compile(r"^(?:[a-z]+,?\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                   + MONTH_WORD + r",?\s+(?P<y>\d{4})" + TIME_PART + r"\s*$", re.I)
MONTH_YEAR = re.compile(r"^" + MONTH_WORD + r",?\s+(?P<y>\d{4})\s*$", re.I)
NUMERIC_MONTH_YEAR = re.compile(r"^(?P<m>\d{1,2})[/.\-](?P<y>\d{4})\s*$")
YEAR_ONLY = re.compile(r"^(?P<y>\d{4})$")
TIME_ONLY = re.compile(r"^\s*(?P<h>\d{1,2})(?:[:.]?(?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*"
                       r"(?P<ampm>am|pm)?\s*(?:hrs|hours|h)?\s*$", re.I)


class DateProblem(ValueError):
    """Why a cell is not a date, in the words the preview shows."""


class When:
    """A parsed date: the first day of its period, its precision, and a time if given."""
    __slots__ = ("day", "precision", "time")

    def __init__(self, day, precision=DAY, at=None):
        self.day, self.precision, self.time = day, precision, at

    def __repr__(self):
        return f"When({self.day}, {self.precision}, {self.time})"

    def __eq__(self, other):
        return isinstance(other, When) and (self.day, self.precision, self.time) == (
            other.day, other.precision, other.time)


def parse_date(value):
    """A When, or None for an empty cell; raises DateProblem."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        at = value.time() if value.time() != time(0) else None
        return When(value.date(), DAY, at.replace(microsecond=0) if at else None)
    if isinstance(value, date):
        return When(value)
    if isinstance(value, bool):
        raise DateProblem("not a date")
    if isinstance(value, (int, float)):
        return _serial(value)
    return _text(str(value).strip())


def _serial(number):
    if not 1 <= number <= LAST_SERIAL:
        raise DateProblem(f"{number:g} is not a date")
    whole = int(number)
    moment = datetime.combine(EXCEL_EPOCH, time()) + timedelta(days=number)
    at = moment.time().replace(microsecond=0) if number != whole else None
    if whole < 1000:  # a bare small number is a count, not a date in 1900-1902
        raise DateProblem(f"{number:g} is not a date")
    return When(EXCEL_EPOCH + timedelta(days=whole), DAY, at or None)


@lru_cache(maxsize=65536)  # a chronology repeats its dates and times: read each once
def _text(text):
    text = re.sub(r"\s+", " ", text)
    if re.fullmatch(r"\d+(\.\d+)?", text) and not YEAR_ONLY.match(text):
        return _serial(float(text))
    for pattern in (NUMERIC, ISO, WORDS):
        found = pattern.match(text)
        if found:
            return When(_day(found), DAY, parse_time(found.group("time")))
    for pattern, precision in ((MONTH_YEAR, MONTH), (NUMERIC_MONTH_YEAR, MONTH),
                               (YEAR_ONLY, YEAR)):
        found = pattern.match(text)
        if found:
            return _partial(found, precision)
    raise DateProblem(f"\u201c{text[:40]}\u201d is not a date we can read (use dd/mm/yyyy)")


def _month(found):
    value = found.groupdict().get("m")
    if value is None:
        value = next(g for g in found.groups() if g and g.lower().rstrip(".") in MONTHS)
    return int(value) if value.isdigit() else MONTHS[value.lower().rstrip(".")]


def _year(found):
    year = int(found.group("y"))
    return year + (2000 if year < 50 else 1900) if year < 100 else year


def _day(found):
    try:
        return date(_year(found), _month(found), int(found.group("d")))
    except ValueError:
        raise DateProblem(f"{found.group(0).strip()} is an impossible date") from None


def _partial(found, precision):
    month = _month(found) if precision is MONTH else 1
    if not 1 <= month <= 12 or _year(found) < 1900:
        raise DateProblem(f"{found.group(0)} is an impossible date")
    return When(date(_year(found), month, 1), precision)


def parse_time(value):
    """A time from a cell or text: 14:30, 1430, 2.30pm, 9am, a time cell, a fraction of a
    day; None when empty; raises DateProblem."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if isinstance(value, timedelta):
        return (datetime.min + value).time()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 0 <= value < 1:
            return (datetime.min + timedelta(days=value)).time().replace(microsecond=0)
        value = f"{int(value):04d}" if value == int(value) else str(value)
    return _time_text(str(value).strip())


@lru_cache(maxsize=4096)
def _time_text(text):
    found = TIME_ONLY.match(text)
    if not found:
        raise DateProblem(f"\u201c{text[:20]}\u201d is not a time")
    hour, minute = int(found.group("h")), int(found.group("m") or 0)
    if found.group("m") is None and len(found.group("h")) > 2:
        raise DateProblem(f"\u201c{text}\u201d is not a time")
    if len(text) == 4 and text.isdigit():
        hour, minute = int(text[:2]), int(text[2:])
    ampm = (found.group("ampm") or "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    try:
        return time(hour, minute, int(found.group("s") or 0))
    except ValueError:
        raise DateProblem(f"\u201c{text}\u201d is an impossible time") from None


def period_end(when):
    """The last day of a partial date's period (for the scoping check)."""
    if when.precision is YEAR:
        return date(when.day.year, 12, 31)
    if when.precision is MONTH:
        following = date(when.day.year + when.day.month // 12, when.day.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return when.day


def shown(day, precision):
    """How a date is shown: "3 Mar 2021", "Mar 2021 (month only)", "2021 (year only)"."""
    if precision == YEAR:
        return f"{day.year} (year only)"
    if precision == MONTH:
        return f"{day:%b %Y} (month only)"
    return f"{day.day} {day:%b %Y}"
