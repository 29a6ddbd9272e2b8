"""Files attached to a form. Kept under UPLOAD_FOLDER/forms/ by a random key, never by the
uploaded name; accepted only when their content (not their name) is an allowed type and they
fit the size limit; always served as downloads."""
import hashlib
import os
import re
import secrets
from pathlib import Path

import filetype
from flask import current_app, send_file

from models import FormAttachment, db

ALLOWED_TYPES = {
    "application/pdf", "image/png", "image/jpeg", "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
}
HEAD_BYTES = 8192
CHUNK = 64 * 1024
UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")


class UploadRefused(Exception):
    pass


def storage_path(key):
    return Path(current_app.config["UPLOAD_FOLDER"]) / "forms" / key[:2] / key


def detect(head):
    """The content type of a file from its first bytes, or None when it is not allowed."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    return "text/plain" if _is_text(head) else None


def _is_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3  # a character cut at the end of the sample
    return True


def display_name(filename):
    name = UNSAFE_NAME.sub("", os.path.basename((filename or "").replace("\\", "/"))).strip()
    return name[-200:] or "attachment"


def store(request, upload, user):
    """Save one uploaded file for ``request``; returns the FormAttachment row (committed)."""
    key = secrets.token_hex(16)
    path = storage_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    try:
        size, digest, head = _copy_limited(upload.stream, partial)
        content_type = detect(head) if size else None
        if content_type is None:
            raise UploadRefused("Only PDF, Word, Excel, OpenDocument text, PNG, JPEG or plain "
                                "text files can be attached." if size else "The file is empty.")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    attachment = FormAttachment(request=request, storage_key=key, size=size, sha256=digest,
                                original_name=display_name(upload.filename),
                                content_type=content_type, uploaded_by=user)
    db.session.add(attachment)
    db.session.commit()
    return attachment


def _copy_limited(stream, target):
    limit = current_app.config["FORM_ATTACHMENT_MAX_BYTES"]
    size, digest, head = 0, hashlib.sha256(), b""
    with open(target, "wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise UploadRefused(f"The file is larger than {limit // (1024 * 1024)} MB.")
            digest.update(chunk)
            if len(head) < HEAD_BYTES:
                head += chunk[:HEAD_BYTES - len(head)]
            out.write(chunk)
    return size, digest.hexdigest(), head


def was_submitted(attachment):
    """A file that went in with a submission belongs to that version: it stays, so that a
    returned form keeps what was submitted."""
    submitted_at = attachment.request.submitted_at
    return submitted_at is not None and attachment.created_at <= submitted_at


def remove(attachment):
    storage_path(attachment.storage_key).unlink(missing_ok=True)
    db.session.delete(attachment)
    db.session.commit()


def download(attachment):
    return send_file(storage_path(attachment.storage_key), mimetype=attachment.content_type,
                     as_attachment=True, download_name=attachment.original_name, max_age=0)
