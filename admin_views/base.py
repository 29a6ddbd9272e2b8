"""The one secured, scoped, audited ModelView. Every admin screen derives from it; none
hand-writes its own checks. Permissions come from ``access`` (role rules and row scoping)."""
import re
from datetime import timedelta

from flask import current_app, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.form import BaseForm
from flask_admin.model import typefmt
from flask_security import current_user
from flask_security.utils import check_and_update_authn_fresh
from flask_wtf import FlaskForm
from sqlalchemy import inspect, select

import access
import audit
from models import AuditAction, LabelledEnum, db

# Which permission each Flask-Admin endpoint needs; anything else needs READ.
VIEW_ACTIONS = {
    "create_view": access.CREATE, "edit_view": access.EDIT, "ajax_update": access.EDIT,
    "delete_view": access.DELETE, "export": access.EXPORT,
}
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


class AdminForm(BaseForm, FlaskForm):
    """Flask-Admin forms carrying Flask-WTF's CSRF token, like every other form of the app."""


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """Ajax look-ups (select2 search) that offer only rows the user may see."""

    def get_query(self):
        return access.scope(super().get_query(), self.model)

    def get_one(self, pk):
        column = getattr(self.model, self.pk)
        with db.session.no_autoflush:
            return self.get_query().filter(column == coerce_id(column, pk)).one_or_none()


def coerce_id(column, raw):
    """Ids arrive as text; compare them as the column's type (PostgreSQL will not cast)."""
    try:
        return column.type.python_type(raw)
    except (TypeError, ValueError):
        return None


def _fresh():
    return check_and_update_authn_fresh(current_app.config["SECURITY_FRESHNESS"], timedelta(0))


def _label(view, value, name):
    return value.label


