"""The role x view matrix, generated from the URL map, and object-level scoping by id."""
import pytest
from flask_login import login_user
from sqlalchemy import select

import access
from conftest import csrf_token
from dbtools import admin_views, count, review_id
from models import AuditAction, AuditEvent, Person, Review, User, db
from world import (ADMIN, ANALYST, AT_HOME_OFFICE, CHAIR_A, CHAIR_B, DUE_SOON, DUE_SOON_VICTIM,
                   GATHERING, MANAGER, NOTIFIED, ON_HOLD, PANEL_A, POLICE, POLICE_AGENCY)

pytestmark = pytest.mark.both_backends  # the scoping queries

ROLE_ACCOUNTS = {
    "admin": ADMIN, "review_manager": MANAGER,
    "chair": CHAIR_A, "panel_member": PANEL_A,
    "agency_user": POLICE, "analyst": ANALYST,
}
# Endpoints outside /admin and who may reach them; a new blueprint must be added here.
PUBLIC = {"security", "static", "favicon", "health", "auth"}
ROLE_GATED = {"portal": {"agency_user"}}
# Meeting answer links (a token of one invitation, tests/test_meetings_access.py) and document
# downloads (signed in, the row through access): each route checks its own caller.
SELF_CHECKED = {"meetings"}


def test_every_endpoint_is_classified(app):
    view_endpoints = {v.endpoint for v in app.extensions["admin"][0]._views}
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.split(".")[0]
        assert (blueprint in view_endpoints or blueprint in PUBLIC or blueprint in ROLE_GATED
                or blueprint in SELF_CHECKED or rule.endpoint == "admin.static"), (
            f"{rule.rule} has no access rule in this test")


def test_every_admin_view_has_a_rule(app):
    for view in admin_views(app):
        assert view.resource in access.RULES, f"{view.endpoint} has no rule in access.RULES"


def first_id(app, view):
    with app.app_context():
        model = view.model
        return db.session.scalar(select(getattr(model, view._primary_key)).order_by(
            getattr(model, view._primary_key)).limit(1))


@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_role_view_matrix(app, auth, client, role):
    email = ROLE_ACCOUNTS[role]
    auth.login(email)
    expected_index = 403 if role == "agency_user" else 200
    home = client.get("/admin/")
    assert home.status_code == expected_index
    if expected_index == 200:  # the role's own home page (admin_views/home.py), not a bare list
        assert 'id="home-title"' in home.text and ('class="queue"' in home.text), role
    for view in admin_views(app):
        rules = access.RULES[view.resource].get(role, set())
        base = view.url.rstrip("/") + "/"
        if role == "agency_user" or access.READ not in rules:
            for url in (base, base + "new/", base + "export/csv/", base + "details/?id=1"):
                assert client.get(url).status_code == 403, (role, url)
            continue
        assert client.get(base).status_code == 200, (role, base)
        assert client.get(base + "new/").status_code == (
            200 if access.CREATE in rules else 403), (role, base + "new/")
        assert client.get(base + "export/csv/").status_code == (
            200 if access.EXPORT in rules else 403), (role, base + "export/csv/")
        row = first_id(app, view)
        if row is not None and access.EDIT not in rules:
            assert client.get(f"{base}edit/?id={row}").status_code == 403, (role, "edit")
        if row is not None and access.DELETE not in rules:
            page = client.get(base)
            response = client.post(base + "delete/", data={"id": row,
                                                           "csrf_token": csrf_token(page.text)})
            assert response.status_code == 403, (role, "delete")


