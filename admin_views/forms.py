"""Form requests in /admin: the list, the agencies x forms grid of a review (``forms_grid``, a
partial the review page includes), distribution, side-by-side reading, accept/return, chase."""
from datetime import date

from flask import flash, render_template, url_for
from flask_admin.actions import action
from flask_security import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import access
from admin_views.base import SecureModelView
from admin_views.form_pages import FormPages
from agency_forms.workflow import send_request
from jobs.chasing import chase_now
from models import FormRequest, FormStatus, FormType, db

GRID_TYPES = (FormType.initial_notification, FormType.involvement, FormType.imr)


def _days_overdue(view, context, model, name):
    return model.days_overdue() or ""


def _review_link(view, context, model, name):
    url = url_for("formrequest.grid_view", review_id=model.review_id)
    return Markup('<a href="{}">{}</a>').format(url, model.review)


def scoped_requests(review_id):
    query = access.scope(select(FormRequest), FormRequest).where(
        FormRequest.review_id == review_id).options(
        selectinload(FormRequest.agency), selectinload(FormRequest.reminders))
    return db.session.scalars(query).all()


def forms_grid(review, today=None):
    """The agencies x form types grid of one review, as HTML (a container with id="forms")."""
    requests = scoped_requests(review.id)
    agencies = sorted({r.agency for r in requests}, key=lambda agency: agency.name)
    present = {r.form_type for r in requests}
    types = [t for t in GRID_TYPES if t in present or t is not FormType.initial_notification]
    return Markup(render_template(
        "forms/_grid.html", review=review, agencies=agencies, types=types,
        cells={(r.agency_id, r.form_type): r for r in requests}, today=today or date.today(),
        may_chase=access.allowed("form_request", access.CHASE),
        may_distribute=access.allowed("form_request", access.DISTRIBUTE)))


class FormRequestView(FormPages, SecureModelView):
    list_template = "forms/formrequest_list.html"
    column_list = ("review", "agency", "form_type", "status", "due_on", "days_overdue",
                   "sent_at", "submitted_at")
    column_labels = {"form_type": "Form", "due_on": "Due", "days_overdue": "Days overdue",
                     "sent_at": "Sent", "submitted_at": "Submitted"}
    column_formatters = {"days_overdue": _days_overdue, "review": _review_link}
    column_formatters_export = {"days_overdue": _days_overdue}
    column_sortable_list = ("form_type", "status", "due_on", "sent_at", "submitted_at",
                            ("review", "review.reference"), ("agency", "agency.name"))
    column_default_sort = ("due_on", False)
    column_filters = ("form_type", "status", "due_on", "review.reference", "agency.name")
    column_details_list = ("review", "agency", "form_type", "status", "due_on", "briefing",
                           "sent_by", "sent_at", "submitted_by", "submitted_at",
                           "declaration_name", "declaration_role", "senior_signoff_name",
                           "senior_signoff_role", "decided_by", "decided_at",
                           "decision_comment", "reminders")
    form_columns = ("due_on", "briefing")
    action_permissions = {"send_drafts": access.DISTRIBUTE, "chase": access.CHASE}

    @action("send_drafts", "Send", "Send the selected draft requests to their agencies?")
    def send_drafts(self, ids):
        sent = [r for r in self.selected(ids, access.DISTRIBUTE)
                if r.status is FormStatus.draft and send_request(r, current_user)]
        flash(f"{len(sent)} request(s) sent.", "success")

    @action("chase", "Chase now", "Send a reminder now to the agencies of the selected "
            "requests?")
    def chase(self, ids):
        chased = [r for r in self.selected(ids, access.CHASE) if chase_now(r.id, current_user.id)]
        flash(f"{len(chased)} agency reminder(s) sent; requests not open or already chased "
              "today were left alone.", "success")


def register(admin):
    admin.add_view(FormRequestView(FormRequest, name="Form requests", category="Forms",
                                   endpoint="formrequest"))
    admin.app.jinja_env.globals["forms_grid"] = forms_grid  # for the review page to include
