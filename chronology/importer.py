"""From a spreadsheet's rows to what the preview shows: entries recognised, rows rejected
(the agency's row number, the column, the reason) and rows flagged (outside the scoping
period, importable). Pure: no database, no app; the caller stores the result."""
import re
from dataclasses import dataclass, field as dc_field
from datetime import date, datetime

from chronology import matching
from chronology.dates import DAY, DateProblem, parse_date, parse_time, period_end, shown
from chronology.reading import FileRefused, Limits, read_rows  # noqa: F401  (the API)

TEXT_LIMITS = {"agency": 160, "source": 255, "people": 500, "event": 20000,
               "outcome": 20000, "practitioner": 255, "comment": 20000}
# Risk markers: (name, pattern, words), the pattern tried only on a text that contains one of
# its words (casefolded): the patterns alone took three quarters of the time of reading 100,000
# rows, nearly all of it on rows without any marker.
RISKS = (
    ("DASH", r"\bDASH\b|\bRIC\b|risk assessment", ("dash", "ric", "risk assessment")),
    ("MARAC", r"\bMARAC\b", ("marac",)),
    ("Police call-out",
     r"call[\s-]?out|999|attended (?:the )?(?:address|home)|domestic (?:incident|call)",
     ("call", "999", "attended", "domestic")),
    ("Missed appointment",
     r"missed (?:appointment|appt)|did not attend|\bDNA\b|no access visit|failed to attend",
     ("missed", "did not attend", "dna", "no access visit", "failed to attend")),
)
RISK_PATTERNS = tuple((name, re.compile(pattern, re.I), words) for name, pattern, words in RISKS)
# What casefold() leaves that re.I still takes for an ASCII letter: dotless i, and the dot of
# a capital dotted I (casefold gives "i" + U+0307).
TO_ASCII_LETTERS = str.maketrans({"\u0131": "i", "\u0307": ""})


class MappingNeeded(Exception):
    """A required column was not recognised: the headers, for the mapping screen."""

    def __init__(self, headers, missing, header_row):
        super().__init__(", ".join(missing))
        self.headers, self.missing, self.header_row = headers, missing, header_row


@dataclass
class Parsed:
    entries: list = dc_field(default_factory=list)
    rejected: list = dc_field(default_factory=list)
    flagged: list = dc_field(default_factory=list)
    header_row: int = 0
    columns: dict = dc_field(default_factory=dict)

    def summary(self):
        """What `flask chronology import` prints."""
        return {"accepted": len(self.entries), "rejected": self.rejected,
                "flagged": self.flagged}

    def as_json(self, first):
        """The preview as the upload row keeps it: the ``first`` entries only (all of them
        are staged as rows), every rejected and flagged row."""
        return {"first": self.entries[:first], "rejected": self.rejected,
                "flagged": self.flagged, "header_row": self.header_row,
                "columns": {str(k): v for k, v in self.columns.items()}}


def parse(rows, today=None, period=(None, None), remembered=None, max_rows=None,
          mapping=None):
    """``rows``: read_rows' output. ``mapping``: column index -> field chosen on the mapping
    screen; otherwise headers are matched (``remembered``: this agency's earlier choices)."""
    today = today or date.today()
    index, columns = matching.find_header(rows, remembered)
    if mapping is not None:
        columns = {int(k): v for k, v in mapping.items() if v in matching.FIELDS}
    missing = matching.missing_required(columns)
    if missing:
        raise MappingNeeded(_headers(rows, index), missing, index)
    parsed = Parsed(header_row=(index or 0) + 1, columns=columns)
    layout = Layout.of(columns)
    for number, row in enumerate(rows[(index or 0) + 1:], start=(index or 0) + 2):
        _one_row(parsed, number, row, layout, today, period)
        if max_rows and len(parsed.entries) + len(parsed.rejected) > max_rows:
            raise FileRefused(f"The file has more than {max_rows:,} rows, the most one "
                              "upload may hold.")
    if not parsed.entries and not parsed.rejected:
        raise FileRefused("The file has a header row but no chronology rows under it.")
    return parsed


