"""Workbooks of the returns and the board's figures: openpyxl write_only (constant memory),
every text cell forced to a string so that nothing typed into a field becomes a formula, dates
as real dates shown "1 Dec 2026"."""
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "d mmm yyyy"


def cell(sheet, value, bold=False):
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    out = WriteOnlyCell(sheet, value=value)
    if isinstance(value, (date, datetime)):
        out.number_format = DATE_FORMAT
    elif value is not None and not isinstance(value, (int, float)):
        out.value = str(value)
        out.data_type = "s"  # a string whatever it begins with ("=", "+", "@")
    if bold:
        out.font = Font(bold=True)
    return out


def write(out, sheets, progress=None):
    """``sheets``: [(name, headings, rows, lines above the headings)] -> the workbook in
    ``out``. ``progress(done)`` is called every 500 rows."""
    workbook = Workbook(write_only=True)
    done = 0
    for name, headings, rows, above in sheets:
        sheet = workbook.create_sheet(name[:31])
        for line in above:
            sheet.append([cell(sheet, line, bold=True)])
        sheet.append([cell(sheet, heading, bold=True) for heading in headings])
        for row in rows:
            sheet.append([cell(sheet, value) for value in row])
            done += 1
            if progress and done % 500 == 0:
                progress(done)
    workbook.save(out)
