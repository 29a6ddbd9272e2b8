"""What an agency (in the portal) and a review manager (in the admin) do with a chronology
upload, written once for both: each action takes the checked objects and the validated
input and returns an ``Outcome``; the two surfaces only render it."""
from dataclasses import dataclass, field

from flask import current_app

import sheets
from chronology import template, uploads
from chronology.matching import HEADINGS, REQUIRED
from chronology.reading import FileRefused
from chronology import jobs as chronology_jobs
from models import ChronologyUpload, UploadStatus, db

IMPORT_INLINE_UP_TO = 5000  # entries; more are imported by a job


@dataclass(frozen=True)
class Outcome:
    """``done``: the action happened (or was handed to a job); ``message`` to show, in
    ``category`` (a flash category); ``upload``: the upload to show next; ``errors``: words
    by form field."""
    done: bool
    message: str | None = None
    category: str = "success"
    upload: ChronologyUpload | None = None
    errors: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Download:
    data: bytes
    name: str
    mimetype: str


def template_download():
    return Download(template.workbook_bytes(), "Chronology template.xlsx", sheets.XLSX)


def upload_file(review, agency, chosen, user, request=None):
    """Keep the file (``chosen``: a werkzeug FileStorage) and read it, now or by a job."""
    try:
        upload = uploads.receive(review, agency, chosen.stream, chosen.filename, user, request)
    except FileRefused as refused:
        words = f"{chosen.filename} was not read. {refused}"
        return Outcome(False, words, "danger", errors={"file": words})
    _read_now_or_later(upload, user)
    return Outcome(True, upload=upload)


def _read_now_or_later(upload, user):
    """Small files are read at once; larger ones by a job (the page shows its progress)."""
    if upload.size > current_app.config["CHRONOLOGY_JOB_ABOVE_BYTES"]:
        chronology_jobs.start_for_upload(chronology_jobs.read_upload, upload, user)
    else:
        db.session.commit()
        uploads.read_upload(upload)


def choose_columns(upload, chosen):
    """The file read again with the columns chosen on the mapping screen (``chosen``:
    column index -> field), remembered for the agency's next upload."""
    if upload.status is not UploadStatus.mapping:
        return Outcome(False, upload=upload)
    errors = _mapping_errors(chosen)
    if errors:
        return Outcome(False, next(iter(errors.values())), "danger", upload, errors)
    uploads.remember(upload.agency_id, upload.parsed["headers"], chosen)
    uploads.read_upload(upload, mapping=chosen)
    return Outcome(True, upload=upload)


def _mapping_errors(chosen):
    errors, taken = {}, set()
    for index, name in sorted(chosen.items()):
        if name in taken:
            errors.setdefault(f"column-{index}", f"{HEADINGS[name]} is chosen for two "
                                                 "columns: choose it once.")
        taken.add(name)
    missing = [HEADINGS[name] for name in REQUIRED if name not in taken]
    if missing and not errors:
        errors["column-0"] = (f"Choose the column that holds the "
                              f"{' and the '.join(missing).lower()}.")
    return errors


def import_upload(upload, user):
    """The preview's entries become the agency's chronology (a job for large ones)."""
    if upload.status is not UploadStatus.preview:
        return Outcome(False, "This upload is not ready to import.", "danger", upload)
    count, agency = upload.accepted_count, upload.agency.name
    if count > IMPORT_INLINE_UP_TO:
        upload.status = UploadStatus.importing
        chronology_jobs.start_for_upload(chronology_jobs.import_upload, upload, user)
        return Outcome(True, upload=upload)
    review_id = upload.review_id
    try:
        upload = uploads.commit(upload, user)
    except FileRefused as refused:
        return Outcome(False, str(refused), "warning", upload)
    chronology_jobs.after_commit(review_id)
    return Outcome(True, f"{count} entries imported for {agency}.", upload=upload)


def discard_upload(upload):
    if uploads.discard(upload):
        return Outcome(True, "The upload was discarded: nothing was imported.", upload=upload)
    return Outcome(False, "This upload had already been imported or discarded.", "warning",
                   upload)
