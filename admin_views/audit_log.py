"""The audit log in people's words: read-only for admins, filterable, exportable.

Rows store ids (who, which record, which review) so that they survive renames; the list puts
names back: the actor's name, the review's reference and the record's label. Those are loaded
once per page for all its rows (one statement per kind of record shown), never per row."""
from flask import g, url_for
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from markupsafe import Markup, escape
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

import dates
from admin_views.base import SecureModelView, sentence_case
from admin_views.choices import CheckedFilter
from models import AuditAction, AuditEvent, Review, User, db

A = AuditAction
KINDS = {  # the ready filters: what happened, in the words an admin looks for
    "sign_in_failures": ("Sign-in failures", (A.sign_in_failed, A.two_factor_failed,
                                              A.sign_in_throttled)),
    "refusals": ("Refusals", (A.permission_denied, A.not_found)),
    "changes": ("Changes to records", (A.create, A.update, A.delete)),
    "exports": ("Exports", (A.export,)),
    "sign_ins": ("Sign-ins and sign-outs", (A.sign_in, A.sign_out)),
}


class KindFilter(CheckedFilter, BaseSQLAFilter):
    def __init__(self):
        super().__init__(AuditEvent.action, "What happened",
                         options=[(key, label) for key, (label, _) in KINDS.items()])

    def apply(self, query, value, alias=None):
        return query.filter(self.get_column(alias).in_(KINDS.get(value, ("", ()))[1]))

    def operation(self):
        return "is"


class ReviewFilter(CheckedFilter, BaseSQLAFilter):
    """One review, by its reference (events keep the review's id)."""

    def __init__(self):
        super().__init__(AuditEvent.review_id, "Review")

    def apply(self, query, value, alias=None):
        ids = select(Review.id).where(Review.reference == value.strip().upper())
        return query.filter(self.get_column(alias).in_(ids))

    def operation(self):
        return "reference is"


class PersonFilter(CheckedFilter, BaseSQLAFilter):
    """One person, by part of their name or e-mail address."""

    def __init__(self):
        super().__init__(AuditEvent.actor, "Person")

    def apply(self, query, value, alias=None):
        like = f"%{value.strip()}%"
        named = select(User.id).where(or_(User.full_name.ilike(like), User.email.ilike(like)))
        return query.filter(or_(self.get_column(alias).ilike(like),
                                AuditEvent.user_id.in_(named)))

    def operation(self):
        return "name or e-mail contains"


def _when(view, context, model, name):
    return dates.when(model.created_at)


def _who(view, context, model, name):
    if model.user is not None and model.user.full_name:
        return f"{model.user.full_name} ({model.user.email})"
    return model.actor or ("Not signed in" if model.path else "System")


def _what(view, context, model, name):
    return model.action.label


def _record(view, context, model, name):
    object_type, object_id = model.object_type, model.object_id
    if not object_type and isinstance(model.changes, dict):  # a refusal names what was asked
        object_type, object_id = model.changes.get("object_type"), model.changes.get("object_id")
    if not object_type:
        return ""
    words = sentence_case(_snake(str(object_type)))
    label = _labels().get((object_type, object_id)) if model.object_type else None
    return f"{words}: {label}" if label else f"{words} {object_id or ''}".strip()


def _review(view, context, model, name):
    reference = _labels().get(("Review", model.review_id))
    if not reference:
        return ""
    return Markup(f'<a href="{escape(url_for("review.page", review_id=model.review_id))}">'
                  f'{escape(reference)}</a>')


def _snake(name):
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _labels():
    return getattr(g, "audit_labels", {})


# Records whose label a person recognises; others show their kind and number.
LABELLED = ("Review", "Agency", "User", "FormRequest", "ReviewHold", "HomeOfficeSubmission",
            "OutboxMessage")


def load_labels(events):
    """(object type, id) -> label for the rows of one page: a statement per kind shown."""
    wanted = {}
    for event in events:
        if event.review_id:
            wanted.setdefault("Review", set()).add(event.review_id)
        if event.object_type in LABELLED and event.object_id:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    registry = {mapper.class_.__name__: mapper.class_ for mapper in db.Model.registry.mappers}
    labels = {}
    for type_name, ids in wanted.items():
        model = registry.get(type_name)
        if model is None:
            continue
        for row in db.session.scalars(select(model).where(model.id.in_(ids))):
            labels[(type_name, row.id)] = row.reference if type_name == "Review" else str(row)
    return labels


class AuditEventView(SecureModelView):
    name = "Audit log"
    named_filter_urls = True
    column_list = ("created_at", "actor", "action", "object_type", "review_id", "ip", "path")
    column_labels = {"created_at": "When", "actor": "Who", "action": "What happened",
                     "object_type": "Record", "review_id": "Review", "ip": "From (IP address)",
                     "path": "Page", "changes": "Changes", "object_id": "Record number"}
    column_formatters = {"created_at": _when, "actor": _who, "action": _what,
                         "object_type": _record, "review_id": _review}
    column_formatters_export = {"created_at": _when, "actor": _who, "action": _what}
    column_default_sort = ("created_at", True)
    column_sortable_list = ("created_at", "actor", "action")
    column_filters = (KindFilter(), ReviewFilter(), PersonFilter(), "action", "created_at",
                      "ip")
    column_searchable_list = ("actor", "path")
    column_details_list = ("created_at", "actor", "action", "object_type", "object_id",
                           "review_id", "ip", "path", "changes")
    list_template = "admin/audit_list.html"

    def get_query(self):
        return super().get_query().options(joinedload(AuditEvent.user))

    def get_list(self, *args, **kwargs):
        count, rows = super().get_list(*args, **kwargs)
        if isinstance(rows, list):  # not the export's unexecuted query
            g.audit_labels = load_labels(rows)
        return count, rows

    def get_one(self, id):
        event = super().get_one(id)
        g.audit_labels = load_labels([event])
        return event

    def ready_filters(self):
        """The links above the list: the kinds of event an admin looks for."""
        return [(label, url_for(".index_view", flt0_what_happened_is=key))
                for key, (label, _) in KINDS.items()]


def register(admin):
    admin.add_view(AuditEventView(AuditEvent, category="Administration", endpoint="auditevent"))
