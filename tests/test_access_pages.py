"""Custom pages are secured by declaration: every exposed endpoint of every admin view says
what it needs (``@secured`` or Flask-Admin's own table), the base views enforce it (404 for a
row one cannot see before 403 for an action one may not take), and ``SecureView`` does the
same for pages that are not a model list, checked here with a test-only view."""
import re

import pytest
from flask import url_for
from flask_admin import expose
import access
from admin_views.base import DeclaredPages, SecureView, secured
from conftest import csrf_token
from dbtools import audit_rows, review_id
from models import AuditAction, Review
from security_helpers import FOREIGN, OWN, rows_of_review
from world import ADMIN, ANALYST, CHAIR_A, MANAGER, PANEL_A, POLICE


def all_views(app):
    return app.extensions["admin"][0]._views


def undeclared_pages(view):
    """Exposed pages of ``view`` that declare nothing, or an action no rule knows."""
    if not isinstance(view, DeclaredPages):
        return [f"{type(view).__name__} is not a secured base view"]
    problems = []
    for url, name, _methods in view._urls:
        need = view.need(name)
        if need is None:
            problems.append(f"{view.endpoint}.{name} ({url}) declares nothing")
            continue
        declared = getattr(getattr(type(view), name), "declared_need", None)
        if declared is not None and need.resource is not None:  # a typo would refuse all
            known = set().union(*access.RULES.get(need.resource, {}).values())
            if need.action not in known:
                problems.append(f"{view.endpoint}.{name}: no role has {need.action} on "
                                f"{need.resource}")
        if need.row is not None and f"<int:{need.row[1]}>" not in url:
            problems.append(f"{view.endpoint}.{name}: {url} has no {need.row[1]}")
    return problems


def test_every_exposed_page_of_every_view_declares_what_it_needs(app):
    problems = [problem for view in all_views(app) for problem in undeclared_pages(view)]
    assert not problems, problems
    declared = sum(1 for view in all_views(app) for _url, name, _m in view._urls
                   if getattr(getattr(type(view), name), "declared_need", None))
    assert declared >= 16  # the review page, the form pages and the landing page


@pytest.mark.parametrize("email", [CHAIR_A, PANEL_A])
def test_every_page_about_a_row_answers_404_for_another_reviews_row(app, auth, client, email):
    """Whatever the page's action (even one the user may not take), a row of a review the
    user does not sit on is 404: the declaration's row is checked first."""
    auth.login(email)
    token = csrf_token(client.get("/admin/review/").text)
    checked = 0
    for view in all_views(app):
        for url, name, methods in view._urls:
            need = view.need(name)
            if need is None or need.row is None:
                continue
            model, argument = need.row
            with app.app_context():
                foreign = rows_of_review(model, FOREIGN)[:1]
            for row in foreign:
                args = {arg: 1 if converter == "int:" else "involvement"
                        for converter, arg in re.findall(r"<(\w+:)?(\w+)>", url)}
                with app.test_request_context():
                    target = url_for(f"{view.endpoint}.{name}", **{**args, argument: row})
                for method in methods or ("GET",):
                    response = client.open(target, method=method, data={"csrf_token": token})
                    assert response.status_code == 404, (email, method, target)
                    checked += 1
    assert checked >= 12


# -- SecureView, with a test-only subclass -------------------------------------------------

class ProbeView(SecureView):
    """Stands in for a dashboard: a reading page, an action on a review, and a forgotten
    declaration."""

    @expose("/")
    @secured("review", access.READ)
    def index(self):
        return "figures"

    @expose("/<int:review_id>/reopen", methods=("GET", "POST"))
    @secured("review", access.EDIT, row=(Review, "review_id"))
    def reopen(self, review_id):
        return f"reopened {review_id}"

    @expose("/forgotten/")
    def forgotten(self):
        return "should never be seen"


@pytest.fixture
def probe(app):
    """Registered before the app answers its first request, as ``init_admin`` does."""
    app.extensions["admin"][0].add_view(ProbeView(name="Probe", endpoint="probe"))
    return "/admin/probe/"


@pytest.mark.own_app  # the probe view is added before the first request
def test_a_secure_view_page_needs_its_declared_rule(app, probe, auth, client):
    assert client.get(probe).status_code == 302  # signed out: to sign-in
    for email, status in ((CHAIR_A, 200), (MANAGER, 200),
                          (ANALYST, 403), (POLICE, 403)):
        auth.login(email)
        response = client.get(probe)
        assert response.status_code == status, email
        assert ("figures" in response.text) is (status == 200)
        auth.logout()


@pytest.mark.own_app  # the probe view is added before the first request
def test_a_secure_view_row_is_404_before_its_action_is_403(app, probe, auth, client):
    own, foreign = review_id(app, OWN), review_id(app, FOREIGN)
    auth.login(CHAIR_A)
    assert client.get(f"{probe}{foreign}/reopen").status_code == 404  # not theirs: unseen
    assert client.get(f"{probe}{own}/reopen").status_code == 403  # theirs, but chairs read
    refusals = audit_rows(app, AuditAction.not_found, CHAIR_A)
    assert refusals[-1].changes == {"object_type": "Review", "object_id": foreign}
    auth.logout()
    auth.login(MANAGER)
    assert client.get(f"{probe}{foreign}/reopen").text == f"reopened {foreign}"
    assert client.get(f"{probe}999999/reopen").status_code == 404


@pytest.mark.own_app  # the probe view is added before the first request
def test_a_page_without_a_declaration_is_refused_and_found(app, probe, auth, client):
    view = next(v for v in all_views(app) if isinstance(v, ProbeView))
    assert undeclared_pages(view) == ["probe.forgotten (/forgotten/) declares nothing"]
    auth.login(ADMIN)
    response = client.get(f"{probe}forgotten/")
    assert response.status_code == 403 and "never" not in response.text
