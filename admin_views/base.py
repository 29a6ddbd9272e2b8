"""The one secured, scoped, audited ModelView, and ``SecureView`` for pages that are not a model
list. Every admin screen derives from one of them; none hand-writes its own checks: each
exposed page declares what it needs (``@secured``), and permissions come from ``access`` (role
rules and row scoping)."""
import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_admin import AdminIndexView, BaseView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.form import BaseForm
from flask_admin.model import typefmt
from flask_admin.model.form import converts
from flask_security import current_user
from flask_security.utils import check_and_update_authn_fresh
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import inspect, select

import access
import audit
from admin_views.choices import CheckedFilterConverter, ChoiceConverter
from admin_views.drawn_once import DrawnOnce
import dates
from models import AuditAction, LabelledEnum, db
from request_limits import fits_integer

# Which permission each Flask-Admin endpoint needs; anything else needs READ.
VIEW_ACTIONS = {
    "create_view": access.CREATE, "edit_view": access.EDIT, "ajax_update": access.EDIT,
    "delete_view": access.DELETE, "export": access.EXPORT,
}
# Flask-Admin's own ModelView endpoints and what they need (on the view's resource).
MODEL_PAGES = {"index_view": access.READ, "details_view": access.READ,
               "action_view": access.READ, "ajax_lookup": access.READ, **VIEW_ACTIONS}
MAX_PAGE = 2**31  # any page past the data is empty; past this its offset would not fit SQL
MAX_SEARCH = 200  # characters; SQLite refuses LIKE patterns of 50,000 bytes and more
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


class Need(NamedTuple):
    """What an exposed page needs: ``action`` on ``resource`` (a rule of ``access.RULES``), on
    the row ``row = (Model, "url argument")`` when the page is about one (loaded once, with
    the ``load`` options, for the page: ``checked_row``); ``fresh``: a
    password entered within SECURITY_FRESHNESS (data leaving the system)."""
    resource: str | None
    action: str | None
    row: tuple | None = None
    fresh: bool = False
    load: tuple = ()


def secured(resource, action, row=None, fresh=False, load=()):
    """Declare what a custom page (an ``@expose``d method) needs; the base view enforces it
    before the page runs: 404 for a ``row`` the user cannot see, then 403 for an ``action``
    they may not take (on that row), then /verify unless authenticated lately when ``fresh``
    (or the action is one of the view's ``fresh_auth_for``). ``secured(None, None)``: any role
    that may enter /admin. A page without a declaration is refused to everyone (and fails a
    test)."""
    def declare(page):
        page.declared_need = Need(resource, action, row, fresh, load)
        return page
    return declare


class DeclaredPages(DrawnOnce):
    """Enforces the declarations of a view's exposed pages (mixed into both base views)."""

    built_in_pages = {}  # Flask-Admin's own endpoints of the view -> action on self.resource
    # Actions that need a password entered within SECURITY_FRESHNESS (bulk data leaves).
    fresh_auth_for = {access.EXPORT}

    def need(self, name):
        """The declared need of exposed page ``name``, or None (then refused)."""
        declared = getattr(getattr(type(self), name, None), "declared_need", None)
        if isinstance(declared, Need):
            return declared
        if name in self.built_in_pages:
            return Need(self.resource, self.built_in_pages[name])
        return None

    def unless_fresh(self, need):
        """/verify first, for a page that needs a recent password and has not had one."""
        if (need.fresh or need.action in self.fresh_auth_for) and not _fresh():
            return redirect(url_for("security.verify", next=request.url))
        return None

    def enforce(self, name, view_args):
        need = self.need(name)
        if need is None:
            access.deny(403, type(self).__name__, name)  # fail closed: nothing was declared
        if need.row is not None:
            _require_row(need, view_args)
        elif need.resource is not None:
            access.require(need.resource, need.action)
        return need


def checked_row():
    """The row the page's ``@secured(..., row=...)`` checked, loaded by that check: the page
    uses it instead of fetching it again."""
    return g.checked_row


def _require_row(need, view_args):
    """404 unless the user sees the row, then 403 unless they may ``need.action`` on it; the
    row seen is kept for the page (``checked_row``)."""
    model, argument = need.row
    pk = inspect(model).primary_key[0]
    value = coerce_id(pk, view_args.get(argument))
    row = None if value is None else db.session.scalar(access.scope(
        select(model).where(pk == value).options(*need.load), model))
    if row is None:
        access.deny(404, model.__name__, value)
    g.checked_row = row
    if need.action == access.READ and need.resource == model.__tablename__:
        return  # seeing it was the need
    allowed = access.allowed(need.resource, need.action) and db.session.scalar(access.scope(
        select(pk).where(pk == value), model, action=need.action,
        resource=need.resource)) is not None
    if not allowed:
        access.deny(403, need.resource, value)


class AdminForm(BaseForm, FlaskForm):
    """Flask-Admin forms carrying Flask-WTF's CSRF token, like every other form of the app."""


def suffixed_ids(form, suffix):
    """Ids unique on a page that holds the same form several times (once per stage, once per
    agency): labels and the error summary follow the field's id."""
    for field in form:
        field.id = field.label.field_id = f"{field.name}-{suffix}"
    return form


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """Ajax look-ups (select2 search) that offer only rows the user may see."""

    def get_query(self):
        return access.scope(super().get_query(), self.model)

    def get_one(self, pk):
        column = getattr(self.model, self.pk)
        with db.session.no_autoflush:
            return self.get_query().filter(column == coerce_id(column, pk)).one_or_none()


