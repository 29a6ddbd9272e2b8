"""Hostile input gets a clean refusal, never a server error (issue 8, finding 9): ids of 2^63
or more in paths and query strings, out-of-range pages, unknown filter values, over-long
searches and deeply nested JSON. The cases are generated from the app's URL map and admin
views, so a route or view added later is covered too."""
import tempfile

import pytest
from werkzeug.routing import IntegerConverter

import access
from admin_views.base import SecureModelView
from conftest import Auth, _make_app, csrf_token
from world import ADMIN, CHAIR_A, MANAGER, PANEL_A, POLICE

pytestmark = pytest.mark.both_backends  # ids past each backend's integers

ADMIN, AGENCY = ADMIN, POLICE
# A demo account for each role, in the order tried for a view (the first that may read it).
READERS = {access.ADMIN: ADMIN, access.MANAGER: MANAGER,
           access.CHAIR: CHAIR_A, access.PANEL: PANEL_A}
HUGE = [2**31, 2**63 - 1, 2**63, 2**64, 10**40]  # past PostgreSQL INTEGER, past SQLite's


def _app_for_collection():
    instance = tempfile.mkdtemp(prefix="dhr-collect-")
    return _make_app("sqlite://", instance)


COLLECTED = _app_for_collection()


def _id_routes():
    """(rule, method) for every route with an integer part in its path."""
    found = []
    for rule in COLLECTED.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items()
                if isinstance(conv, IntegerConverter)]
        if ints:
            method = "GET" if "GET" in rule.methods else "POST"
            found.append((rule.rule, method))
    return sorted(found)


def _admin_views():
    """The model views (the index and other SecureViews have no list to filter or search)."""
    return [v for v in COLLECTED.extensions["admin"][0]._views
            if isinstance(v, SecureModelView)]


ID_ROUTES = _id_routes()
VIEWS = [v.endpoint for v in _admin_views()]
FILTERED = [v.endpoint for v in _admin_views() if v._filter_args]
BAD_FILTER_VALUES = ["bogus", str(2**63), str(-2**64), "x," + str(2**64), "a" * 60_000]
SEARCHABLE = [v.endpoint for v in _admin_views() if v.column_searchable_list]


@pytest.fixture(scope="module")
def signed_in():
    """The route cases only read: one signed-in client per app and account serves them all
    (each test still gets a fresh database; the session outlives it, as the world's
    accounts do). ``signed_in(app, accounts, email)``."""
    clients = {}

    def client_for(app, accounts, email):
        if (app, email) not in clients:
            clients[app, email] = app.test_client()
            Auth(clients[app, email], accounts).login(email)
        return clients[app, email]
    return client_for


def view_url(app, endpoint):
    return next(v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint).url


def sign_in_to_read(app, accounts, signed_in, endpoint):
    """The client of the first demo account whose role may read the view, and its url."""
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint)
    rule = access.RULES[view.resource]
    role = next(role for role in READERS if access.READ in rule.get(role, ()))
    return signed_in(app, accounts, READERS[role]), view.url


def signed_in_for(app, accounts, signed_in, path):
    return signed_in(app, accounts, AGENCY if path.startswith("/portal") else ADMIN)


def token(client, path):
    page = client.get("/portal/" if path.startswith("/portal") else "/admin/")
    return csrf_token(page.text)


def test_the_generated_cases_cover_the_reported_urls():
    rules = {rule for rule, _ in ID_ROUTES}
    assert {"/admin/review/<int:review_id>/", "/admin/formrequest/review/<int:review_id>/",
            "/admin/formrequest/attachment/<int:attachment_id>/",
            "/portal/requests/<int:request_id>", "/portal/attachments/<int:attachment_id>"} <= rules
    assert "review" in FILTERED and "review" in SEARCHABLE


# -- ids -----------------------------------------------------------------------------------
@pytest.mark.parametrize("rule,method", ID_ROUTES, ids=[f"{m} {r}" for r, m in ID_ROUTES])
def test_huge_ids_in_paths_are_not_found(app, accounts, signed_in, rule, method):
    client = signed_in_for(app, accounts, signed_in, rule)
    data = {"csrf_token": token(client, rule)} if method == "POST" else None
    for value in HUGE:
        path = rule
        for name in _int_names(rule):
            path = path.replace(f"<int:{name}>", str(value))
        path = path.replace("<form_type>", "imr")
        response = client.open(path, method=method, data=data)
        # Werkzeug answers 405 for a POST when the path's GET twin (same converter) exists.
        allowed = (404,) if method == "GET" else (404, 405)
        assert response.status_code in allowed, (path, method, response.status_code)


def _int_names(rule):
    return [part.split(":", 1)[1].rstrip(">") for part in rule.split("<")[1:]
            if part.startswith("int:")]


