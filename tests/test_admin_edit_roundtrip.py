"""Saving an edit form without changing anything changes nothing (issue 8, findings 1 and 8).

The cases are generated from the admin views registered in the app (every view whose access
rule lets some role edit), so a view added later is covered without touching this file. For
each demo row of such a view the test opens the edit form as a user allowed to edit it, reads
the whole rendered form as a browser would submit it, posts it back unchanged, and checks that
no column of any table changed and that no update was audited. Every select must show the
stored value as its selected option."""
import enum
import tempfile
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

import access
from conftest import _make_app, csrf_token
from dbtools import count
from formtools import HEALTH, request_id, state
from models import Agency, AuditAction, AuditEvent, MemberRole, Review, ReviewMember, User, db
from world import ADMIN, CHAIR_A, GATHERING, MANAGER, NOTIFIED

# The demo account used for each role that may edit; admin first, then manager.
EDITORS = {access.ADMIN: ADMIN, access.MANAGER: MANAGER}
# Tables a request may write to without changing data: the audit log (checked on its own).
NOT_DATA = {"audit_event"}


def _editable_views():
    """(endpoint, role) for every registered admin view some role may edit."""
    with tempfile.TemporaryDirectory() as instance:
        app = _make_app("sqlite://", instance)
        from admin_views.base import SecureModelView
        # Model screens only: custom pages (SecureView) have no generated edit form.
        views = [v for v in app.extensions["admin"][0]._views if isinstance(v, SecureModelView)]
        found = []
        for view in views:
            rule = access.RULES.get(view.resource, {})
            roles = [role for role in EDITORS if access.EDIT in rule.get(role, ())]
            if roles:
                found.append((view.endpoint, roles[0]))
        return found


EDITABLE = _editable_views()


def test_the_generated_cases_cover_the_known_edit_forms():
    """The walk over the registered views finds them (so the generated test is not empty)."""
    endpoints = {endpoint for endpoint, _ in EDITABLE}
    assert {"review", "reviewmember", "person", "agency", "user", "role", "formrequest",
            "termofreference"} <= endpoints
    assert "auditevent" not in endpoints and "myreviews" not in endpoints


# -- reading a form as a browser submits it ----------------------------------------------------
class FormReader(HTMLParser):
    """The successful controls of the page's admin form (HTML's form submission rules): named,
    enabled inputs (checkboxes and radios only when checked, no buttons or files), textareas,
    and for each select its selected options, or its first option when none is selected."""

    SKIPPED = {"submit", "button", "image", "reset", "file"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields = []       # (name, value) in document order, as posted
        self.selects = {}      # name -> list of selected option values (as rendered)
        self._in_form = False
        self._select = None    # [name, options, selected, multiple, disabled]
        self._option = None    # [value or None, text, selected, disabled]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "admin-form" in (a.get("class") or ""):
            self._in_form = True
        if not self._in_form:
            return
        disabled = "disabled" in a
        if tag == "input" and a.get("name") and not disabled:
            kind = (a.get("type") or "text").lower()
            if kind in self.SKIPPED:
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.fields.append((a["name"], a.get("value", default)))
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], [], [], "multiple" in a, disabled]
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a, disabled]
        elif tag == "textarea" and a.get("name") and not disabled:
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "option" and self._option is not None:
            self._end_option()
        elif tag == "select" and self._select is not None:
            self._end_select()
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            if text.startswith("\r\n"):   # a browser drops the one newline after <textarea>
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self.fields.append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self._textarea = None

    def _end_option(self):
        value, text, selected, disabled = self._option
        value = value if value is not None else " ".join(text.split())
        self._select[1].append((value, disabled))
        if selected:
            self._select[2].append(value)
        self._option = None

    def _end_select(self):
        if self._option is not None:
            self._end_option()
        name, options, selected, multiple, disabled = self._select
        self._select = None
        self.selects[name] = selected
        if disabled:
            return
        if not selected and not multiple:
            enabled = [value for value, off in options if not off]
            selected = enabled[:1]   # an unselected single select posts its first option
        self.fields.extend((name, value) for value in selected[:None if multiple else 1])


