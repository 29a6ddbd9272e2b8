"""A spreadsheet's rows, or a clear refusal before anything is parsed: empty files, files
over the size limit, renamed binaries, workbooks that unpack to far more than their size
(declared and actual sizes checked), XML with a DOCTYPE or entities, too many rows."""
import codecs
import csv
import io
import re
import zipfile

from python_calamine import CalamineWorkbook

ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 64 * 1024
DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
KINDS_IN_WORDS = "Excel (.xlsx or .xls), OpenDocument (.ods) or CSV"


class FileRefused(ValueError):
    """Why the file cannot be read, in words for the person who sent it."""


class Limits:
    def __init__(self, max_bytes, max_unpacked, max_ratio, max_rows):
        self.max_bytes, self.max_unpacked = max_bytes, max_unpacked
        self.max_ratio, self.max_rows = max_ratio, max_rows

    @classmethod
    def from_config(cls, config):
        return cls(config["CHRONOLOGY_MAX_BYTES"], config["CHRONOLOGY_MAX_UNPACKED_BYTES"],
                   config["CHRONOLOGY_MAX_RATIO"], config["CHRONOLOGY_MAX_ROWS"])


def read_rows(data, limits):
    """Every row of the first sheet (lists of cells, row 1 first, blank rows kept so that
    indexes are the agency's row numbers minus one)."""
    if not data:
        raise FileRefused("The file is empty.")
    if len(data) > limits.max_bytes:
        raise FileRefused(f"The file is larger than {_mb(limits.max_bytes)}.")
    if data.startswith(ZIP):
        check_zip(data, limits)
        return _workbook_rows(data, limits)
    if data.startswith(OLE):
        return _workbook_rows(data, limits)
    return csv_rows(decode_text(data), limits)


def _mb(size):
    return f"{size / (1024 * 1024):g} MB"


def check_zip(data, limits):
    """A workbook is a zip: refuse one whose members claim or prove to unpack past the
    limits, or whose XML declares a DOCTYPE or entities, before any parser sees it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise FileRefused("The file is damaged: it looks like a spreadsheet but cannot be "
                          "opened.") from None
    allowed = min(limits.max_unpacked, max(len(data), 1) * limits.max_ratio)
    declared = sum(member.file_size for member in members)
    if declared > allowed:
        raise FileRefused(_bomb(allowed))
    total = 0
    for member in members:
        total = _unpack_member(archive, member, total, allowed)


def _bomb(allowed):
    return (f"The file unpacks to more than {_mb(allowed)}, far more than a chronology "
            "needs; it was not read.")


def _unpack_member(archive, member, total, allowed):
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > allowed:
                    raise FileRefused(_bomb(allowed))
                if member.filename.endswith((".xml", ".rels")) and DTD.search(tail + chunk):
                    raise FileRefused("The file contains XML declarations (a DOCTYPE or "
                                      "entities) that spreadsheets do not need; it was not "
                                      "read.")
                tail = chunk[-16:]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError):
        raise FileRefused("The file is damaged: part of it cannot be unpacked.") from None
    return total


def _workbook_rows(data, limits):
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        if (sheet.total_height or 0) > limits.max_rows + 50:
            raise FileRefused(_too_many(limits))
        rows = sheet.to_python(skip_empty_area=False)
    except FileRefused:
        raise
    except Exception:  # calamine's errors are many and untyped: all mean "not readable"
        raise FileRefused(f"The file cannot be read as a spreadsheet. Send it as "
                          f"{KINDS_IN_WORDS}.") from None
    return rows


def _too_many(limits):
    return f"The file has more than {limits.max_rows:,} rows, the most one upload may hold."


def decode_text(data):
    """UTF-8 (with or without a byte order mark) or Windows-1252, told apart by the bytes;
    anything else (a renamed binary) refused."""
    if data.startswith(codecs.BOM_UTF8):
        return _decoded(data[len(codecs.BOM_UTF8):], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decoded(data[2:], "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE)
                        else "utf-16-be")
    head = data[:8192]
    if b"\x00" in head or _control_share(head) > 0.05:
        raise _not_a_spreadsheet()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decoded(data, "cp1252")


def _decoded(data, encoding):
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise _not_a_spreadsheet() from None
    if "\x00" in text[:8192]:
        raise _not_a_spreadsheet()
    return text


def _control_share(head):
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return controls / max(len(head), 1)


def _not_a_spreadsheet():
    return FileRefused(f"The file is not a spreadsheet we can read. Send it as "
                       f"{KINDS_IN_WORDS}.")


def csv_rows(text, limits):
    if not text.strip():
        raise FileRefused("The file is empty.")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append(row)
            if len(rows) > limits.max_rows + 50:
                raise FileRefused(_too_many(limits))
    except csv.Error:
        raise _not_a_spreadsheet() from None
    return rows
