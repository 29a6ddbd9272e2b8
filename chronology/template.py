"""The chronology template agencies download: DESIGN section 5's columns, an example row,
date validation on the date column, and a guidance sheet."""
import io
from datetime import date, time

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from chronology.matching import FIELDS, HEADINGS

GUIDANCE = (
    "How to fill in this chronology",
    "",
    "One row for each contact, event or decision your agency knows of, in date order.",
    "Date: a date (dd/mm/yyyy). If you only know the month or year, type it as "
    "'March 2021' or '2021' and it will be kept as a month or year only.",
    "Time: optional, as 14:30. You may also put the time in the date cell.",
    "Agency: your agency or the team within it.",
    "Source record: where this comes from (system, record or log number).",
    "People involved: the people as named in your records; the review shows them by "
    "pseudonym.",
    "Event: what happened. Action / outcome: what was done as a result.",
    "Practitioner role: the role of the person involved (not their name).",
    "Comment: anything the panel should know about this entry.",
    "",
    "You may keep your own column headings and title rows: the system recognises common "
    "headings and asks you to match any it cannot. Delete the example row before sending.",
)
EXAMPLE = (date(2021, 3, 3), time(14, 30), "Police", "Log 0412 03/03/21", "Adult A, Adult B",
           "Officers attended the address after a 999 call. DASH risk assessment completed.",
           "Referred to MARAC as high risk.", "Response officer", "")
WIDTHS = (14, 8, 18, 20, 22, 50, 40, 20, 30)


def workbook_bytes():
    book = Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append([HEADINGS[f] for f in FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    sheet.append(list(EXAMPLE))
    sheet["A2"].number_format = "dd/mm/yyyy"
    sheet["B2"].number_format = "hh:mm"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(65 + index)].width = width
    for cell in sheet[2]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    _validate_dates(sheet)
    guidance = book.create_sheet("Guidance")
    for line in GUIDANCE:
        guidance.append([line])
    guidance["A1"].font = Font(bold=True, size=14)
    guidance.column_dimensions["A"].width = 110
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _validate_dates(sheet):
    rule = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                          formula2="TODAY()", allow_blank=True, showErrorMessage=False)
    rule.promptTitle, rule.prompt = "Date", "A date up to today, as dd/mm/yyyy"
    rule.showInputMessage = True
    rule.error = "Type a date up to today, or a month or year on its own."
    sheet.add_data_validation(rule)
    rule.add("A2:A5000")
