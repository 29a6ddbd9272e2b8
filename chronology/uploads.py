"""An upload's life: received (checked, stored, a version number), read into a preview held in
the database (so any web process or worker can show and commit it: the summary on the upload
row, the rows it will import staged in chronology_staged_entry), committed as entries
(replacing the agency's previous upload, kept as a version) or discarded. Nothing reaches
the entries before commit."""
import io
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, literal, select, update

import filestore
import jobs
from agency_forms import workflow
from chronology import importer, matching
from chronology.reading import FileRefused, Limits, read_rows
from models import (ChronologyEntry, ChronologyMapping, ChronologyUpload, FormRequest,
                    JobStatus, StagedEntry, UploadStatus, db)
from models.chronology import ENTRY_TEXT
from models.form_request import FILLABLE
from models.mixins import utcnow

AREA = "chronology"
FIRST_SHOWN = 20  # entries the preview shows


def limits():
    return Limits.from_config(current_app.config)


def receive(review, agency, stream, filename, user, request=None):
    """Check and keep the file; returns the new upload (status reading). Raises FileRefused
    with nothing stored when the file is empty, too large or not a spreadsheet at all."""
    allowed = limits()
    data = stream.read(allowed.max_bytes + 1)
    if not data:
        raise FileRefused("The file is empty.")
    if len(data) > allowed.max_bytes:
        raise FileRefused(f"The file is larger than {allowed.max_bytes / 1048576:g} MB.")
    _looks_like_spreadsheet(data)
    name = filestore.check_name(filename or "chronology")
    key = filestore.new_key()
    size, digest, _ = filestore.backend().put(AREA, key, io.BytesIO(data))
    upload = ChronologyUpload(review=review, agency=agency, request=request,
                              version=_next_version(review.id, agency.id), original_name=name,
                              file_key=key, size=size, sha256=digest, uploaded_by=user,
                              status=UploadStatus.reading)
    db.session.add(upload)
    return upload


def _looks_like_spreadsheet(data):
    """The cheap refusals before anything is kept (the full checks run when it is read)."""
    from chronology.reading import OLE, ZIP, decode_text
    if not data.startswith((ZIP, OLE)):
        decode_text(data if len(data) <= 65536 else _whole_characters(data[:65536]))


def _whole_characters(head):
    """A sample cut at a line end, so a UTF-8 character is never split by the cut."""
    cut = head.rfind(b"\n")
    return head[:cut] if cut > 0 else head


def _next_version(review_id, agency_id):
    last = db.session.scalar(select(func.max(ChronologyUpload.version)).where(
        ChronologyUpload.review_id == review_id, ChronologyUpload.agency_id == agency_id))
    return (last or 0) + 1


def remembered(agency_id):
    row = db.session.scalar(select(ChronologyMapping).where(
        ChronologyMapping.agency_id == agency_id))
    return dict(row.columns) if row else {}


def remember(agency_id, headers, mapping):
    """Keep the agency's choices (its heading -> field) for its next upload."""
    row = db.session.scalar(select(ChronologyMapping).where(
        ChronologyMapping.agency_id == agency_id))
    if row is None:
        row = ChronologyMapping(agency_id=agency_id, columns={})
        db.session.add(row)
    columns = dict(row.columns or {})
    for index, field in mapping.items():
        heading = matching.normalise(headers[int(index)]) if int(index) < len(headers) else ""
        if heading and field in matching.FIELDS:
            columns[heading] = field
    row.columns = columns