def read_form(html):
    reader = FormReader()
    reader.feed(html)
    reader.close()
    return reader


# -- what is stored ---------------------------------------------------------------------------
def snapshot(app):
    """Every row of every data table, by table and primary key, as {column: value}."""
    with app.app_context():
        tables = {}
        for table in db.metadata.sorted_tables:
            if table.name in NOT_DATA:
                continue
            keys = list(table.primary_key.columns)
            rows = db.session.execute(select(table)).mappings()
            tables[table.name] = {tuple(row[k.name] for k in keys): dict(row) for row in rows}
        return tables


def differences(before, after):
    """What changed, one line per row: ``table pk: column before -> after``."""
    changed = []
    for name, rows in before.items():
        for key in rows.keys() | after[name].keys():
            old, new = rows.get(key), after[name].get(key)
            if old is None or new is None:
                changed.append(f"{name} {key}: {'added' if old is None else 'deleted'}")
            elif old != new:
                changed.append(f"{name} {key}: " + ", ".join(
                    f"{column} {old[column]!r} -> {new[column]!r}"
                    for column in old if old[column] != new[column]))
    return changed


def shown_value(value):
    """What a select must have selected for a stored value (by Flask-Admin's conventions)."""
    if value is None:
        return ["__None"]
    if isinstance(value, enum.Enum):
        return [value.name]
    if isinstance(value, bool):
        return ["True" if value else "False"]
    if hasattr(value, "_sa_instance_state"):
        return [str(db.inspect(value).identity[0])]
    if isinstance(value, (list, tuple, set)) or hasattr(value, "__iter__") \
            and not isinstance(value, str):
        return sorted(shown_value(v)[0] for v in value)
    return [str(value)]


def stored_value(obj, field_name):
    """The stored value behind a form field name, inline fields included (``people-0-role``)."""
    parts = field_name.split("-")
    target = obj
    while len(parts) > 1:
        target = getattr(target, parts[0])[int(parts[1])]
        parts = parts[2:]
    return getattr(target, parts[0])


def wrong_selects(app, model, pk, selects):
    """Selects whose selected option is not the stored value: (field, shown, stored)."""
    wrong = []
    with app.app_context():
        obj = db.session.get(model, pk)
        for name, selected in selects.items():
            expected = shown_value(stored_value(obj, name))
            if sorted(selected) != expected:
                wrong.append((name, selected, expected))
    return wrong


def row_ids(app, model):
    with app.app_context():
        pk = db.inspect(model).primary_key[0]
        return db.session.scalars(select(pk).order_by(pk)).all()


# -- the generated test ------------------------------------------------------------------------
def round_trip(app, client, view, pk):
    """Open the edit form of row ``pk``, post it back as rendered; what went wrong, if any."""
    url = f"{view.url}/edit/?" + urlencode({"id": pk, "url": view.url + "/"})
    page = client.get(url)
    assert page.status_code == 200, (view.endpoint, pk, page.status_code)
    form = read_form(page.text)
    assert "csrf_token" in dict(form.fields), (view.endpoint, pk, "no CSRF token posted")
    problems = [f"{view.endpoint} #{pk}: select {name} shows {shown}, stored {stored}"
                for name, shown, stored in wrong_selects(app, view.model, pk, form.selects)]
    before = snapshot(app)
    updates = count(app, AuditEvent, AuditEvent.action == AuditAction.update)
    response = client.post(url, data=MultiDict(form.fields))
    if response.status_code != 302:
        return problems + [f"{view.endpoint} #{pk}: unchanged form refused "
                           f"({response.status_code})"]
    changes = differences(before, snapshot(app))
    problems += [f"{view.endpoint} #{pk}: {change}" for change in changes]
    if count(app, AuditEvent, AuditEvent.action == AuditAction.update) != updates:
        problems.append(f"{view.endpoint} #{pk}: an update was audited")
    return problems


