"""The one file store: form attachments now, documents, chronology uploads and produced
exports next. Callers see keys, never paths.

- A file is kept under a random key (never its uploaded name) in an *area* ("forms", "jobs",
  "mail"), so that areas can get their own retention later.
- ``accept_upload`` checks what a person uploads: the name (no executable or script extension
  in any part of it, whatever the content; bidirectional and control characters removed), the
  type from the content (never from the name), the size limit; it keeps the SHA-256.
- ``put_produced`` keeps a file the system wrote itself (an export, an .ics invitation).
- ``download`` serves a stored file as an attachment under a name whose extension matches its
  detected type, with ``nosniff``.
- The backend (``LocalStore``: a folder, UPLOAD_FOLDER by default) offers put/open/delete/exists
  by key only, so an S3-compatible store can replace it through FILE_STORE without touching
  callers.
"""
import hashlib
import io
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import current_app, send_file

UPLOADABLE_TYPES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt", ".csv", ".md"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
}
# Types the system itself produces (exports, invitations) besides the uploadable ones.
PRODUCED_TYPES = {**UPLOADABLE_TYPES, "text/calendar": (".ics",), "text/csv": (".csv",),
                  "application/zip": (".zip",)}
UPLOAD_TYPES_IN_WORDS = ("PDF, Word, Excel, OpenDocument text, PNG, JPEG or plain text")

