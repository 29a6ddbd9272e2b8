"""Form requests in /admin: the list with its bulk actions (send drafts, chase), and the pages
of ``admin_views.agency_forms_pages`` (a review's grid, distribution, side-by-side reading, accept or
return, chase, notification, attachments)."""
from flask import flash, url_for
from flask_admin.actions import action
from flask_security import current_user
from markupsafe import Markup

import access
from admin_views import review_page
from admin_views.base import SecureModelView
from admin_views.agency_forms_pages import FormPages
from admin_views.agency_forms_grid import forms_grid
from agency_forms.workflow import send_request
from agency_forms.chasing import chase_now
from models import FormRequest, FormStatus


def _days_overdue(view, context, model, name):
    return model.days_overdue() or ""


DECLARATION_COLUMNS = ("declaration_name", "declaration_role", "senior_signoff_name",
                       "senior_signoff_role")
NOT_SUBMITTED = "Not submitted yet"


def _submitted_declaration(view, context, model, name):
    """The declaration as submitted, never the agency's draft of it: the columns hold the
    draft while the form is open (drafts are the agency's until submitted), so an open form
    shows its last submitted version's declaration, or nothing."""
    if model.status in (FormStatus.submitted, FormStatus.accepted):
        return getattr(model, name) or ""
    version = model.latest_version
    if version is None:
        return NOT_SUBMITTED
    declared = {item["key"]: item["value"] for item in version.data.get("declaration", [])}
    return declared.get(name) or ""


def _review_link(view, context, model, name):
    url = url_for("formrequest.grid_view", review_id=model.review_id)
    return Markup('<a href="{}">{}</a>').format(url, model.review)


class FormRequestView(FormPages, SecureModelView):
    list_template = "forms/formrequest_list.html"
    column_list = ("review", "agency", "form_type", "status", "due_on", "days_overdue",
                   "sent_at", "submitted_at")
    column_labels = {"form_type": "Form", "due_on": "Due", "days_overdue": "Days overdue",
                     "sent_at": "Sent", "submitted_at": "Submitted"}
    column_formatters = {"days_overdue": _days_overdue, "review": _review_link,
                         **dict.fromkeys(DECLARATION_COLUMNS, _submitted_declaration)}
    column_formatters_export = {"days_overdue": _days_overdue,
                                **dict.fromkeys(DECLARATION_COLUMNS, _submitted_declaration)}
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
                if send_request(r, current_user)]  # False for a request already sent
        flash(f"{len(sent)} request(s) sent.", "success")

    @action("chase", "Chase now", "Send a reminder now to the agencies of the selected "
            "requests?")
    def chase(self, ids):
        chased = [r for r in self.selected(ids, access.CHASE) if chase_now(r.id, current_user.id)]
        flash(f"{len(chased)} agency reminder(s) sent; requests not open or already chased "
              "today were left alone.", "success")


@review_page.section("forms", "Agency forms", needs="form_request", order=60, column="wide")
def forms_section(review, context):
    return forms_grid(review)


def register(admin):
    admin.add_view(FormRequestView(FormRequest, name="Form requests", category="Forms",
                                   endpoint="formrequest"))
