"""A chronology request in the portal: download the template, upload the agency's own
spreadsheet, match its columns if asked, check the preview (rows recognised, rows rejected
with their row number, column and reason, rows flagged), then import it. Large files are read
and imported by a job whose progress the page shows. Nothing is stored as entries before
"Import"."""
from flask import Response, flash, redirect, render_template, request as http, url_for
from flask_security import current_user
from sqlalchemy import select

import access
import audit
from chronology import actions, timeline, uploads
from chronology.forms import PostForm, UploadForm, chosen_columns, mapping_form
from chronology.matching import FIELDS, HEADINGS
from models import (AuditAction, ChronologyEntry, ChronologyUpload, FormRequest, FormType,
                    JobRun, UploadStatus, db)
from portal import bp
from portal.guard import agency_page, open_request, visible

IMPORTED_PAGE = 50  # entries the agency sees of what it imported, per page


def is_chronology(form_request):
    return form_request.form_type is FormType.chronology


@bp.route("/chronology/template.xlsx")
@agency_page
def chronology_template():
    download = actions.template_download()
    return Response(download.data, mimetype=download.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{download.name}"',
        "X-Content-Type-Options": "nosniff"})


@bp.route("/chronology/<int:request_id>", methods=["GET"])
@agency_page
def chronology(request_id):
    form_request = visible(FormRequest, request_id, action=access.FILL)
    if not is_chronology(form_request):
        return redirect(url_for("portal.form_request", request_id=request_id))
    audit.record(AuditAction.view, obj=form_request)
    return _page(form_request)


@bp.route("/chronology/<int:request_id>/upload", methods=["POST"])
@agency_page
def chronology_upload(request_id):
    form_request = open_request(request_id, "chronology_upload", access.CREATE)
    form = UploadForm()
    if not form.validate_on_submit() and "csrf_token" in form.errors or \
            not is_chronology(form_request):
        return _page(form_request, error="Your upload could not be checked: try again."), 400
    if form.errors:
        return _page(form_request, error="Choose your chronology file."), 400
    outcome = actions.upload_file(form_request.review, form_request.agency, form.file.data,
                                  current_user, request=form_request)
    if not outcome.done:
        return _page(form_request, error=outcome.message), 400
    return redirect(url_for("portal.chronology", request_id=form_request.id) + "#preview")


def _own_upload(upload_id):
    """The user's agency's upload on an open chronology request (404 / 409 otherwise)."""
    upload = visible(ChronologyUpload, upload_id, action=access.CREATE)
    if upload.request_id is None:
        access.deny(404, "ChronologyUpload", upload_id)
    form_request = open_request(upload.request_id, "chronology_upload", access.CREATE)
    return upload, form_request


def _checked(form, upload_id):
    """The form of a button on the upload, its CSRF token checked (403 otherwise)."""
    if not form.validate_on_submit():
        access.deny(403, "chronology_upload", upload_id)
    return form


@bp.route("/chronology/uploads/<int:upload_id>/mapping", methods=["POST"])
@agency_page
def chronology_mapping(upload_id):
    upload, form_request = _own_upload(upload_id)
    headers = (upload.parsed or {}).get("headers", []) \
        if upload.status is UploadStatus.mapping else []
    outcome = actions.choose_columns(upload, chosen_columns(_checked(mapping_form(headers),
                                                                       upload_id)))
    if outcome.errors:
        return _page(form_request, error=outcome.message), 400
    anchor = "#preview" if outcome.done else ""
    return redirect(url_for("portal.chronology", request_id=form_request.id) + anchor)


@bp.route("/chronology/uploads/<int:upload_id>/commit", methods=["POST"])
@agency_page
def chronology_commit(upload_id):
    upload, form_request = _own_upload(upload_id)
    _checked(PostForm(), upload_id)
    outcome = actions.import_upload(upload, current_user)
    if not outcome.done:
        return _page(form_request, error=outcome.message), 409
    if outcome.message:
        flash(f"{outcome.message} Your chronology has been sent to the review team.",
              outcome.category)
    return redirect(url_for("portal.chronology", request_id=form_request.id))


@bp.route("/chronology/uploads/<int:upload_id>/discard", methods=["POST"])
@agency_page
def chronology_discard(upload_id):
    upload, form_request = _own_upload(upload_id)
    _checked(PostForm(), upload_id)
    outcome = actions.discard_upload(upload)
    flash(outcome.message, outcome.category)
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
