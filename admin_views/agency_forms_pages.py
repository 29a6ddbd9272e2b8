"""The custom form pages on the form request view: a review's grid and distribution, reading
the submissions side by side, accept/return, chase now, the manager's notification form and
attachment downloads. Each asks ``access`` (role rule, then scoped rows) like every view."""
from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_security import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload
from wtforms.fields import SelectChoice

import access
import audit
from admin_views.base import checked_row, secured, suffixed_ids
from admin_views.agency_forms_grid import forms_grid
from dates import day
from agency_forms import attachments
from agency_forms.briefing import default_briefing
from agency_forms.fields import DecisionForm, DistributeForm, notification_form
from agency_forms.notification import notify
from agency_forms.workflow import FormLocked, decide, distribute, send_request
from agency_forms.chasing import chase_now
from models import (Agency, AuditAction, FormAttachment, FormRequest, FormStatus, FormType,
                    FormVersion, Review, db)

REVIEW, REQUEST = (Review, "review_id"), (FormRequest, "request_id")  # the row a page is about


class FormPages:
    """Mixed into FormRequestView: pages under /admin/formrequest/."""

    def _grid_url(self, review_id):
        return url_for(".grid_view", review_id=review_id)

    @expose("/review/<int:review_id>/")
    @secured("form_request", access.READ, row=REVIEW)
    def grid_view(self, review_id):
        review = checked_row()
        audit.record(AuditAction.view, obj=review, changes={"page": "forms"}, commit=True)
        form = None
        if self._may(access.DISTRIBUTE):
            form = _distribute_form()
            form.briefing.data = form.briefing.data or default_briefing(review)
        return self.render("forms/grid_page.html", review=review, grid=forms_grid(review),
                           distribute_form=form)

    @expose("/review/<int:review_id>/distribute/", methods=("POST",))
    @secured("form_request", access.DISTRIBUTE, row=REVIEW)
    def distribute_view(self, review_id):
        review = checked_row()
        form = _distribute_form()
        if not form.validate_on_submit():  # the page again: error summary, answers kept
            return self.render("forms/grid_page.html", review=review, grid=forms_grid(review),
                               distribute_form=form), 400
        agencies = db.session.scalars(_active_agencies().where(
            Agency.id.in_(form.agencies.data))).all()
        created = distribute(review, agencies, FormType[form.form_type.data], current_user,
                             due_on=form.due_on.data, briefing=form.briefing.data or None,
                             send=form.send.data)
        skipped = len(agencies) - len(created)
        flash(f"{len(created)} request(s) {'sent' if form.send.data else 'saved as drafts'}"
              + (f"; {skipped} agency(ies) already had this form." if skipped else "."),
              "success")
        return redirect(self._grid_url(review_id))

    @expose("/review/<int:review_id>/compare/<form_type>/")
    @secured("form_request", access.READ, row=REVIEW)
    def compare_view(self, review_id, form_type):
        review = checked_row()
        if form_type not in FormType.__members__:
            access.deny(404, "FormType", None)
        audit.record(AuditAction.view, obj=review, changes={"page": f"compare {form_type}"},
                     commit=True)  # before loading: the commit would expire what was loaded
        return self._compare(review, FormType[form_type], request.args.get("one", type=int))

    def _compare(self, review, form_type, one=None, failed=None, status=200):
        """The submissions side by side, or ``one`` agency's alone; ``failed``: the decision
        form of one request as posted, shown again with its errors and what was typed."""
        columns = _submissions(review.id, form_type)
        shown = [c for c in columns if c[0].id == one] if one else columns
        if one and not shown:
            access.deny(404, "FormRequest", one)
        forms = {r.id: suffixed_ids((failed or {}).get(r.id) or DecisionForm(formdata=None),
                                    r.id) for r, v, files in shown}
        return self.render("forms/compare.html", review=review, form_type=form_type,
                           columns=columns, shown=shown, one=one,
                           may_decide=self._may(access.DECIDE), decision_forms=forms,
                           failed_forms=list((failed or {}).values()),
                           FormStatus=FormStatus), status

    @expose("/<int:request_id>/decide/", methods=("POST",))
    @secured("form_request", access.DECIDE, row=REQUEST)
    def decide_view(self, request_id):
        item = checked_row()
        form = DecisionForm()
        back = url_for(".compare_view", review_id=item.review_id,
                       form_type=item.form_type.name, one=item.id)
        if not form.validate_on_submit():
            return self._compare(item.review, item.form_type, item.id, {item.id: form}, 400)
        try:
            decide(item, current_user, form.decision.data == "accept", form.comment.data or None,
                   form.due_on.data)
        except FormLocked as locked:
            flash(str(locked), "danger")
        else:
            flash(_decided_message(item), "success")
        return redirect(back)

    @expose("/<int:request_id>/chase/", methods=("POST",))
    @secured("form_request", access.CHASE, row=REQUEST)
    def chase_view(self, request_id):
        item = checked_row()
        if chase_now(item.id, current_user.id):
            flash(f"Reminder sent to {item.agency}.", "success")
        else:
            flash(f"{item.agency} was not chased: the form is not open, or was already chased "
                  "today.", "info")
        return redirect(self._grid_url(item.review_id))

    @expose("/<int:request_id>/send/", methods=("POST",))
    @secured("form_request", access.DISTRIBUTE, row=REQUEST)
    def send_view(self, request_id):
        item = checked_row()
        if send_request(item, current_user):
            flash(f"Request sent to {item.agency}.", "success")
        return redirect(self._grid_url(item.review_id))

    @expose("/notify/", methods=("GET", "POST"))
    @secured("form_request", access.NOTIFY)
    def notify_view(self):
        access.require(self.resource, access.NOTIFY)
        agencies = db.session.scalars(access.notifiable_agencies(_active_agencies())).all()
        form = notification_form(agencies)
        if form.validate_on_submit():
            notified = notify(form, db.session.get(Agency, int(form.agency.data)),
                              current_user)
            if notified.problem:
                flash(f"Not recorded yet. {notified.problem}", "warning")
            else:
                flash(f"Notification recorded as {notified.review.reference}; review managers "
                      "told.", "success")
                return redirect(self._grid_url(notified.review.id))
        return self.render("forms/notify.html", form=form)

    @expose("/attachment/<int:attachment_id>/")
    @secured("form_attachment", access.READ, row=(FormAttachment, "attachment_id"))
    def attachment_view(self, attachment_id):
        query = access.scope(select(FormAttachment), FormAttachment).where(
            FormAttachment.id == attachment_id)
        attachment = db.session.scalar(query)
        if attachment is None:
            access.deny(404, "FormAttachment", attachment_id)
        audit.record(AuditAction.view, obj=attachment, commit=True)
        return attachments.download(attachment)


