"""Cells of the workbooks we export (openpyxl write_only): text always a string cell, whatever
it begins with (a typed "=", "+", "-" or "@" never becomes a formula), dates real dates shown
"1 Dec 2026"."""
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "d mmm yyyy"


def text(sheet, value, bold=False):
    cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def day(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if value is not None:
        cell.number_format = DATE_FORMAT
    return cell