def read_upload(upload, mapping=None, today=None):
    """Parse the stored file into the preview (or the mapping screen's headers, or the
    refusal) on the upload row, its entries staged. Commits."""
    review = upload.review
    _unstage(upload.id)
    try:
        rows = read_rows(filestore.read(AREA, upload.file_key), limits())
        parsed = importer.parse(rows, today or date.today(),
                                (review.scoping_start, review.scoping_end),
                                remembered(upload.agency_id), limits().max_rows, mapping)
    except importer.MappingNeeded as needed:
        upload.status, upload.parsed = UploadStatus.mapping, {
            "headers": needed.headers, "missing": needed.missing,
            "header_row": needed.header_row}
    except FileRefused as refused:
        upload.status, upload.error, upload.parsed = UploadStatus.refused, str(refused), None
    else:
        _stage(upload.id, parsed.entries)
        upload.status, upload.parsed = UploadStatus.preview, parsed.as_json(FIRST_SHOWN)
        upload.accepted_count, upload.rejected_count = len(parsed.entries), len(parsed.rejected)
    db.session.commit()
    return upload


def dry_run(data, review, agency_id, today=None):
    """The CLI's --dry-run: parse without storing anything. Returns Parsed."""
    return importer.parse(read_rows(data, limits()), today or date.today(),
                          (review.scoping_start, review.scoping_end), remembered(agency_id),
                          limits().max_rows)


def commit(upload, user, progress=None):
    """The preview's entries become the agency's chronology for the review; its previous
    upload is replaced (kept as a version, its entries removed). Commits."""
    upload = _locked(upload.id)  # a second press of Import waits here, then is refused
    if upload.status not in (UploadStatus.preview, UploadStatus.importing):
        raise FileRefused("This upload has already been imported or discarded.")
    review_id, agency_id, upload_id = upload.review_id, upload.agency_id, upload.id
    _replace_previous(review_id, agency_id, upload_id)
    _move_staged(review_id, agency_id, upload_id)
    if progress:
        progress(upload.accepted_count, upload.accepted_count)
    upload = db.session.get(ChronologyUpload, upload_id)
    upload.status, upload.committed_at = UploadStatus.committed, utcnow()
    _submit_request(upload, user)
    db.session.commit()
    return upload


def _locked(upload_id):
    """The upload as it is now, its row locked until the session commits (PostgreSQL)."""
    return db.session.execute(select(ChronologyUpload).where(ChronologyUpload.id == upload_id)
                              .with_for_update()
                              .execution_options(populate_existing=True)).scalar_one()


STAGED_COLUMNS = ("upload_id",) + ENTRY_TEXT


def _stage(upload_id, entries):
    """The preview's entries as staged rows: COPY on PostgreSQL (several times faster than
    INSERT; dates and times go as ISO text, which the server reads itself), a Core
    executemany elsewhere; inside the session's transaction either way."""
    rows = [_staged_values(entry, upload_id) for entry in entries]
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        db.session.execute(insert(StagedEntry), [_typed(row) for row in rows])
        return
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY chronology_staged_entry ({', '.join(STAGED_COLUMNS)}) "
                         "FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _typed(row):
    values = dict(zip(STAGED_COLUMNS, row))
    values["day"], values["at"] = date.fromisoformat(values["day"]), time.fromisoformat(
        values["at"])
    return values


def _move_staged(review_id, agency_id, upload_id):
    """The staged rows into the chronology in one statement, in the file's order (the
    timeline breaks ties by id), then out of the staging table."""
    staged = StagedEntry.__table__
    rows = select(literal(review_id), literal(agency_id), *(staged.c[name] for name in
                                                            STAGED_COLUMNS)) \
        .where(staged.c.upload_id == upload_id).order_by(staged.c.id)
    db.session.execute(insert(ChronologyEntry.__table__).from_select(
        ("review_id", "agency_id") + STAGED_COLUMNS, rows))
    _unstage(upload_id)


def _unstage(upload_id):
    db.session.execute(delete(StagedEntry.__table__).where(
        StagedEntry.__table__.c.upload_id == upload_id))


def _replace_previous(review_id, agency_id, upload_id):
    earlier = select(ChronologyUpload.id).where(
        ChronologyUpload.review_id == review_id, ChronologyUpload.agency_id == agency_id,
        ChronologyUpload.id != upload_id, ChronologyUpload.status == UploadStatus.committed)
    db.session.execute(delete(ChronologyEntry).where(ChronologyEntry.upload_id.in_(earlier))
                       .execution_options(synchronize_session=False))
    db.session.execute(update(ChronologyUpload).where(ChronologyUpload.id.in_(
        earlier.scalar_subquery())).values(status=UploadStatus.replaced)
        .execution_options(synchronize_session=False))


