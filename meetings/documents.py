"""Documents of a review: uploaded through the file store (random key, type from the content,
a renamed executable refused, size limit, SHA-256, a safe name) and downloaded through one
authorised, audited view (``meetings.views``) as attachments."""
from flask import current_app
from sqlalchemy import select

import access
import audit
import filestore
from models import AuditAction, Document, Visibility, db

AREA = "documents"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
Refused = filestore.Refused


def max_bytes():
    config = current_app.config
    return config.get("DOCUMENT_MAX_BYTES") or config.get("FORM_ATTACHMENT_MAX_BYTES") \
        or DEFAULT_MAX_BYTES


def store(review, upload, user, visibility=Visibility.members, agency=None, meeting=None,
          request=None, title=None):
    """Keep one uploaded file as a document (committed), or raise Refused with a message for
    the person who sent it (nothing kept then)."""
    if visibility is Visibility.agency and agency is None:
        raise Refused("Choose the agency this paper is shared with.")
    stored = filestore.accept_upload(AREA, upload.stream, upload.filename, max_bytes())
    document = Document(review=review, meeting=meeting, request=request, agency=agency,
                        visibility=visibility, title=(title or "").strip()[:200] or None,
                        original_name=stored.name, content_type=stored.content_type,
                        size=stored.size, sha256=stored.sha256, storage_key=stored.key,
                        uploaded_by=user)
    db.session.add(document)
    db.session.flush()
    audit.record(AuditAction.create, obj=document, changes={
        "file": stored.name, "sha256": stored.sha256, "visibility": visibility.value},
        commit=True)
    return document


def visible_papers(meeting, user=None):
    """The papers on ``meeting``'s agenda that the user may see."""
    query = access.scope(select(Document), Document, user=user).where(
        Document.meeting_id == meeting.id).order_by(Document.id)
    return db.session.scalars(query).all()


def download(document):
    audit.record(AuditAction.export, obj=document, changes={"file": document.original_name},
                 commit=True)
    return filestore.download(AREA, document.storage_key, document.original_name,
                              document.content_type)


def size_text(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size // 1024, 1)} KB"
