"""A corpus of messy and hostile chronology files, built by the tests themselves."""
import csv
import io
import zipfile
from datetime import date, datetime, time

from openpyxl import Workbook


def messy_xlsx():
    """Title and note rows above the header, headers in other words and order, dates of
    every form, a time column, blank and note rows between and below, one impossible date,
    one missing, one in the future."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Northshire Police: chronology of contact"
    sheet["A2"] = "Prepared for the review panel. Confidential."
    sheet.append([])
    sheet.append(["Source / Ref", "Date of contact", "Time", "Details", "Outcome",
                  "Officer"])  # row 4
    rows = [
        ("LOG 1", datetime(2021, 3, 3, 0, 0), time(14, 30), "999 call, DASH completed",
         "MARAC referral", "PC"),                       # 5: date cell + time column
        ("LOG 2", 44300, None, "Serial date", "", ""),  # 6: Excel serial
        ("LOG 3", "04/05/2021", None, "UK text date", "", ""),  # 7
        (None, None, None, None, None, None),           # 8: blank row
        ("LOG 4", "2021-06-07", "09:15", "ISO date", "", ""),    # 9
        ("LOG 5", "3 March 2021 at 2.30pm", None, "Words with a time", "", ""),  # 10
        ("LOG 6", "March 2021", None, "Month only", "", ""),     # 11
        ("LOG 7", "2020", None, "Year only", "", ""),           # 12
        ("LOG 8", "31/02/2021", None, "Impossible", "", ""),    # 13
        ("LOG 9", None, None, "No date at all", "", ""),       # 14
        ("LOG 10", "01/01/2099", None, "Future", "", ""),       # 15
        ("Continued on the next page", None, None, None, None, None),  # 16: note row
        ("LOG 11", "12/03/2021 08:05", None, "Time inside the date", "", ""),  # 17
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.append([])
    sheet.append(["End of records"])
    return _save(book)


def _save(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def simple_xlsx(rows, headers=("Date", "Event", "Outcome")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    return _save(book)


def csv_bytes(rows, encoding="utf-8", bom=False, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def zip_bomb(unpacked=50 * 1024 * 1024):
    """A valid-looking workbook whose one member unpacks to ``unpacked`` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(unpacked // len(block)):
                member.write(block)
    return out.getvalue()


def lying_zip(real=30 * 1024 * 1024):
    """A zip whose header declares a tiny size but whose member unpacks to ``real`` bytes."""
    data = bytearray(zip_bomb(real))
    # Rewrite the declared uncompressed size in the central directory (offset 24) to 10.
    start = data.rfind(b"PK\x01\x02", 0, len(data))
    while start != -1:
        if data[start + 24:start + 28] != b"\xff\xff\xff\xff":
            data[start + 24:start + 28] = (10).to_bytes(4, "little")
        start = data.rfind(b"PK\x01\x02", 0, start)
    return bytes(data)


def entity_xlsx():
    """An xlsx whose sheet declares an entity (billion laughs' first step)."""
    good = simple_xlsx([(date(2021, 1, 1), "x", "")])
    source = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                dtd = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
                head = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                data = data[:head] + dtd + data[head:]
            archive.writestr(item, data)
    return out.getvalue()


RENAMED_BINARY = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 64
