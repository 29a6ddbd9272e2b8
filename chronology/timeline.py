"""The consolidated chronology: one timeline of every agency's entries, ordered by date (a
partial date at the start of its period), filtered, paged by keyset (never OFFSET, so a page
deep in a long timeline costs what the first does), with people shown by pseudonym unless
names are asked for and allowed. The source text is never changed: substitution happens here,
on display and export."""
import re
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from sqlalchemy import or_, select, tuple_

from chronology.dates import shown
from models import ChronologyEntry, Person, db

PAGE_SIZE = 50
# Words that appear in placeholder names ("Victim of DHR-2026-001") but are not names.
NOT_NAMES = {"victim", "perpetrator", "child", "adult", "unknown", "the", "and", "mr", "mrs",
             "miss", "ms", "dr"}


@dataclass
class Filters:
    agency_id: int | None = None
    start: date | None = None
    end: date | None = None
    person_id: int | None = None
    words: str = ""

    @classmethod
    def from_args(cls, args):
        return cls(agency_id=_int(args.get("agency")), start=_day(args.get("from")),
                   end=_day(args.get("to")), person_id=_int(args.get("person")),
                   words=(args.get("words") or "").strip()[:200])

    def as_args(self):
        values = {"agency": self.agency_id, "from": self.start, "to": self.end,
                  "person": self.person_id, "words": self.words}
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()
                if v not in (None, "")}


def _int(value):
    return int(value) if value and str(value).isdigit() and len(str(value)) < 10 else None


def _day(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def narrowed(query, review_id, filters, people=()):
    query = query.where(ChronologyEntry.review_id == review_id,
                        ChronologyEntry.same_as_id.is_(None))
    if filters.agency_id:
        query = query.where(ChronologyEntry.agency_id == filters.agency_id)
    if filters.start:
        query = query.where(ChronologyEntry.day >= filters.start)
    if filters.end:
        query = query.where(ChronologyEntry.day <= filters.end)
    person = next((p for p in people if p.id == filters.person_id), None)
    if person is not None:
        names = [n.lower() for n in (person.real_name, person.pseudonym) if n]
        query = query.where(or_(*(ChronologyEntry.search_text.contains(n, autoescape=True)
                                  for n in names)))
    for word in filters.words.lower().split()[:8]:
        query = query.where(ChronologyEntry.search_text.contains(word, autoescape=True))
    return query


def cursor_of(entry):
    return f"{entry.day.isoformat()}_{entry.at.strftime('%H%M%S')}_{entry.id}"


def parse_cursor(value):
    try:
        day, at, entry_id = (value or "").split("_")
        return date.fromisoformat(day), time(int(at[:2]), int(at[2:4]), int(at[4:6])), \
            int(entry_id)
    except (ValueError, IndexError):
        return None


def page(query, after=None, size=PAGE_SIZE):
    """One page of a narrowed query after ``after`` (a cursor); returns (entries, next)."""
    order = (ChronologyEntry.day, ChronologyEntry.at, ChronologyEntry.id)
    key = parse_cursor(after)
    if key is not None:
        query = query.where(tuple_(*order) > tuple_(*key))
    rows = db.session.scalars(query.order_by(*order).limit(size + 1)).all()
    more = len(rows) > size
    rows = rows[:size]
    return rows, (cursor_of(rows[-1]) if more and rows else None)


EXPORT_COLUMNS = ("id", "agency_id", "day", "precision", "at", "has_time", "source_record",
                  "people", "event", "outcome", "practitioner_role", "comment", "risks",
                  "outside_period")


def in_order_for_export(query):
    """All entries of a narrowed query as plain rows (no ORM objects: an export of 100,000
    entries would spend more time building them than writing the file)."""
    columns = [getattr(ChronologyEntry, name) for name in EXPORT_COLUMNS]
    return db.session.execute(query.with_only_columns(*columns).order_by(
        ChronologyEntry.day, ChronologyEntry.at, ChronologyEntry.id)).all()


def also_reported(entries):
    """Entries linked to those on the page as the same event: id -> [entry]."""
    ids = [e.id for e in entries]
    if not ids:
        return {}
    found = {}
    for other in db.session.scalars(select(ChronologyEntry).where(
            ChronologyEntry.same_as_id.in_(ids)).order_by(ChronologyEntry.id)):
        found.setdefault(other.same_as_id, []).append(other)
    return found


def people_of(review_id):
    return db.session.scalars(select(Person).where(Person.review_id == review_id)
                              .order_by(Person.id)).all()


class Namer:
    """Real names in text replaced by pseudonyms (or left, when names are shown)."""

    def __init__(self, people, names=False):
        self.names = names
        table = {}
        for person in people:
            alias = str(person)
            for name in _name_forms(person.real_name):
                table.setdefault(name.lower(), alias)
        self.table = table
        words = sorted(table, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.I) \
            if words else None

    def __call__(self, text):
        if not text or self.names or self.pattern is None:
            return text or ""
        return self.pattern.sub(lambda m: self.table[m.group(0).lower()], text)


def _name_forms(real_name):
    """The full name first, then each part long enough to be a name on its own."""
    parts = [p for p in re.split(r"\s+", real_name or "")
             if len(p) >= 3 and p[0].isupper() and p.lower() not in NOT_NAMES]
    return [real_name.strip(), *parts] if real_name and real_name.strip() else []


def date_shown(entry):
    text = _shown(entry.day, entry.precision.name)
    return f"{text} {entry.at:%H:%M}" if entry.has_time else text


_shown = lru_cache(maxsize=65536)(shown)  # an export repeats its days: format each once


def lanes_svg(entries, agencies, width=900, lane=44):
    """Who knew what, when: one lane per agency, a mark per entry, risks drawn larger and
    red. Pure SVG text (escaped), drawn on the server; the page gives the same data as a
    table."""
    from markupsafe import escape
    if not entries:
        return ""
    first, last = min(e.day for e in entries), max(e.day for e in entries)
    span = max((last - first).days, 1)
    left, height = 170, lane * len(agencies) + 40
    order = {agency.id: i for i, agency in enumerate(agencies)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chronology-lanes" '
             f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="lanes-title">',
             '<title id="lanes-title">Entries by agency over time; the table below gives '
             'the same data</title>']
    for agency in agencies:
        y = 20 + order[agency.id] * lane
        parts.append(f'<text x="4" y="{y + lane // 2 + 4}" class="lane-label">'
                     f'{escape(agency.name[:24])}</text>'
                     f'<line x1="{left}" y1="{y + lane // 2}" x2="{width - 10}" '
                     f'y2="{y + lane // 2}" class="lane-line" stroke="#b1b4b6"/>')
    for entry in entries:
        x = left + (width - left - 20) * (entry.day - first).days / span
        y = 20 + order.get(entry.agency_id, 0) * lane + lane // 2
        risky = bool(entry.risks)
        parts.append(f'<circle cx="{x:.1f}" cy="{y}" r="{7 if risky else 4}" '
                     f'fill="{"#d4351c" if risky else "#1d70b8"}">'
                     f'<title>{escape(date_shown(entry))}: {escape(entry.risks or "entry")}'
                     f'</title></circle>')
    parts.append(f'<text x="{left}" y="{height - 4}" class="lane-axis">{first:%b %Y}</text>'
                 f'<text x="{width - 80}" y="{height - 4}" class="lane-axis">{last:%b %Y}'
                 '</text></svg>')
    return "".join(parts)
