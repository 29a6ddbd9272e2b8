"""Read-only lists of the typed answers (so they can be listed, filtered and exported), the
reminders sent, and the terms of reference each IMR answers."""
from sqlalchemy.orm import joinedload

from admin_views.base import SecureModelView
from models import (IMR, FormReminder, FormRequest, InvolvementReturn, NotificationForm,
                    TermOfReference)


def _labels(model):
    return {q.key: q.label for q in model.QUESTIONS}


class RequestRowsView(SecureModelView):
    """Rows hanging off a form request, listed by the request, whose name needs its review
    and agency: loaded with the rows, not one query per row."""

    def get_query(self):
        request = joinedload(self.model.request)
        return super().get_query().options(request.joinedload(FormRequest.review),
                                           request.joinedload(FormRequest.agency))


class AnswersView(RequestRowsView):
    """One row per form request; the scope follows the request (access.row_condition)."""
    column_filters = ("request.status", "request.agency.name", "request.review.reference")

    def __init__(self, model, **kwargs):
        self.column_list = ("request",) + tuple(q.key for q in model.QUESTIONS[:4])
        self.column_details_list = ("request",) + tuple(q.key for q in model.QUESTIONS)
        self.column_export_list = self.column_details_list
        self.column_labels = {"request": "Request", **_labels(model)}
        super().__init__(model, **kwargs)


class FormReminderView(RequestRowsView):
    column_list = ("request", "kind", "sent_on", "sent_by", "recipients")
    column_filters = ("kind", "sent_on", "request.agency.name", "request.review.reference")
    column_default_sort = ("sent_on", True)


class TermOfReferenceView(SecureModelView):
    column_list = ("review", "position", "text")
    column_filters = ("review.reference",)
    column_default_sort = ("position", False)
    form_columns = ("review", "position", "text")


def register(admin):
    for model, name, endpoint in ((NotificationForm, "Notifications", "notificationform"),
                                  (InvolvementReturn, "Involvement returns", "involvementreturn"),
                                  (IMR, "IMRs", "imr")):
        admin.add_view(AnswersView(model, name=name, category="Forms", endpoint=endpoint))
    admin.add_view(FormReminderView(FormReminder, name="Reminders", category="Forms",
                                    endpoint="formreminder"))
    admin.add_view(TermOfReferenceView(TermOfReference, name="Terms of reference",
                                       category="Reviews", endpoint="termofreference"))