def test_signed_out_visitors_are_sent_to_sign_in(client, app):
    for view in admin_views(app):
        response = client.get(view.url.rstrip("/") + "/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "/login" in client.get("/portal/").headers["Location"]


def test_agency_user_lands_on_portal_and_never_in_admin(auth, client):
    response = auth.login(POLICE, real=True)
    assert client.get("/home").headers["Location"].endswith("/portal/")
    portal = client.get("/portal/")
    assert portal.status_code == 200 and POLICE_AGENCY in portal.text
    for url in ("/admin/", "/admin/review/", "/admin/review/details/?id=1", "/admin/user/"):
        assert client.get(url).status_code == 403, url
    assert response.status_code == 302


def test_staff_cannot_open_the_portal(auth, client):
    auth.login(MANAGER)
    assert client.get("/portal/").status_code == 403


def test_chair_sees_only_their_reviews(auth, client):
    auth.login(CHAIR_A)
    listing = client.get("/admin/review/").text
    assert GATHERING in listing and ON_HOLD in listing
    assert DUE_SOON not in listing and NOTIFIED not in listing
    search = client.get("/admin/review/?search=2026-003").text
    assert DUE_SOON_VICTIM not in search and "no items" in search.lower()


@pytest.mark.parametrize("path", ["details/?id={}", "edit/?id={}"])
def test_chair_of_review_a_gets_404_for_review_b(app, auth, client, path):
    other = review_id(app, DUE_SOON)
    auth.login(CHAIR_A)
    response = client.get("/admin/review/" + path.format(other))
    assert response.status_code in (403, 404)
    if "details" in path:
        assert response.status_code == 404
        with app.app_context():
            refused = db.session.scalars(select(AuditEvent).where(
                AuditEvent.action == AuditAction.not_found).order_by(AuditEvent.id)).all()
        assert refused and refused[-1].actor == CHAIR_A


def test_chair_can_read_own_review_details(app, auth, client):
    own = review_id(app, GATHERING)
    auth.login(CHAIR_A)
    assert client.get(f"/admin/review/details/?id={own}").status_code == 200


def test_manager_cannot_reach_unknown_or_foreign_ids_but_sees_all(app, auth, client):
    auth.login(MANAGER)
    assert client.get(f"/admin/review/details/?id={review_id(app, 'DHR-2026-003')}"
                      ).status_code == 200
    assert client.get("/admin/review/details/?id=999999").status_code == 404


def test_delete_of_another_review_by_id_is_refused_and_changes_nothing(app, auth, client,
                                                                      monkeypatch):
    """A user with delete rights still cannot delete outside their scope. No member role may
    delete reviews, so this test grants chairs delete (a rule like the ones areas add) to
    show that the row scoping, not the role check, refuses the foreign id; and the manager
    path (delete on every review) on an id that does not exist."""
    other = review_id(app, DUE_SOON)
    reviews = count(app, Review)
    monkeypatch.setitem(access.RULES, "review", {**access.RULES["review"],
                                                 access.CHAIR: {access.READ, access.DELETE}})
    auth.login(CHAIR_A)
    page = client.get("/admin/review/")
    response = client.post("/admin/review/delete/", data={"id": other,
                                                          "csrf_token": csrf_token(page.text)})
    assert response.status_code == 404  # the role allows it; the review is not theirs
    assert review_id(app, DUE_SOON) == other and count(app, Review) == reviews
    auth.logout()
    auth.login(MANAGER)
    page = client.get("/admin/review/")
    response = client.post("/admin/review/delete/", data={"id": 999999,
                                                          "csrf_token": csrf_token(page.text)})
    assert response.status_code == 404 and count(app, Review) == reviews


def test_people_of_other_reviews_are_out_of_reach(app, auth, client):
    with app.app_context():
        foreign = db.session.scalar(select(Person.id).join(Review).where(
            Review.reference == DUE_SOON))
        own = db.session.scalar(select(Person.id).join(Review).where(
            Review.reference == GATHERING))
    auth.login(PANEL_A)
    assert client.get(f"/admin/person/details/?id={foreign}").status_code == 404
    assert client.get(f"/admin/person/details/?id={own}").status_code == 200
    listing = client.get("/admin/person/").text
    assert DUE_SOON not in listing


def test_scope_narrows_relationship_choices_for_members(app):
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == CHAIR_B))
        login_user(user)
        visible = {r.reference for r in access.scope(db.session.query(Review), Review)}
    assert visible == {DUE_SOON, AT_HOME_OFFICE}


def test_denials_are_audited(app, auth, client):
    auth.login(ANALYST)
    assert client.get("/admin/user/").status_code == 403
    with app.app_context():
        denied = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.permission_denied).order_by(AuditEvent.id)).all()
    assert denied and denied[-1].actor == ANALYST
    assert denied[-1].path == "/admin/user/"


def test_exports_and_user_changes_need_a_recent_password(auth, client):
    auth.login(ADMIN)
    assert client.get("/admin/review/export/csv/").status_code == 200
    with client.session_transaction() as session:
        session["fs_paa"] = session["fs_paa"] - 3600  # signed in over an hour ago
    for url in ("/admin/review/export/csv/", "/admin/user/new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/verify" in response.headers["Location"], url
    assert client.get("/admin/review/").status_code == 200