class SecureModelView(ModelView):
    """Attributes first (what the screen is), hooks after (how it is guarded)."""

    resource = None  # name of the rule in access.RULES; defaults to the table name
    form_base_class = AdminForm
    can_view_details = True
    export_types = ["csv", "xlsx"]
    page_size = 50
    # First match wins, so our labelled enums come before Flask-Admin's generic Enum formatter.
    column_type_formatters = {LabelledEnum: _label, **typefmt.BASE_FORMATTERS}
    column_type_formatters_detail = {LabelledEnum: _label, **typefmt.DETAIL_FORMATTERS}
    column_type_formatters_export = {LabelledEnum: _label, **typefmt.EXPORT_FORMATTERS}
    action_permissions = {"delete": access.DELETE}  # custom actions default to EDIT
    # Actions that need a password entered within SECURITY_FRESHNESS (bulk data leaves).
    fresh_auth_for = {access.EXPORT}
    # Our templates over Flask-Admin's (templates/admin/dhr_*.html): words for row actions,
    # the error summary on forms, summary lists for read-only records.
    list_template = "admin/dhr_list.html"
    create_template = "admin/dhr_create.html"
    edit_template = "admin/dhr_edit.html"
    details_template = "admin/dhr_details.html"

    def __init__(self, model, **kwargs):
        declared_name = getattr(type(self), "name", None)  # Flask-Admin would overwrite it
        if isinstance(declared_name, str):
            kwargs.setdefault("name", declared_name)
        self.resource = self.resource or model.__tablename__
        self.form_choices = {**_enum_choices(model), **(self.form_choices or {})}
        # Sentence case for every column and form label ("Notified on", not "Notified On").
        self.column_labels = {**_sentence_labels(model), **(self.column_labels or {})}
        super().__init__(model, db, **kwargs)

    def _prettify_name(self, name):
        return sentence_case(name)

    # -- what the current user may do (read per request, never cached) -----------------------
    def _may(self, action):
        return access.allowed(self.resource, action)

    can_create = property(lambda self: self._may(access.CREATE), lambda self, value: None)
    can_edit = property(lambda self: self._may(access.EDIT), lambda self, value: None)
    can_delete = property(lambda self: self._may(access.DELETE), lambda self, value: None)
    can_export = property(lambda self: self._may(access.EXPORT), lambda self, value: None)

    def is_accessible(self):
        return access.may_enter_admin() and self._may(access.READ)

    def is_visible(self):
        return self.is_accessible()

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("security.login", next=request.url))
        access.deny(403, self.resource)

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is not None:
            return refused
        action = VIEW_ACTIONS.get(name, access.READ)
        access.require(self.resource, action)
        if name == "ajax_lookup" and not (self._may(access.CREATE) or self._may(access.EDIT)):
            # Look-ups fill in create and edit forms; reading a list must not open them,
            # or a reader could page through a related table (e.g. every user account).
            access.deny(403, self.resource)
        if action in self.fresh_auth_for and not _fresh():
            return redirect(url_for("security.verify", next=request.url))
        return None

    def is_action_allowed(self, name):
        needed = self.action_permissions.get(name, access.EDIT)
        return super().is_action_allowed(name) and self._may(needed)

    # -- row scoping: lists, counts, search, filters, export, actions and single rows --------
    def _scoped(self, query, action=access.READ):
        return access.scope(query, self.model, action=action, resource=self.resource)

    def get_query(self):
        return self._narrow(self._scoped(super().get_query()))

    def get_count_query(self):
        return self._narrow(self._scoped(super().get_count_query()))

    def get_one(self, id):
        """Flask-Admin's own get_one ignores get_query(); ours answers 404 for unseen rows,
        and 403 for a row seen but not open to the endpoint's action (edit, delete)."""
        obj = self._one(id, access.READ)
        if obj is None:
            access.deny(404, self.model.__name__, id)
        action = VIEW_ACTIONS.get((request.endpoint or "").rpartition(".")[2], access.READ)
        if action != access.READ and self._one(id, action) is None:
            access.deny(403, self.model.__name__, id)
        if request.endpoint and request.endpoint.endswith((".details_view", ".edit_view")) \
                and request.method == "GET":
            audit.record(AuditAction.view, obj=obj, commit=True)
        return obj

    def _one(self, id, action):
        pk = getattr(self.model, self._primary_key)
        value = coerce_id(pk, id)
        if value is None:
            return None
        query = self._scoped(super().get_query(), action)
        return self._narrow(query).filter(pk == value).one_or_none()

    def _narrow(self, query):
        """A subclass's own narrowing of its rows beyond access (e.g. "My reviews")."""
        return query

    def get_for(self, id, action, resource=None):
        """The row a custom action acts on: 404 if the user cannot see it, 403 if they may
        not ``action`` it (on ``resource``, by default the view's)."""
        obj = self.get_one(id)
        pk = getattr(self.model, self._primary_key)
        resource = resource or self.resource
        allowed = access.allowed(resource, action) and db.session.scalar(access.scope(
            select(pk).where(pk == getattr(obj, self._primary_key)), self.model,
            action=action, resource=resource)) is not None
        if not allowed:
            access.deny(403, resource, id)
        return obj

    def selected(self, ids, action=access.READ):
        """The rows a bulk action was asked to touch, within the user's scope for it."""
        pk = getattr(self.model, self._primary_key)
        query = self._narrow(self._scoped(super().get_query(), action))
        return query.filter(pk.in_([coerce_id(pk, i) for i in ids])).all()

    def _create_ajax_loader(self, name, options):
        remote_model = getattr(self.model, name).property.mapper.class_
        return ScopedAjaxLoader(name, db, remote_model, **options)

    def create_form(self, obj=None):
        return _scope_choices(super().create_form(obj))

    def edit_form(self, obj=None):
        return _scope_choices(super().edit_form(obj))

    # -- export: audited, and no spreadsheet formulas from user text --------------------------
    def _export_data(self):
        count, data = super()._export_data()
        audit.record(AuditAction.export, changes={"resource": self.resource, "rows": count})
        return count, data

    def get_export_value(self, model, name):
        value = super().get_export_value(model, name)
        if isinstance(value, str) and FORMULA_START.match(value):
            return "'" + value
        return value


def _enum_choices(model):
    """Select boxes for enum columns show labels, store names."""
    choices = {}
    for column in getattr(model, "__table__").columns:
        enum_class = getattr(column.type, "enum_class", None)
        if enum_class is not None and issubclass(enum_class, LabelledEnum):
            choices[column.key] = enum_class.choices()
    return choices


def sentence_case(name):
    return name.replace("_", " ").replace(".", " ").strip().capitalize()


def _sentence_labels(model):
    return {key: sentence_case(key) for key in inspect(model).attrs.keys()}


def _scope_choices(form):
    """Relationship select boxes list only rows the user may see."""
    for field in form:
        factory = getattr(field, "query_factory", None)
        if factory is not None and not getattr(factory, "scoped", False):
            def scoped(factory=factory, model=_query_model(field)):
                query = factory()
                return access.scope(query, model) if model is not None else query
            scoped.scoped = True
            field.query_factory = scoped
    return form


def _query_model(field):
    try:
        return field.query_factory().column_descriptions[0]["entity"]
    except (AttributeError, IndexError, KeyError, TypeError):
        return None


class SecureIndexView(AdminIndexView):
    """The /admin landing page: any CSP role; agency users are refused (they use /portal)."""

    def is_accessible(self):
        return access.may_enter_admin()

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("security.login", next=request.url))
        access.deny(403, "admin")

    @expose("/")
    def index(self):
        from admin_views import home  # home imports the views' endpoints, not the reverse
        return self.render("admin/index.html", queues=home.queues(current_user),
                           analyst_only=access.roles_of(current_user) == {access.ANALYST})