def admin_view(app, endpoint):
    return next(v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint)


@pytest.mark.parametrize("endpoint,role", EDITABLE, ids=[e for e, _ in EDITABLE])
def test_saving_an_unchanged_edit_form_changes_nothing(app, client, auth, endpoint, role):
    view = admin_view(app, endpoint)
    auth.login(EDITORS[role])
    ids = row_ids(app, view.model)
    assert ids, f"no demo rows for {endpoint}: the round trip would test nothing"
    problems = [problem for pk in ids for problem in round_trip(app, client, view, pk)]
    assert not problems, "\n".join(problems)


def test_blank_choices_and_unticked_boxes_survive_an_unchanged_save(app, client, auth):
    """Empty choices ("__None"), no related row and an unticked box post back as they are."""
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == NOTIFIED))
        review.death_type = review.notifying_agency = review.date_of_death = None
        review.people[0].pseudonym = review.people[0].age = None
        agency = db.session.scalar(select(Agency).order_by(Agency.id.desc()))
        agency.active, agency.contact_email = False, None
        db.session.commit()
        review_id, agency_id = review.id, agency.id
    auth.login(EDITORS[access.ADMIN])
    form = read_form(client.get(f"/admin/review/edit/?id={review_id}").text)
    assert form.selects["death_type"] == ["__None"]
    assert form.selects["notifying_agency"] == ["__None"]
    problems = round_trip(app, client, admin_view(app, "review"), review_id) + \
        round_trip(app, client, admin_view(app, "agency"), agency_id)
    assert not problems, "\n".join(problems)
    with app.app_context():
        assert db.session.get(Agency, agency_id).active is False


def test_an_observer_stays_an_observer_when_their_member_form_is_saved(app, client, auth):
    """Finding 8: saving an observer's unchanged member form made them a chair, and then they
    accepted an agency's IMR. chair.a observes DHR-2026-001 here (and chairs others)."""
    health_imr = request_id(app, GATHERING, HEALTH, "imr")  # submitted, awaiting a chair
    with app.app_context():
        member = db.session.scalar(select(ReviewMember).join(ReviewMember.review).join(
            ReviewMember.user).where(Review.reference == GATHERING,
                                     User.email == CHAIR_A))
        member.role = MemberRole.observer
        db.session.commit()
        member_id = member.id
    auth.login(EDITORS[access.ADMIN])
    url = f"/admin/reviewmember/edit/?id={member_id}"
    form = read_form(client.get(url).text)
    assert form.selects["role"] == ["observer"]
    assert client.post(url, data=MultiDict(form.fields)).status_code == 302
    with app.app_context():
        assert db.session.get(ReviewMember, member_id).role is MemberRole.observer
    auth.logout()
    auth.login(CHAIR_A)
    page = client.get("/admin/formrequest/")
    before = state(app, health_imr)
    response = client.post(f"/admin/formrequest/{health_imr}/decide/", data={
        "csrf_token": csrf_token(page.text), "decision": "accept"})
    assert response.status_code == 403 and state(app, health_imr) == before


def test_the_review_edit_form_shows_the_stored_choices(app, client, auth):
    """Finding 1 as reported: DHR-2026-001 (decision "Commission a review", death type
    "Homicide") rendered its choices with nothing selected."""
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == GATHERING))
        stored = {"decision": review.decision.name, "death_type": review.death_type.name,
                  "review_type": review.review_type.name}
        review_id = review.id
    auth.login(EDITORS[access.ADMIN])
    form = read_form(client.get(f"/admin/review/edit/?id={review_id}").text)
    assert {name: form.selects[name] for name in stored} == \
        {name: [value] for name, value in stored.items()}
