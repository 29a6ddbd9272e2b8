"""One form request in the portal: read it, save a draft (by hand or autosaved), attach files in
the same save, check the answers, submit, and keep the receipt. Nothing typed is lost: every
refusal (a stale revision, a refused file, an expired session) keeps the answers."""
from flask import flash, jsonify, redirect, render_template, url_for
from flask_security import current_user

import access
import audit
from agency_forms import answers, attachments
from agency_forms.fields import UploadForm, answers_form, posted_answers, term_key
from agency_forms.workflow import FormLocked, Incomplete, save_draft, submit
from models import AuditAction, FormAttachment, FormRequest, FormStatus, FormType, db
from portal import bp
from portal.forms import SaveButtonsForm, SubmitForm
from portal.guard import agency_page, open_request, refuse_locked, visible
from portal.wording import london_time

STALE = ("A colleague saved this form after you opened it. Your answers are shown below "
         "but were not saved: check them against theirs, then save again.")


@bp.route("/requests/<int:request_id>", methods=["GET"])
@agency_page
def form_request(request_id):
    form_request = visible(FormRequest, request_id, action=access.FILL)
    if form_request.form_type is FormType.chronology:  # an upload, not questions
        return redirect(url_for("portal.chronology", request_id=request_id))
    audit.record(AuditAction.view, obj=form_request)
    form = None
    if form_request.is_fillable and access.allowed("form_request", access.FILL):
        form = _fresh_form(form_request)
    return _page(form_request, form)


@bp.route("/requests/<int:request_id>", methods=["POST"])
@agency_page
def save_form_request(request_id):
    """Answers first, then the file chosen in the same form (or a removal), so that a refused
    file never costs the answers; "Continue" then leads to check-your-answers."""
    form_request = _questions_request(open_request(request_id))
    terms = answers.terms_for(form_request)
    form, buttons = answers_form(form_request.form_type, terms), SaveButtonsForm()
    buttons.validate()  # for its fields' errors: none of them refuses the save by itself
    upload = buttons.file.data  # None when no file was chosen
    chosen = upload is not None
    if not form.validate_on_submit():
        return _page(form_request, form, file_not_attached=chosen), 400
    if str(form.revision.data) != str(form_request.revision):
        form.revision.data = form_request.revision
        flash(STALE, "warning")
        return _page(form_request, form, file_not_attached=chosen), 409
    removing = _removable(form_request, buttons.remove_attachment)
    try:
        save_draft(form_request, current_user, *_posted(form, form_request, terms))
    except FormLocked:
        refuse_locked(form_request)
    if chosen:
        refused = _attach(form_request, upload)
        if refused:
            db.session.commit()  # the answers are kept: the 400 (which rolls back) is the file's
            return _page(form_request, _fresh_form(form_request), file_error=refused), 400
    if removing is not None:
        flash(f"Draft saved and {removing.original_name} removed.", "success")
        attachments.remove(removing)
    if buttons.checking:
        return redirect(url_for("portal.check_answers", request_id=form_request.id))
    flash("Draft saved. You or a colleague can come back to it at any time.", "success")
    return redirect(url_for("portal.form_request", request_id=form_request.id))


@bp.route("/requests/<int:request_id>/autosave", methods=["POST"])
@agency_page
def autosave(request_id):
    """The page's script saves the draft every few seconds: the same revision check as a save
    by hand (a stale revision is a 409 the page shows, never overwritten)."""
    form_request = _questions_request(open_request(request_id))
    terms = answers.terms_for(form_request)
    form = answers_form(form_request.form_type, terms)
    if not form.validate_on_submit():
        return jsonify(errors={f.id: f.errors for f in form if f.errors}), 400
    if str(form.revision.data) != str(form_request.revision):
        return jsonify(conflict=True, revision=form_request.revision, message=(
            "A colleague saved this form in another window after you opened it, so your "
            "latest changes were not saved. Your text is still on this page: copy anything "
            "you need, then reload the page to see their version.")), 409
    save_draft(form_request, current_user, *_posted(form, form_request, terms))
    return jsonify(revision=form_request.revision,
                   saved_at=london_time(form_request.updated_at, "%H:%M"))


@bp.route("/requests/<int:request_id>/check", methods=["GET"])
@agency_page
def check_answers(request_id):
    """Check your answers before the one step that cannot be undone."""
    form_request = _questions_request(visible(FormRequest, request_id, action=access.FILL))
    if not form_request.is_fillable:
        return redirect(url_for("portal.form_request", request_id=form_request.id))
    return render_template("portal/check.html", item=form_request,
                           data=answers.snapshot(form_request),
                           gaps=_gap_links(form_request, answers.missing(form_request)))