def _decided_message(item):
    if item.status is FormStatus.accepted:
        return f"{item.agency.name}'s {item.form_type.label} is accepted."
    due = f" It is now due on {day(item.due_on)}." if item.due_on else ""
    return (f"{item.form_type.label} returned to {item.agency.name}. We have e-mailed the "
            f"agency your comments.{due}")


def _active_agencies():
    return select(Agency).where(Agency.active.is_(True)).order_by(Agency.name)


def _distribute_form():
    form = DistributeForm()
    agencies = db.session.scalars(_active_agencies()).all()
    form.agencies.choices = [SelectChoice(a.id, a.name) for a in agencies]
    return form


def _submissions(review_id, form_type):
    """(request, latest version, attachments) per agency whose answers the user may read."""
    versions = db.session.scalars(access.scope(select(FormVersion), FormVersion).join(
        FormVersion.request).where(FormRequest.review_id == review_id,
                                   FormRequest.form_type == form_type)
        .options(contains_eager(FormVersion.request).options(
            selectinload(FormRequest.agency), selectinload(FormRequest.versions)))
        .order_by(FormVersion.number)).all()
    latest = {}
    for version in versions:
        latest[version.request_id] = version
    files = db.session.scalars(access.scope(select(FormAttachment), FormAttachment)
                               .where(FormAttachment.request_id.in_(latest))).all()
    columns = [(v.request, v, [f for f in files if f.request_id == v.request_id])
               for v in latest.values()]
    return sorted(columns, key=lambda column: column[0].agency.name)