# Names that Windows, a browser or a mail client would run, open as a program or script.
# Refused in ANY part of a name ("minutes.pdf.bat", "setup.exe.pdf"), whatever the content.
EXECUTABLE_EXTENSIONS = frozenset("""
    exe bat cmd com hta js jse mjs vbs vbe wsf wsh ws ps1 ps1xml psm1 psd1 scr msi msp mst jar
    lnk sh bash zsh csh ksh py pyw pyc pl rb php cgi dll cpl sys drv ocx inf reg pif
    application gadget appref-ms msc msh scf url website docm dotm xlsm xltm xlam pptm potm
    ppam sldm iso vhd vhdx apk app deb rpm command chm hlp desktop
""".split())
BIDI_AND_INVISIBLE = re.compile(
    "[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
HEAD_BYTES = 8192
CHUNK = 64 * 1024


class Refused(Exception):
    """A file the store will not keep; the message is for the person who sent it."""


@dataclass(frozen=True)
class StoredFile:
    key: str
    name: str
    content_type: str
    size: int
    sha256: str


# -- backends ---------------------------------------------------------------------------------
class LocalStore:
    """Files in a folder: ``<root>/<area>/<key[:2]>/<key>``. Written to a ``.part`` file and
    renamed, so a reader never meets half a file."""

    def __init__(self, root):
        self.root = Path(root)

    def _path(self, area, key):
        if not re.fullmatch(r"[0-9a-f]{32}", key or "") or not re.fullmatch(r"[a-z]+", area):
            raise KeyError(key)  # keys are ours: anything else is a forged or broken reference
        return self.root / area / key[:2] / key

    def put(self, area, key, stream):
        """Copy ``stream`` to ``key``; returns (size, sha256, first bytes). ``stream.read`` may
        raise Refused (a size limit) half way: nothing is kept then."""
        path = self._path(area, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        size, digest, head = 0, hashlib.sha256(), b""
        try:
            with open(partial, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    digest.update(chunk)
                    if len(head) < HEAD_BYTES:
                        head += chunk[:HEAD_BYTES - len(head)]
                    out.write(chunk)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return size, digest.hexdigest(), head

    def open(self, area, key):
        return open(self._path(area, key), "rb")

    def delete(self, area, key):
        self._path(area, key).unlink(missing_ok=True)

    def exists(self, area, key):
        return self._path(area, key).is_file()


def backend(app=None):
    """The configured store (FILE_STORE: "local", the default). Built once per app."""
    app = app or current_app
    store = app.extensions.get("dhr_filestore")
    if store is None:
        kind = app.config.get("FILE_STORE", "local")
        if kind != "local":
            raise RuntimeError(f"FILE_STORE={kind!r} is not available (only 'local')")
        store = app.extensions["dhr_filestore"] = LocalStore(app.config["UPLOAD_FOLDER"])
    return store


def new_key():
    return secrets.token_hex(16)


# -- names ------------------------------------------------------------------------------------
def clean_name(filename):
    """The name as a person should see it: no folders, no control or bidirectional characters
    (``report\\u202efdp.exe`` shows as "reportexe.pdf" but is an .exe), no trailing dots or
    spaces (Windows drops them: "x.exe." runs as x.exe), at most 200 characters."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/")
    name = os.path.basename(name)
    name = CONTROL.sub("", BIDI_AND_INVISIBLE.sub("", name)).strip().rstrip(". ")
    return name[-200:]


def executable_part(name):
    """The first part of ``name`` that is an executable or script extension, or None."""
    parts = [part.strip().lower() for part in name.split(".")[1:]]
    return next((part for part in parts if part in EXECUTABLE_EXTENSIONS), None)


def check_name(filename):
    """The cleaned name, or Refused when any part of it is an executable extension."""
    name = clean_name(filename)
    blocked = executable_part(name)
    if blocked:
        raise Refused(f"Files ending in .{blocked} cannot be attached: programs and scripts "
                      "are refused whatever they contain.")
    return name or "file"


def name_for_type(name, content_type):
    """``name`` ending in an extension of ``content_type``: "notes" -> "notes.txt", a text file
    named "page.html" -> "page.html.txt", "scan.JPEG" stays."""
    extensions = PRODUCED_TYPES.get(content_type, ())
    name = clean_name(name) or "file"
    if not extensions or name.lower().endswith(extensions):
        return name
    return (name[:200 - len(extensions[0])] + extensions[0])


# -- content ----------------------------------------------------------------------------------
def detect(head):
    """The content type of a file from its first bytes, or None when it may not be uploaded."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in UPLOADABLE_TYPES else None
    return "text/plain" if _is_text(head) else None


def _is_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3  # a character cut at the end of the sample
    return True


class _Limited:
    """A stream that refuses to read past ``limit`` bytes."""

    def __init__(self, stream, limit):
        self.stream, self.limit, self.seen = stream, limit, 0

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise Refused(f"The file is larger than {self.limit // (1024 * 1024)} MB.")
        return chunk


def accept_upload(area, stream, filename, max_bytes):
    """Keep a file a person uploaded, or raise Refused (nothing kept). Returns a StoredFile
    whose name ends in the extension of the type found in its content."""
    name = check_name(filename)
    store, key = backend(), new_key()
    size, digest, head = store.put(area, key, _Limited(stream, max_bytes))
    content_type = detect(head) if size else None
    if content_type is None:
        store.delete(area, key)
        raise Refused(f"Only {UPLOAD_TYPES_IN_WORDS} files can be attached." if size
                      else "The file is empty.")
    return StoredFile(key, name_for_type(name, content_type), content_type, size, digest)


def put_produced(area, data, name, content_type):
    """Keep a file the system produced (bytes, or a binary stream): an export, an invitation.
    Its type is the one given (the system knows what it wrote), from PRODUCED_TYPES."""
    if content_type not in PRODUCED_TYPES:
        raise ValueError(f"not a type the system produces: {content_type}")
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    key = new_key()
    size, digest, _ = backend().put(area, key, stream)
    return StoredFile(key, name_for_type(check_name(name), content_type), content_type, size,
                      digest)


def read(area, key):
    with backend().open(area, key) as stored:
        return stored.read()


def delete(area, key):
    backend().delete(area, key)


def exists(area, key):
    return backend().exists(area, key)


def download(area, key, name, content_type):
    """The file as a download (never shown inline), under a safe name of its type, nosniff."""
    response = send_file(backend().open(area, key), mimetype=content_type, as_attachment=True,
                         download_name=name_for_type(name, content_type), max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
