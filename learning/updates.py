"""A progress update posted from a page (the admin action page and the agency portal alike):
its form, the evidence file kept in the file store ("learning" area: random key, type from the
content, size limit), and the evidence's one download."""
from flask import current_app, flash, redirect, request
from flask_security import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

import access
import audit
import filestore
import learning
from models import ActionStatus, AuditAction, db

AREA = "learning"


class UpdateForm(FlaskForm):
    note = TextAreaField("Progress made", [DataRequired("Enter what progress has been made"),
                                           Length(max=5000)])
    status = SelectField("Status", choices=ActionStatus.choices())
    outcome = TextAreaField("Outcome", [Optional(), Length(max=5000)],
                            description="Needed to mark the action complete.")
    evidence = FileField("Evidence of completion (optional)",
                         description="A document showing what was done: PDF, Word, Excel, "
                                     "OpenDocument text, PNG, JPEG or plain text.")


def blank_form(action):
    return UpdateForm(formdata=None, status=action.status.name, outcome=action.outcome)


def record_update(action, page, done_url):
    """Save the posted update; ``page(form, status)`` shows the form again with its error on
    a mistake (400) or a refused completion (409, nothing saved, the file dropped)."""
    form = UpdateForm()
    if not form.validate_on_submit():
        return page(form, 400)
    evidence = _stored_evidence(form)
    if isinstance(evidence, str):
        form.evidence.errors.append(evidence)
        return page(form, 400)
    try:
        update = learning.add_update(action, form.note.data,
                                     current_user._get_current_object(),
                                     status=form.status.data, outcome=form.outcome.data,
                                     evidence=evidence and evidence[:2])
    except learning.LearningError as refused:
        db.session.rollback()
        if evidence:
            filestore.delete(AREA, evidence[0])
        form.outcome.errors.append(str(refused))
        return page(form, 409)
    if evidence:
        update.evidence_type = evidence[2]
    db.session.flush()
    flash("Progress update saved.", "success")
    return redirect(done_url + "#updates")


def _stored_evidence(form):
    upload = request.files.get(form.evidence.name)
    if upload is None or not upload.filename:
        return None
    try:
        stored = filestore.accept_upload(AREA, upload.stream, upload.filename,
                                         current_app.config["ACTION_EVIDENCE_MAX_BYTES"])
    except filestore.Refused as refused:
        return f"The file was not saved: {refused}"
    return stored.key, stored.name, stored.content_type


def download_evidence(update):
    if not update.evidence_key:
        access.deny(404, "ActionUpdate evidence", update.id)
    audit.record(AuditAction.view, obj=update, changes={"file": update.evidence_name},
                 commit=True)
    return filestore.download(AREA, update.evidence_key, update.evidence_name,
                              update.evidence_type or "application/octet-stream")