def _headers(rows, index):
    """The row the mapping screen offers: the best guess, or the first non-blank row."""
    if index is None:
        index = next((i for i, row in enumerate(rows[:40]) if _filled(row) >= 2), 0)
    return [str(cell or "").strip() for cell in (rows[index] if rows else [])]


def _filled(row):
    return sum(1 for cell in row if cell not in (None, "") and str(cell).strip())


@dataclass(frozen=True)
class Layout:
    """Where the fields are: the date's and time's column indexes (None: no such column) and
    (field, column index or None, length limit) for each text field."""
    date: int | None
    time: int | None
    texts: tuple

    @classmethod
    def of(cls, columns):
        """``columns``: column index -> field."""
        where = {field: column for column, field in columns.items()}
        return cls(where.get("date"), where.get("time"),
                   tuple((name, where.get(name), limit) for name, limit in TEXT_LIMITS.items()))


def _cell(row, index):
    return row[index] if index is not None and index < len(row) else None


def _text(value, limit):
    if type(value) is str:  # most cells: the fast path
        return value.strip()[:limit]
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # calamine gives whole numbers as floats
    if isinstance(value, datetime):
        value = value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, date):
        value = value.strftime("%d/%m/%Y")
    return str(value).strip()[:limit]


def _one_row(parsed, number, row, layout, today, period):
    raw_date = _cell(row, layout.date)
    if type(raw_date) is str:
        raw_date = raw_date.strip()
    width = len(row)
    texts = {name: _text(row[index], limit) if index is not None and index < width else ""
             for name, index, limit in layout.texts}
    if raw_date in (None, "") and not texts["event"]:
        return  # a blank line, or a note row ("Continued overleaf", a sub-heading)
    heading = matching.HEADINGS
    try:
        when = parse_date(raw_date)
    except DateProblem as problem:
        if _filled(row) == 1:
            return  # a note on its own ("Note: end of records")
        return parsed.rejected.append(_reject(number, heading["date"], str(problem)))
    if when is None:
        return parsed.rejected.append(_reject(number, heading["date"], "the date is missing"))
    if when.day > today:
        return parsed.rejected.append(_reject(number, heading["date"],
                                              f"{shown(when.day, when.precision)} is in the "
                                              "future"))
    if not texts["event"]:
        return parsed.rejected.append(_reject(number, heading["event"],
                                              "the event is empty"))
    at = when.time
    try:
        at = parse_time(_cell(row, layout.time)) or at
    except DateProblem as problem:
        return parsed.rejected.append(_reject(number, heading["time"], str(problem)))
    flagged = _outside(when, period)
    if flagged:
        parsed.flagged.append({"row": number, "reason": flagged})
    parsed.entries.append({
        "row": number, "day": when.day.isoformat(), "precision": when.precision,
        "time": at.isoformat("minutes") if at else None, **texts,
        "outside_period": bool(flagged), "risks": risks_in(texts["event"], texts["outcome"])})


def _reject(number, column, reason):
    return {"row": number, "column": column, "reason": reason}


def _outside(when, period):
    start, end = period
    if start and period_end(when) < start:
        return f"before the review's scoping period (which starts {shown(start, DAY)})"
    if end and when.day > end:
        return f"after the review's scoping period (which ends {shown(end, DAY)})"
    return None


def risks_in(*texts):
    text = " ".join(t for t in texts if t)
    folded = text.casefold()
    if not folded.isascii():
        folded = folded.translate(TO_ASCII_LETTERS)
    found = []
    for name, pattern, words in RISK_PATTERNS:  # loops, not any(): this runs for every row
        for word in words:
            if word in folded:
                if pattern.search(text):
                    found.append(name)
                break
    return ", ".join(found)
