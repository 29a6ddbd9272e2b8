"""Attachments in the portal: upload to an open form, download, remove before submission."""
from flask import flash, redirect, url_for
from flask_security import current_user

import access
import audit
from agency_forms import attachments
from agency_forms.fields import UploadForm
from models import AuditAction, FormAttachment
from portal import bp
from portal.guard import agency_page, open_request, refuse_locked, visible


@bp.route("/requests/<int:request_id>/attachments", methods=["POST"])
@agency_page
def upload_attachment(request_id):
    form_request = open_request(request_id, "form_attachment", access.CREATE)
    form = UploadForm()
    if not form.validate_on_submit():
        flash("Choose a file to attach.", "warning")
    else:
        try:
            attachment = attachments.store(form_request, form.file.data, current_user)
            flash(f"Attached {attachment.original_name}.", "success")
        except attachments.UploadRefused as refused:
            flash(str(refused), "danger")
    return redirect(url_for("portal.form_request", request_id=form_request.id) + "#attachments")


@bp.route("/attachments/<int:attachment_id>")
@agency_page
def download_attachment(attachment_id):
    attachment = visible(FormAttachment, attachment_id)
    audit.record(AuditAction.view, obj=attachment, commit=True)
    return attachments.download(attachment)


@bp.route("/attachments/<int:attachment_id>/delete", methods=["POST"])
@agency_page
def delete_attachment(attachment_id):
    attachment = visible(FormAttachment, attachment_id, action=access.DELETE)
    access.require("form_attachment", access.DELETE)
    form_request = attachment.request
    if not form_request.is_fillable or attachments.was_submitted(attachment):
        refuse_locked(form_request)
    name = attachment.original_name
    attachments.remove(attachment)
    flash(f"Removed {name}.", "success")
    return redirect(url_for("portal.form_request", request_id=form_request.id) + "#attachments")
