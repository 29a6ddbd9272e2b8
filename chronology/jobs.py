"""Chronology jobs: reading a large upload into its preview, importing it (then finding
duplicates again), and exporting the consolidated chronology as xlsx or docx. Each is a
tracked job (progress on the page that started it)."""
from datetime import date

from sqlalchemy import select

import access
import filestore
import jobs
from chronology import export, links, timeline, uploads
from chronology.reading import FileRefused
from models import Agency, ChronologyEntry, ChronologyUpload, JobRun, Review, db

AREA = "jobs"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BACK = "chronology.review_view"  # the page that starts the exports
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def start_for_upload(func, upload, user):
    """A job about one upload: the record and the upload's link to it in one commit."""
    record = JobRun(kind=jobs.job_name(func), review_id=upload.review_id, requested_by=user)
    upload.job = record
    db.session.add(record)
    db.session.commit()
    jobs.enqueue(func, record.id)
    return record


def _upload_of(record):
    upload = db.session.scalar(select(ChronologyUpload).where(
        ChronologyUpload.job_id == record.id))
    if upload is None:
        raise jobs.JobFailed("The upload this job was reading is no longer there.")
    return upload


@jobs.job("chronology.read", tracked=True)
def read_upload(record):
    upload = _upload_of(record)
    jobs.progress(0, None, f"Reading {upload.original_name}")
    upload = uploads.read_upload(upload)
    jobs.progress(1, 1, f"Read {upload.accepted_count} rows")


@jobs.job("chronology.import", tracked=True)
def import_upload(record):
    upload = _upload_of(record)
    user, review_id = record.requested_by, upload.review_id
    try:
        uploads.commit(upload, user, progress=lambda done, total: jobs.progress(
            done, total, f"Imported {done} of {total} entries"))
    except FileRefused as refused:
        raise jobs.JobFailed(str(refused)) from None
    jobs.progress(1, 1, "Looking for duplicates")
    links.detect(review_id)


def after_commit(review_id):
    """Inline imports find duplicates at once (small uploads)."""
    links.detect(review_id)


def _export_rows(record, names):
    user = record.requested_by
    if not access.may_still_export(user, "chronology_entry", record.review_id):
        raise jobs.JobFailed("You may no longer export this chronology.")
    if names and not access.allowed("chronology_names", access.READ, user):
        raise jobs.JobFailed("You may not export this chronology with names.")
    review = db.session.get(Review, record.review_id)
    agencies = {a.id: a.name for a in db.session.scalars(select(Agency))}
    namer = timeline.Namer(timeline.people_of(review.id), names=names)
    query = timeline.narrowed(access.scope(select(ChronologyEntry), ChronologyEntry, user=user,
                                           action=access.EXPORT), review.id, timeline.Filters())
    entries = timeline.in_order_for_export(query)
    also = timeline.also_reported(entries)
    rows = [export.row_values(e, agencies.get(e.agency_id, ""), namer,
                              [agencies.get(o.agency_id, "") for o in also.get(e.id, [])])
            for e in entries]
    title = f"Chronology {review.reference}" + (" (with names)" if names else "")
    return review, rows, title


def _export(record, kind, names):
    review, rows, title = _export_rows(record, names)
    total = len(rows)
    jobs.progress(0, total, f"Read {total} entries")
    if kind == "xlsx":
        data = export.xlsx(rows, title, progress=lambda done: jobs.progress(
            done, total, f"Written {done} of {total} entries"))
    else:
        data = export.docx(rows, title)
    jobs.progress(total, total, f"Written {total} entries")
    name = f"{title} {date.today():%d %b %Y}.{kind}"
    return filestore.put_produced(AREA, data, name, XLSX if kind == "xlsx" else DOCX)


@jobs.job("chronology.export_xlsx",
          startable=jobs.Startable("Export the chronology (Excel)", back=BACK),
          needs=("chronology_entry", access.EXPORT))
def export_xlsx(record):
    return _export(record, "xlsx", names=False)


@jobs.job("chronology.export_docx",
          startable=jobs.Startable("Export the chronology (Word)", back=BACK),
          needs=("chronology_entry", access.EXPORT))
def export_docx(record):
    return _export(record, "docx", names=False)


@jobs.job("chronology.export_xlsx_named",
          startable=jobs.Startable("Export the chronology with names (Excel)", back=BACK),
          needs=("chronology_names", access.READ))
def export_xlsx_named(record):
    return _export(record, "xlsx", names=True)


@jobs.job("chronology.export_docx_named",
          startable=jobs.Startable("Export the chronology with names (Word)", back=BACK),
          needs=("chronology_names", access.READ))
def export_docx_named(record):
    return _export(record, "docx", names=True)
