"""Files attached to a form, kept in the file store's "forms" area (``filestore``: random key,
type from the content, size limit, SHA-256, no executable names) and served only through
scoped views as downloads."""
from flask import current_app

import filestore
from models import FormAttachment, db

AREA = "forms"
UploadRefused = filestore.Refused
display_name = filestore.clean_name  # a file's name as it may be shown back to its sender


def store(request, upload, user):
    """Save one uploaded file for ``request``; returns the FormAttachment row (committed), or
    raises UploadRefused with a message for the person who sent it."""
    stored = filestore.accept_upload(AREA, upload.stream, upload.filename,
                                     current_app.config["FORM_ATTACHMENT_MAX_BYTES"])
    attachment = FormAttachment(request=request, storage_key=stored.key, size=stored.size,
                                sha256=stored.sha256, original_name=stored.name,
                                content_type=stored.content_type, uploaded_by=user)
    db.session.add(attachment)
    db.session.flush()
    return attachment


def was_submitted(attachment):
    """A file that went in with a submission belongs to that version: it stays, so that a
    returned form keeps what was submitted."""
    submitted_at = attachment.request.submitted_at
    return submitted_at is not None and attachment.created_at <= submitted_at


def remove(attachment):
    filestore.delete(AREA, attachment.storage_key)
    db.session.delete(attachment)
    db.session.flush()


def download(attachment):
    return filestore.download(AREA, attachment.storage_key, attachment.original_name,
                              attachment.content_type)
