"""The consolidated chronology as xlsx (openpyxl write_only, every text cell a string so that
"=cmd" is never a formula) and docx (docxtpl, user text escaped), pseudonymised unless names
were asked for and allowed."""
import io
from pathlib import Path

from docxtpl import DocxTemplate
from openpyxl import Workbook

import sheets
from chronology.timeline import date_shown

HEADINGS = ("Date", "Agency", "Source record", "People involved", "Event",
            "Action / outcome", "Practitioner role", "Comment", "Risk markers",
            "Outside scoping period", "Also reported by")
DOCX_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "exports" / \
    "chronology.docx"


def row_values(entry, agency_name, namer, also=()):
    """One entry's cells, every one a string."""
    return (date_shown(entry), agency_name or "", entry.source_record or "",
            namer(entry.people), namer(entry.event), namer(entry.outcome),
            entry.practitioner_role or "", namer(entry.comment), entry.risks or "",
            "Yes" if entry.outside_period else "", "; ".join(also))


# Text beginning with one of these would be read as a formula: such cells are forced to text.
FORMULA_START = ("=", "+", "-", "@")


def xlsx(rows, title, progress=None):
    """``rows``: iterable of row_values tuples. Returns the workbook's bytes."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Chronology")
    sheet.append([sheets.text(sheet, title, bold=True)])
    sheet.append([sheets.text(sheet, heading, bold=True) for heading in HEADINGS])
    for done, row in enumerate(rows, start=1):
        # Inline, not a function per cell: 100,000 rows are more than a million cells. An
        # empty value is no cell at all (not an empty text cell): about half of them.
        sheet.append([(sheets.text(sheet, value) if value.startswith(FORMULA_START) else value)
                      if value else None for value in row])
        if progress and done % 1000 == 0:
            progress(done)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx(rows, title):
    template = DocxTemplate(DOCX_TEMPLATE)
    entries = [dict(zip(("date", "agency", "source", "people", "event", "outcome", "role",
                         "comment", "risks", "outside", "also"), row)) for row in rows]
    template.render({"title": title, "entries": entries}, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