def coerce_id(column, raw):
    """Ids arrive as text; compare them as the column's type (PostgreSQL will not cast).
    None for what no row can have, numbers past the column's integer type included."""
    try:
        value = column.type.python_type(raw)
    except (TypeError, ValueError):
        return None
    return None if isinstance(value, int) and not fits_integer(value, column.type) else value


def _fresh():
    return check_and_update_authn_fresh(current_app.config["SECURITY_FRESHNESS"], timedelta(0))


def _label(view, value, name):
    return value.label


# Dates are shown "1 Dec 2026" and times "14:05" (London) in lists, details and exports, and
# typed as three boxes (no date picker) in every form: see ``dates``. datetime first: it is
# also a date, and the first matching type wins.
DATE_FORMATTERS = {datetime: lambda view, value, name: dates.when(value),
                   date: lambda view, value, name: dates.day(value)}


class FormConverter(ChoiceConverter):
    """The fields of every form (inline ones too): enums as ``ChoiceConverter`` makes them,
    every Date column a ``dates.GovDateField``, every DateTime column a
    ``dates.GovDateTimeField`` (with a Time box, in London time)."""

    @converts("Date")
    def convert_date(self, field_args, **extra):
        field_args.pop("widget", None)
        label = field_args.get("label") or ""
        words = label.split()
        if len(words) > 1 and all(word.istitle() for word in words):  # "Date Of Death"
            field_args["label"] = label.capitalize()  # messages name it: "Date of death ..."
        return dates.GovDateField(**field_args)

    @converts("DateTime")
    def convert_datetime(self, field_args, **extra):
        field_args.pop("widget", None)
        return dates.GovDateTimeField(**field_args)


class SecureModelView(DeclaredPages, ModelView):
    """Attributes first (what the screen is), hooks after (how it is guarded)."""

    resource = None  # name of the rule in access.RULES; defaults to the table name
    form_base_class = AdminForm
    model_form_converter = FormConverter  # enums and dates in every form
    filter_converter = CheckedFilterConverter()
    can_view_details = True
    export_types = ["csv", "xlsx"]
    page_size = 50
    # First match wins, so our labelled enums come before Flask-Admin's generic Enum formatter.
    column_type_formatters = {LabelledEnum: _label, **DATE_FORMATTERS,
                              **typefmt.BASE_FORMATTERS}
    column_type_formatters_detail = {LabelledEnum: _label, **DATE_FORMATTERS,
                                     **typefmt.DETAIL_FORMATTERS}
    column_type_formatters_export = {LabelledEnum: _label, **DATE_FORMATTERS,
                                     **typefmt.EXPORT_FORMATTERS}
    action_permissions = {"delete": access.DELETE}  # custom actions default to EDIT
    built_in_pages = MODEL_PAGES
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
        need = self.enforce(name, kwargs)  # 404 for an unseen row, 403 for the action
        if name == "ajax_lookup" and not (self._may(access.CREATE) or self._may(access.EDIT)):
            # Look-ups fill in create and edit forms; reading a list must not open them,
            # or a reader could page through a related table (e.g. every user account).
            access.deny(403, self.resource)
        return self.unless_fresh(need)

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

    def _get_list_extra_args(self):
        """The list's page and search, refused before SQL when no list could answer them."""
        args = super()._get_list_extra_args()
        if not 0 <= (args.page or 0) <= MAX_PAGE:
            abort(400, "There is no such page.")
        if args.search and len(args.search) > MAX_SEARCH:
            flash(f"The search text is too long: use at most {MAX_SEARCH} characters.", "error")
            args.search = None
        return args

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

    def action_delete(self, ids):
        """Flask-Admin's bulk delete, given ids as the key's type and only ids a row could
        have (PostgreSQL refused others in SQL: a 500)."""
        pk = getattr(self.model, self._primary_key)
        return super().action_delete([v for v in (coerce_id(pk, i) for i in ids)
                                      if v is not None])

    action_delete._action = ModelView.action_delete._action  # still the "delete" action

    def selected(self, ids, action=access.READ):
        """The rows a bulk action was asked to touch, within the user's scope for it."""
        pk = getattr(self.model, self._primary_key)
        query = self._narrow(self._scoped(super().get_query(), action))
        return query.filter(pk.in_([coerce_id(pk, i) for i in ids])).all()

    def _create_ajax_loader(self, name, options):
        remote_model = getattr(self.model, name).property.mapper.class_
        return ScopedAjaxLoader(name, db, remote_model, **options)

    def delete_form(self):
        """Flask-Admin's, its CSRF token rendered once: a list repeats the form in each row,
        and rendering the same hidden field 50 times was a fifth of the list's time."""
        form = super().delete_form()
        if "csrf_token" in form:
            form.csrf_token = Markup(form.csrf_token())  # validation reads form._fields
        return form

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


class SecureView(DeclaredPages, BaseView):
    """A secured page that is not a model list (dashboards): any CSP role may enter /admin,
    and each exposed page declares with ``@secured`` what it needs, enforced here."""

    resource = None  # the rule the menu entry is shown by (READ); None: any CSP role

    def is_accessible(self):
        return access.may_enter_admin()

    def is_visible(self):
        return self.is_accessible() and (self.resource is None
                                         or access.allowed(self.resource, access.READ))

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("security.login", next=request.url))
        access.deny(403, self.resource or "admin")

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is not None:
            return refused
        return self.unless_fresh(self.enforce(name, kwargs))


class SecureIndexView(SecureView, AdminIndexView):
    """The /admin landing page: any CSP role; agency users are refused (they use /portal)."""

    @expose("/")
    @secured(None, None)
    def index(self):
        from admin_views import home  # home imports the views' endpoints, not the reverse
        return self.render("admin/index.html", queues=home.queues(current_user),
                           analyst_only=access.roles_of(current_user) == {access.ANALYST})

