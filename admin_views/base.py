"""The one secured, scoped, audited ModelView. Every admin screen derives from it; none
hand-writes its own checks. Permissions come from ``access`` (role rules and row scoping)."""
import re

from flask import abort, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.form import BaseForm
from flask_admin.model import typefmt
from flask_security import current_user
from flask_wtf import FlaskForm

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
        with db.session.no_autoflush:
            return self.get_query().filter(getattr(self.model, self.pk) == pk).one_or_none()


def _deny(status, obj_type=None, obj_id=None):
    audit.record(AuditAction.permission_denied if status == 403 else AuditAction.not_found,
                 changes={"object_type": obj_type, "object_id": obj_id}, commit=True)
    abort(status)


def _label(view, value, name):
    return value.label


class SecureModelView(ModelView):
    """Attributes first (what the screen is), hooks after (how it is guarded)."""

    resource = None  # name of the rule in access.RULES; defaults to the table name
    form_base_class = AdminForm
    can_view_details = True
    export_types = ["csv", "xlsx"]
    page_size = 50
    # LabelledEnum first: Flask-Admin takes the first isinstance() match, and its own Enum
    # formatter (which shows the stored name) would otherwise win.
    column_type_formatters = {LabelledEnum: _label, **typefmt.BASE_FORMATTERS}
    column_type_formatters_detail = {LabelledEnum: _label, **typefmt.DETAIL_FORMATTERS}
    column_type_formatters_export = {LabelledEnum: _label, **typefmt.EXPORT_FORMATTERS}
    action_permissions = {"delete": access.DELETE}  # custom actions default to EDIT

    def __init__(self, model, **kwargs):
        self.resource = self.resource or model.__tablename__
        self.form_choices = {**_enum_choices(model), **(self.form_choices or {})}
        super().__init__(model, db, **kwargs)

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
        _deny(403, self.resource)

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is not None:
            return refused
        if not self._may(VIEW_ACTIONS.get(name, access.READ)):
            _deny(403, self.resource)
        return None

    def is_action_allowed(self, name):
        needed = self.action_permissions.get(name, access.EDIT)
        return super().is_action_allowed(name) and self._may(needed)

    # -- row scoping: lists, counts, search, filters, export, actions and single rows --------
    def get_query(self):
        return access.scope(super().get_query(), self.model)

    def get_count_query(self):
        return access.scope(super().get_count_query(), self.model)

    def get_one(self, id):
        """Flask-Admin's own get_one ignores get_query(); ours answers 404 for unseen rows."""
        pk = getattr(self.model, self._primary_key)
        try:  # ids come from the URL as text; PostgreSQL will not compare integer = varchar
            key = pk.type.python_type(id)
        except (TypeError, ValueError, NotImplementedError):
            key = None
        obj = None if key is None else self.get_query().filter(pk == key).one_or_none()
        if obj is None:
            _deny(404, self.model.__name__, id)
        if request.endpoint and request.endpoint.endswith((".details_view", ".edit_view")) \
                and request.method == "GET":
            audit.record(AuditAction.view, obj=obj, commit=True)
        return obj

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
        _deny(403, "admin")

    @expose("/")
    def index(self):
        return self.render("admin/index.html")