@pytest.mark.parametrize("endpoint", VIEWS)
def test_huge_ids_in_query_strings_are_not_found(app, accounts, signed_in, endpoint):
    client, url = sign_in_to_read(app, accounts, signed_in, endpoint)
    csrf = token(client, url)
    for value in HUGE:
        for page in ("details", "edit"):
            response = client.get(f"{url}/{page}/?id={value}")
            assert response.status_code in (403, 404), (page, value, response.status_code)
        response = client.post(f"{url}/delete/", data={"id": str(value), "csrf_token": csrf})
        assert response.status_code in (403, 404), ("delete", value, response.status_code)


@pytest.mark.parametrize("endpoint", VIEWS)
def test_pages_out_of_range_are_refused(app, accounts, signed_in, endpoint):
    client, url = sign_in_to_read(app, accounts, signed_in, endpoint)
    for value in [2**63, 2**64, 10**40, -1]:
        response = client.get(f"{url}/?page={value}")
        assert response.status_code == 400, (value, response.status_code)
    assert client.get(f"{url}/?page=2").status_code == 200  # past the last page: empty list


def test_bulk_delete_with_ids_no_row_can_have_deletes_nothing(app, client, auth):
    """The list's "Delete" action posts ids as text; PostgreSQL refused "abc" in SQL (500)."""
    from dbtools import count
    from models import TermOfReference
    auth.login(ADMIN)
    page = client.get("/admin/termofreference/")
    before = count(app, TermOfReference)
    for rowid in ("abc", str(2**31), str(2**64), "-1"):
        response = client.post("/admin/termofreference/action/", data={
            "csrf_token": csrf_token(page.text), "action": "delete", "rowid": rowid})
        assert response.status_code == 302, (rowid, response.status_code)
    assert count(app, TermOfReference) == before
    with app.app_context():
        from models import db
        first = db.session.scalar(db.select(TermOfReference.id).order_by(TermOfReference.id))
    response = client.post("/admin/termofreference/action/", data={
        "csrf_token": csrf_token(page.text), "action": "delete", "rowid": str(first)})
    assert response.status_code == 302 and count(app, TermOfReference) == before - 1


# -- filters and search ------------------------------------------------------------------
@pytest.mark.parametrize("endpoint", FILTERED)
def test_bad_filter_values_are_ignored_with_a_message(app, accounts, signed_in, endpoint):
    """Every filter of the view, with values no filter accepts: the list, never a 500."""
    client, url = sign_in_to_read(app, accounts, signed_in, endpoint)
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint)
    for arg in sorted(view._filter_args):
        for value in BAD_FILTER_VALUES:
            response = client.get(f"{url}/", query_string={f"flt0_{arg}": value})
            assert response.status_code == 200, (arg, value[:20], response.status_code)


def test_a_bogus_stage_filter_lists_every_review_with_a_message(app, client, auth):
    """The reported case: ?flt0_stage_equals=bogus raised 500."""
    auth.login(ADMIN)
    everything = client.get("/admin/review/").text
    response = client.get("/admin/review/?flt0_stage_equals=bogus")
    assert response.status_code == 200
    assert "Invalid Filter Value: bogus" in response.text
    assert response.text.count("DHR-20") == everything.count("DHR-20")


@pytest.mark.parametrize("endpoint", SEARCHABLE)
def test_an_over_long_search_is_refused_with_a_message(app, accounts, signed_in, endpoint):
    client, url = sign_in_to_read(app, accounts, signed_in, endpoint)
    for text in ("a" * 60_000, "a " * 30_000):
        response = client.get(f"{url}/", query_string={"search": text})
        assert response.status_code == 200, response.status_code
        assert "too long" in response.text
    assert client.get(f"{url}/", query_string={"search": "a " * 100}).status_code == 200


# -- JSON ----------------------------------------------------------------------------------
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("path", ["/login", "/reset", "/tf-validate", "/admin/",
                                  "/admin/review/new/", "/portal/notify", "/no-such-page"])
def test_deeply_nested_json_is_a_bad_request(app, client, path):
    response = client.post(path, data=DEEP, content_type="application/json")
    assert response.status_code == 400, response.status_code
    response = client.post(path, data=b'{"a": ' * 100_000, content_type="application/json")
    assert response.status_code == 400, response.status_code


def test_ordinary_json_still_reaches_the_sign_in_api(app, client):
    """The guard lets ordinary JSON through: a wrong password gets the API's own answer."""
    login = client.get("/login", headers={"Accept": "application/json"})
    response = client.post("/login", json={"email": ADMIN, "password": "wrong-password-26"},
                           headers={"X-CSRF-Token": login.json["response"]["csrf_token"]})
    assert response.status_code == 400 and response.is_json
    assert response.json["response"]["errors"]
