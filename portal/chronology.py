"""A chronology request in the portal: download the template, upload the agency's own
spreadsheet, match its columns if asked, check the preview (rows recognised, rows rejected
with their row number, column and reason, rows flagged), then import it. Large files are read
and imported by a job whose progress the page shows. Nothing is stored as entries before
"Import"."""
from flask import Response, flash, redirect, render_template, request as http, url_for
from flask_security import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

import access
import audit
from chronology import template, timeline, uploads
from chronology.matching import FIELDS, HEADINGS
from chronology.reading import FileRefused
from chronology import jobs as chronology_jobs
from models import (AuditAction, ChronologyEntry, ChronologyUpload, FormRequest, FormType,
                    JobRun, UploadStatus, db)
from portal import bp
from portal.guard import agency_page, open_request, visible

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_INLINE_UP_TO = 5000  # entries; more are imported by a job
IMPORTED_PAGE = 50  # entries the agency sees of what it imported, per page


class PostForm(FlaskForm):
    """CSRF only: the file and the mapping are read from the request."""


def is_chronology(form_request):
    return form_request.form_type is FormType.chronology


@bp.route("/chronology/template.xlsx")
@agency_page
def chronology_template():
    return Response(template.workbook_bytes(), mimetype=XLSX, headers={
        "Content-Disposition": 'attachment; filename="Chronology template.xlsx"',
        "X-Content-Type-Options": "nosniff"})


@bp.route("/chronology/<int:request_id>", methods=["GET"])
@agency_page
def chronology(request_id):
    form_request = visible(FormRequest, request_id, action=access.FILL)
    if not is_chronology(form_request):
        return redirect(url_for("portal.form_request", request_id=request_id))
    audit.record(AuditAction.view, obj=form_request, commit=True)
    return _page(form_request)


@bp.route("/chronology/<int:request_id>/upload", methods=["POST"])
@agency_page
def chronology_upload(request_id):
    form_request = open_request(request_id, "chronology_upload", access.CREATE)
    if not is_chronology(form_request) or not PostForm().validate_on_submit():
        return _page(form_request, error="Your upload could not be checked: try again."), 400
    chosen = http.files.get("file")
    if chosen is None or not chosen.filename:
        return _page(form_request, error="Choose your chronology file."), 400
    try:
        upload = uploads.receive(form_request.review, form_request.agency, chosen.stream,
                                 chosen.filename, current_user, request=form_request)
    except FileRefused as refused:
        return _page(form_request, error=f"{chosen.filename} was not read. {refused}"), 400
    read_now_or_later(upload)
    return redirect(url_for("portal.chronology", request_id=form_request.id) + "#preview")


def read_now_or_later(upload):
    """Small files are read at once; larger ones by a job (the page shows its progress)."""
    from flask import current_app
    if upload.size > current_app.config["CHRONOLOGY_JOB_ABOVE_BYTES"]:
        chronology_jobs.start_for_upload(chronology_jobs.read_upload, upload, current_user)
    else:
        db.session.commit()
        uploads.read_upload(upload)


def commit_now_or_later(upload):
    if upload.accepted_count > IMPORT_INLINE_UP_TO:
        upload.status = UploadStatus.importing
        chronology_jobs.start_for_upload(chronology_jobs.import_upload, upload, current_user)
        return False
    review_id = upload.review_id
    uploads.commit(upload, current_user)
    chronology_jobs.after_commit(review_id)
    return True


def _own_upload(upload_id):
    """The user's agency's upload on an open chronology request (404 / 409 otherwise)."""
    upload = visible(ChronologyUpload, upload_id, action=access.CREATE)
    if upload.request_id is None:
        access.deny(404, "ChronologyUpload", upload_id)
    form_request = open_request(upload.request_id, "chronology_upload", access.CREATE)
    if not PostForm().validate_on_submit():
        access.deny(403, "chronology_upload", upload_id)
    return upload, form_request


@bp.route("/chronology/uploads/<int:upload_id>/mapping", methods=["POST"])
@agency_page
def chronology_mapping(upload_id):
    upload, form_request = _own_upload(upload_id)
    if upload.status is not UploadStatus.mapping:
        return redirect(url_for("portal.chronology", request_id=form_request.id))
    mapping, problem = posted_mapping(upload)
    if problem:
        return _page(form_request, error=problem), 400
    remember_and_read(upload, mapping)
    return redirect(url_for("portal.chronology", request_id=form_request.id) + "#preview")


def posted_mapping(upload):
    """Column index -> field from the mapping screen, or a problem in words."""
    headers = upload.parsed["headers"]
    mapping = {}
    for index in range(len(headers)):
        field = http.form.get(f"column-{index}", "")
        if field in FIELDS:
            if field in mapping.values():
                return None, f"{HEADINGS[field]} is chosen for two columns: choose it once."
            mapping[index] = field
    missing = [HEADINGS[f] for f in ("date", "event") if f not in mapping.values()]
    if missing:
        return None, f"Choose the column that holds the {' and the '.join(missing).lower()}."
    return mapping, None


def remember_and_read(upload, mapping):
    uploads.remember(upload.agency_id, upload.parsed["headers"], mapping)
    db.session.commit()
    uploads.read_upload(upload, mapping=mapping)


@bp.route("/chronology/uploads/<int:upload_id>/commit", methods=["POST"])
@agency_page
def chronology_commit(upload_id):
    upload, form_request = _own_upload(upload_id)
    if upload.status is not UploadStatus.preview:
        return _page(form_request, error="This upload is not ready to import."), 409
    count = upload.accepted_count
    if commit_now_or_later(upload):
        flash(f"{count} entries imported. Your chronology has been sent to the review team.",
              "success")
    return redirect(url_for("portal.chronology", request_id=form_request.id))


@bp.route("/chronology/uploads/<int:upload_id>/discard", methods=["POST"])
@agency_page
def chronology_discard(upload_id):
    upload, form_request = _own_upload(upload_id)
    if uploads.discard(upload):
        flash("The upload was discarded: nothing was imported.", "success")
    else:
        flash("This upload had already been imported or discarded.", "warning")
    return redirect(url_for("portal.chronology", request_id=form_request.id))


def _page(form_request, error=None):
    upload = uploads.current_upload(form_request.review_id, form_request.agency_id)
    committed = db.session.scalar(select(ChronologyUpload).where(
        ChronologyUpload.review_id == form_request.review_id,
        ChronologyUpload.agency_id == form_request.agency_id,
        ChronologyUpload.status == UploadStatus.committed))
    job = db.session.get(JobRun, upload.job_id) if upload and upload.job_id else None
    may_upload = form_request.is_fillable and access.allowed("chronology_upload",
                                                             access.CREATE)
    sent, after = _imported(committed)
    return render_template("portal/chronology.html", item=form_request, upload=upload,
                           committed=committed, job=job, may_upload=may_upload,
                           sent=sent, after=after, paged=bool(http.args.get("after")),
                           date_shown=timeline.date_shown,
                           form=PostForm(), error=error, fields=FIELDS, headings=HEADINGS,
                           statuses=UploadStatus,
                           post_url=lambda name: url_for(f"portal.chronology_{name}",
                                                         upload_id=upload.id))


def _imported(committed):
    """A page of the entries the agency imported, as they sent them (their own text, names
    and all; other agencies' entries are never here), and the cursor of the next page."""
    if committed is None:
        return [], None
    query = access.scope(select(ChronologyEntry), ChronologyEntry).where(
        ChronologyEntry.upload_id == committed.id)
    return timeline.page(query, http.args.get("after"), size=IMPORTED_PAGE)
