"""One form request in the portal: read it, save a draft, come back, submit it."""
from flask import flash, redirect, render_template, request as http, url_for
from flask_security import current_user

import access
import audit
from agency_forms import answers, attachments
from agency_forms.fields import UploadForm, answers_form, posted_answers, term_key
from agency_forms.workflow import FormLocked, Incomplete, save_draft, submit
from models import AuditAction, FormRequest, FormStatus
from portal import bp
from portal.guard import agency_page, open_request, refuse_locked, visible


@bp.route("/requests/<int:request_id>", methods=["GET"])
@agency_page
def form_request(request_id):
    form_request = visible(FormRequest, request_id, action=access.FILL)
    audit.record(AuditAction.view, obj=form_request, commit=True)
    form = None
    if form_request.is_fillable and access.allowed("form_request", access.FILL):
        form = answers_form(form_request.form_type, answers.terms_for(form_request),
                            data=initial_values(form_request))
    return _page(form_request, form)


@bp.route("/requests/<int:request_id>", methods=["POST"])
@agency_page
def save_form_request(request_id):
    form_request = open_request(request_id)
    terms = answers.terms_for(form_request)
    form = answers_form(form_request.form_type, terms)
    if not form.validate_on_submit():
        return _page(form_request, form), 400
    if str(form.revision.data) != str(form_request.revision):
        form.revision.data = form_request.revision
        flash("A colleague saved this form after you opened it. Your answers are shown below "
              "but were not saved: check them against theirs, then save again.", "warning")
        return _page(form_request, form), 409
    try:
        save_draft(form_request, current_user, *_posted(form, form_request, terms))
        if http.form.get("action") == "submit":
            submit(form_request, current_user)
            flash("Submitted. Thank you: the form is now with the review team.", "success")
        else:
            flash("Draft saved. You or a colleague can come back to it at any time.", "success")
    except Incomplete as gaps:
        flash("Your draft is saved but was not submitted. Still needed: "
              + "; ".join(gaps.gaps) + ".", "warning")
    except FormLocked:
        refuse_locked(form_request)
    return redirect(url_for("portal.form_request", request_id=form_request.id))


def _page(form_request, form):
    version = form_request.latest_version
    readonly = version.data if version is not None and form is None else None
    if form is None and readonly is None:
        readonly = answers.snapshot(form_request)
    return render_template(
        "portal/request.html", item=form_request, form=form, readonly=readonly,
        terms=answers.terms_for(form_request), term_key=term_key,
        declaration=answers.DECLARATION, questions=answers.questions(form_request.form_type),
        analysis_after=answers.answer_model(form_request.form_type).ANALYSIS_AFTER,
        upload=UploadForm() if form is not None else None,
        was_submitted=attachments.was_submitted,
        returned=version if form_request.status is FormStatus.returned else None)


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
    return getattr(value, "name", value)  # select boxes hold enum names


def _posted(form, form_request, terms):
    """The form's data split into answers, per-term analysis and declaration."""
    values = posted_answers(form, answers.questions(form_request.form_type))
    analysis = {term.id: form[term_key(term.id)].data for term in terms}
    declaration = {q.key: form[q.key].data for q in answers.DECLARATION if q.key in form}
    if "declaration_confirmed" in form:
        declaration["declaration_confirmed"] = bool(form.declaration_confirmed.data)
    return values, analysis, declaration
