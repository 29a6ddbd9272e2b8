"""Which spreadsheet column is which chronology field: headers matched generously (case,
spacing, punctuation, synonyms), a remembered mapping first, and the header row found below
any title or note rows."""
import re

# The chronology's columns (DESIGN section 5), in template order, with their headings.
FIELDS = ("date", "time", "agency", "source", "people", "event", "outcome", "practitioner",
          "comment")
HEADINGS = {"date": "Date", "time": "Time", "agency": "Agency", "source": "Source record",
            "people": "People involved", "event": "Event", "outcome": "Action / outcome",
            "practitioner": "Practitioner role", "comment": "Comment"}
REQUIRED = ("date", "event")

SYNONYMS = {
    "date": ("date", "date of contact", "contact date", "event date", "date of event",
             "date of incident", "incident date", "when", "date time", "date and time",
             "datetime", "date of entry", "entry date", "day"),
    "time": ("time", "time of contact", "time of event", "event time", "contact time", "hrs"),
    "agency": ("agency", "organisation", "organization", "service", "agency name",
               "reporting agency", "team"),
    "source": ("source record", "source", "source ref", "source reference", "reference",
               "ref", "record", "record ref", "record reference", "source of information",
               "document", "system", "crime ref", "log number", "record number"),
    "people": ("people involved", "people", "persons involved", "person", "persons",
               "subject", "subjects", "who", "individuals", "names", "client", "name"),
    "event": ("event", "details", "detail", "description", "event details",
              "details of contact", "contact details", "summary", "what happened",
              "narrative", "information", "entry", "event description", "note", "notes",
              "contact", "nature of contact", "incident", "details of event"),
    "outcome": ("action outcome", "outcome", "action", "action taken", "actions",
                "outcome action", "result", "response", "action and outcome",
                "actions taken"),
    "practitioner": ("practitioner role", "practitioner", "role", "staff role",
                     "job title", "professional", "worker", "officer", "by whom",
                     "practitioner job title", "staff member"),
    "comment": ("comment", "comments", "analysis", "agency comment", "remarks",
                "observations", "reviewer comment", "analysis comment"),
}


def normalise(header):
    """Lower case, punctuation as spaces, one space: "Source / Ref." -> "source ref"."""
    text = re.sub(r"[^0-9a-z]+", " ", str(header or "").lower().replace("&", " and "))
    return " ".join(text.split())


def _loose(key):
    """Without "the", "of", "by" and plural or possessive s: "practitioner's role" and
    "role of the practitioner" stay apart, "Details of contacts" meets "details of contact"."""
    return " ".join(w.rstrip("s") for w in key.split() if w not in ("the", "of", "by", "s"))


LOOKUP = {normalise(word): field for field, words in SYNONYMS.items() for word in words}
LOOSE = {}
for _word, _field in LOOKUP.items():
    LOOSE.setdefault(_loose(_word), _field)


def field_for(header):
    """The field a header names, or None: exact synonym, then loosely."""
    key = normalise(header)
    return LOOKUP.get(key) or LOOSE.get(_loose(key)) if key else None


def match_headers(headers, remembered=None):
    """Column index -> field for one header row; a remembered mapping (normalised header ->
    field, per agency) wins over the synonyms. Each field is taken once, leftmost first."""
    remembered = remembered or {}
    columns, taken = {}, set()
    for index, header in enumerate(headers):
        field = remembered.get(normalise(header)) or field_for(header)
        if field in FIELDS and field not in taken and normalise(header):
            columns[index] = field
            taken.add(field)
    return columns


def find_header(rows, remembered=None, look=40):
    """(row index, columns) of the header row among the first ``look`` rows: the row that
    names the most fields, dates and events first; (None, {}) when none names two."""
    best, best_score = (None, {}), 1
    for index, row in enumerate(rows[:look]):
        columns = match_headers(row, remembered)
        score = len(columns) + sum(2 for f in columns.values() if f in REQUIRED)
        if score > best_score and len(columns) >= 2:
            best, best_score = (index, columns), score
    return best


def missing_required(columns):
    return [field for field in REQUIRED if field not in columns.values()]
