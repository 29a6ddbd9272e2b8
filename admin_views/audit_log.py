"""The audit log: read-only for admins, filterable, exportable."""
from admin_views.base import SecureModelView
from models import AuditEvent


class AuditEventView(SecureModelView):
    name = "Audit log"
    column_list = ("created_at", "actor", "action", "object_type", "object_id", "review_id",
                   "ip", "path")
    column_default_sort = ("created_at", True)
    column_filters = ("created_at", "action", "actor", "ip", "object_type", "object_id",
                      "review_id")
    column_searchable_list = ("actor", "path")
    column_details_list = column_list + ("changes",)


def register(admin):
    admin.add_view(AuditEventView(AuditEvent, category="Administration", endpoint="auditevent"))