@bp.route("/requests/<int:request_id>/submit", methods=["POST"])
@agency_page
def submit_form_request(request_id):
    form_request = _questions_request(open_request(request_id))
    checked = SubmitForm()
    if not checked.validate_on_submit() or checked.revision.data != form_request.revision:
        flash("A colleague changed this form after you checked it. Check the answers again "
              "before you submit.", "warning")
        return redirect(url_for("portal.check_answers", request_id=form_request.id))
    try:
        submit(form_request, current_user)
    except Incomplete:
        return redirect(url_for("portal.check_answers", request_id=form_request.id))
    except FormLocked:
        refuse_locked(form_request)
    return redirect(url_for("portal.receipt", request_id=form_request.id))


def _questions_request(form_request):
    """A request answered by questions: a chronology is uploaded (portal/chronology.py)."""
    if form_request.form_type is FormType.chronology:
        access.deny(404, "FormRequest", form_request.id)
    return form_request


def _fresh_form(form_request):
    return answers_form(form_request.form_type, answers.terms_for(form_request),
                        data=initial_values(form_request))


def _attach(form_request, upload):
    """None when the file is attached, else the reason it was refused."""
    if not access.allowed("form_attachment", access.CREATE):
        return "You may not attach files to this form."
    try:
        attachment = attachments.store(form_request, upload, current_user)
    except attachments.UploadRefused as refused:
        return (f"Your answers are saved, but {attachments.display_name(upload.filename)} "
                f"was not attached. {refused}")
    flash(f"Draft saved and {attachment.original_name} attached.", "success")
    return None


def _removable(form_request, field):
    """The attachment "Remove" was pressed for, checked before anything is saved (404 when it
    is not the user's or no id at all, 409 when it belongs to a submitted version), or None."""
    if field.data is None and not field.errors:
        return None
    attachment = visible(FormAttachment, 0 if field.errors else field.data,
                         action=access.DELETE)
    access.require("form_attachment", access.DELETE)
    if attachment.request_id != form_request.id or attachments.was_submitted(attachment):
        refuse_locked(form_request)
    return attachment


def _page(form_request, form, file_error=None, file_not_attached=False):
    version = form_request.latest_version
    readonly = version.data if version is not None and form is None else None
    if form is None and readonly is None:
        readonly = answers.snapshot(form_request)
    errors = [(f.id, f.label.text.rstrip(" *"), " ".join(f.errors))
              for f in form if f.errors] if form is not None else []
    if file_error:
        errors.append(("file", "Attach a document", file_error))
    elif file_not_attached and form is not None:
        errors.append(("file", "Attach a document", "Your file was not attached: choose it "
                       "again after you have saved your answers."))
    return render_template(
        "portal/request.html", item=form_request, form=form, readonly=readonly,
        terms=answers.terms_for(form_request), term_key=term_key,
        declaration=answers.DECLARATION, questions=answers.questions(form_request.form_type),
        analysis_after=answers.answer_model(form_request.form_type).ANALYSIS_AFTER,
        upload=UploadForm() if form is not None else None, errors=errors,
        file_error=errors[-1][2] if errors and errors[-1][0] == "file" else None,
        was_submitted=attachments.was_submitted,
        returned=version if form_request.status is FormStatus.returned else None)


def _gap_links(form_request, gaps):
    """Each gap that stops submission with the field it names, for the error summary."""
    fields = {q.label: q.key for q in answers.questions(form_request.form_type)}
    fields.update({q.label: q.key for q in answers.DECLARATION})
    fields["The declaration"] = "declaration_confirmed"
    for term in answers.terms_for(form_request):
        fields[f"Analysis against term of reference {term.position}"] = term_key(term.id)
    return [(gap, fields.get(gap)) for gap in gaps]


def initial_values(form_request):
    row = answers.answers_for(form_request)
    values = {q.key: _field_value(getattr(row, q.key)) for q in row.QUESTIONS} if row else {}
    for term_id, entry in answers.analyses_for(form_request).items():
        values[term_key(term_id)] = entry.answer
    for question in answers.DECLARATION:
        values[question.key] = getattr(form_request, question.key)
    values["declaration_confirmed"] = form_request.declaration_confirmed
    values["revision"] = form_request.revision
    return values


def _field_value(value):
    return getattr(value, "name", value)  # choices hold enum names


def _posted(form, form_request, terms):
    """The form's data split into answers, per-term analysis and declaration."""
    values = posted_answers(form, answers.questions(form_request.form_type))
    analysis = {term.id: form[term_key(term.id)].data for term in terms}
    declaration = {q.key: form[q.key].data for q in answers.DECLARATION if q.key in form}
    if "declaration_confirmed" in form:
        declaration["declaration_confirmed"] = bool(form.declaration_confirmed.data)
    return values, analysis, declaration

