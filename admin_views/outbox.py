"""The outbox: every e-mail the system wrote, its status, and a retry for failures. Tokens of
password-reset and invitation links are hidden wherever the outbox shows or exports a body
(an admin could otherwise take over the account); "Send again" sends the stored message."""
from flask import flash
from flask_admin.actions import action

import mailer
from admin_views.base import SecureModelView
from models import OutboxMessage, db


def _attachment_names(view, context, model, name):
    """Names only: an admin sees what went with a message, never its content."""
    return ", ".join(attachment.name for attachment in model.attachments)


class OutboxView(SecureModelView):
    name = "Outbox"
    column_list = ("created_at", "recipient", "subject", "attachments", "status", "attempts",
                   "sent_at", "error")
    column_default_sort = ("created_at", True)
    column_filters = ("status", "recipient", "created_at")
    column_searchable_list = ("recipient", "subject")
    column_details_list = ("created_at", "recipient", "subject", "body", "attachments",
                           "status", "attempts", "sent_at", "error")
    column_export_list = column_list
    column_formatters = {"attachments": _attachment_names,
                         "body": lambda view, context, model, name: mailer.masked(model.body)}
    column_formatters_detail = column_formatters
    column_formatters_export = column_formatters
    action_permissions = {"retry": "send"}

    @action("retry", "Send again", "Queue the selected messages for sending again?")
    def retry(self, ids):
        for message in self.selected(ids):
            mailer.retry(message)
        db.session.commit()
        flash("Messages queued again.", "success")


def register(admin):
    admin.add_view(OutboxView(OutboxMessage, category="Administration", endpoint="outbox"))
