"""The confirmation after submitting, and the receipt an agency keeps (printed from the page
or downloaded as plain text): reference, form, agency, when and by whom it was submitted."""
from flask import Response, abort, render_template

import access
import audit
from models import AuditAction, FormRequest
from portal import bp
from portal.guard import agency_page, visible
from portal.wording import london_time


@bp.route("/requests/<int:request_id>/receipt")
@agency_page
def receipt(request_id):
    form_request, version = _submitted(request_id)
    return render_template("portal/receipt.html", item=form_request, receipt=_lines(
        form_request, version))


@bp.route("/requests/<int:request_id>/receipt.txt")
@agency_page
def receipt_download(request_id):
    form_request, version = _submitted(request_id)
    audit.record(AuditAction.export, obj=form_request)
    text = "DHR Case Review: receipt for a submitted form\n\n" + "".join(
        f"{label}: {value}\n" for label, value in _lines(form_request, version))
    name = f"receipt-{_reference(form_request, version)}.txt"
    return Response(text, mimetype="text/plain", headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


def _submitted(request_id):
    """The agency's request and its latest submitted version; 404 before any submission."""
    form_request = visible(FormRequest, request_id, action=access.FILL)
    version = form_request.latest_version
    if version is None:
        abort(404)
    return form_request, version


def _reference(form_request, version):
    return f"{form_request.review.reference}-{form_request.id}-v{version.number}"


def _lines(form_request, version):
    submitted_by = version.submitted_by
    return [
        ("Reference", _reference(form_request, version)),
        ("Review", form_request.review.reference),
        ("Form", form_request.form_type.label),
        ("Agency", form_request.agency.name),
        ("Submitted at", london_time(version.submitted_at)),
        ("Submitted by", (submitted_by.full_name or submitted_by.email) if submitted_by
         else "—"),
    ]