def _staged_values(entry, upload_id):
    """One parsed entry as a row of STAGED_COLUMNS."""
    get = entry.get
    outcome, people, source, comment = (get("outcome") or None, get("people") or None,
                                        get("source") or None, get("comment") or None)
    text = " ".join((entry["event"], outcome or "", people or "", source or "", comment or ""))
    at = get("time")
    return (upload_id, entry["row"], entry["day"], entry["precision"], at or "00:00",
            at is not None, get("agency") or None, source, people, entry["event"], outcome,
            get("practitioner") or None, comment, bool(get("outside_period")),
            get("risks") or None, text.lower())


def _submit_request(upload, user):
    """The chronology request counts as submitted (a version naming the upload), so that
    accept/return and chasing treat it as any other form."""
    request = upload.request
    if request is None or request.status not in FILLABLE:
        return
    try:
        workflow.freeze(request, user, version_data(upload))
    except workflow.FormLocked as locked:  # its whole import was rolled back with it
        raise FileRefused(str(locked)) from None


def version_data(upload):
    answers = [("file", "File", upload.original_name),
               ("version", "Upload", f"Version {upload.version}"),
               ("accepted", "Entries imported", str(upload.accepted_count)),
               ("rejected", "Rows rejected", str(upload.rejected_count))]
    return {"form_type": "chronology", "analysis_after": None, "analysis": [],
            "declaration": [], "attachments": [], "upload_id": upload.id,
            "answers": [{"key": k, "label": label, "value": v} for k, label, v in answers]}


DISCARDABLE = (UploadStatus.preview, UploadStatus.mapping, UploadStatus.refused)


def discard(upload):
    """True when discarded; False when it was imported (or discarded) before this."""
    upload = _locked(upload.id)  # an import pressed at the same moment finishes first
    done = discardable(upload)
    if done:
        upload.status = UploadStatus.discarded
        _unstage(upload.id)
    db.session.commit()
    return done


def discardable(upload):
    """Not imported, and not being imported: a preview, or an import whose job failed."""
    return upload.status in DISCARDABLE or (upload.status is UploadStatus.importing and (
        upload.job is None or upload.job.status is JobStatus.failed))


@jobs.daily
def discard_stale(today=None):
    """The daily run: uploads left unimported for CHRONOLOGY_PREVIEW_DAYS (previews, imports
    whose job failed) are discarded, so that the rows staged for them (a whole chronology,
    names and all) are not kept for ever. Returns how many were discarded."""
    days = current_app.config["CHRONOLOGY_PREVIEW_DAYS"]
    cutoff = datetime.combine((today or date.today()) - timedelta(days=days), time())
    waiting = db.session.scalars(select(ChronologyUpload).where(
        ChronologyUpload.status.in_(DISCARDABLE + (UploadStatus.importing,)),
        ChronologyUpload.updated_at < cutoff)
        .with_for_update(skip_locked=True)).all()  # one being imported now is left
    stale = [upload for upload in waiting if discardable(upload)]
    for upload in stale:
        upload.status = UploadStatus.discarded
        _unstage(upload.id)
    return len(stale)


def current_upload(review_id, agency_id):
    """The agency's latest upload for the review (any status)."""
    return db.session.scalar(select(ChronologyUpload).where(
        ChronologyUpload.review_id == review_id, ChronologyUpload.agency_id == agency_id)
        .order_by(ChronologyUpload.version.desc()).limit(1))


def request_for(review_id, agency_id):
    from models import FormType
    return db.session.scalar(select(FormRequest).where(
        FormRequest.review_id == review_id, FormRequest.agency_id == agency_id,
        FormRequest.form_type == FormType.chronology))
