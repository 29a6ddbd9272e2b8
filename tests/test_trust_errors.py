"""Finding 10 (issue 8): refusals and errors are pages of the site: its header, what happened in
plain words, a link home, sign-out for a signed-in user, a reference number for a 500 (logged
with the traceback), and nothing of the case."""
import io
import logging
import re

import pytest

from conftest import csrf_token
from formtools import POLICE, request_id
import world
from world import ADMIN, GATHERING, HEALTH, MANAGER, POLICE_AGENCY

HOME_LINK = 'id="error-home"'
SIGN_OUT = 'id="sign-out"'
LAYOUT = "Skip to main content"


def assert_error_page(response, status, title, signed_in):
    assert response.status_code == status
    assert response.mimetype == "text/html"
    text = response.text
    assert LAYOUT in text and title in text and HOME_LINK in text
    assert (SIGN_OUT in text) is signed_in
    assert "DHR-20" not in text  # no review reference, no case detail


@pytest.fixture
def app_config():
    return {"PROPAGATE_EXCEPTIONS": False, "MAX_CONTENT_LENGTH": 64 * 1024}


def test_not_found_signed_in_and_anonymous(app, auth, client):
    assert_error_page(client.get("/no-such-page"), 404, "Page not found", signed_in=False)
    auth.login(world.POLICE)
    assert_error_page(client.get("/no-such-page"), 404, "Page not found", signed_in=True)


def test_another_agencys_form_is_a_plain_not_found(app, auth, client):
    """The refusal by row scoping says no more than a missing page."""
    police_imr = request_id(app, GATHERING, POLICE, "imr")
    auth.login(HEALTH)
    response = client.get(f"/portal/requests/{police_imr}")
    assert_error_page(response, 404, "Page not found", signed_in=True)
    assert POLICE_AGENCY not in response.text


def test_forbidden_page_has_the_layout_and_sign_out(app, auth, client):
    auth.login(MANAGER)
    response = client.get("/admin/outbox/")
    assert_error_page(response, 403, "You do not have access to this page", signed_in=True)


def test_expired_form_explains_itself(app, client):
    response = client.post("/login", data={"email": ADMIN, "password": "x" * 12})
    assert_error_page(response, 400, "Your page had expired", signed_in=False)
    assert "CSRF" not in response.text


def test_too_large_upload(app, auth, client):
    auth.login(world.POLICE)
    police_imr = request_id(app, GATHERING, POLICE, "imr")
    token = csrf_token(client.get(f"/portal/requests/{police_imr}").text)
    response = client.post(f"/portal/requests/{police_imr}", data={
        "csrf_token": token, "action": "save",
        "file": (io.BytesIO(b"%PDF-1.4\n" + b"0" * 100_000), "big.pdf")},
        content_type="multipart/form-data")
    assert_error_page(response, 413, "The file is too large", signed_in=True)


def test_method_not_allowed_keeps_the_allow_header(app, client):
    response = client.delete("/login")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert LAYOUT in response.text


@pytest.mark.own_app  # adds a failing page
def test_server_error_has_a_reference_that_is_logged_with_the_traceback(app, auth, client,
                                                                          caplog):
    @app.route("/trust-test-failure")
    def failing():  # a page of this test that fails the way a bug would
        raise RuntimeError("Ms Victim of 1 High Street")

    auth.login(MANAGER)
    with caplog.at_level(logging.ERROR):
        response = client.get("/trust-test-failure")
    assert_error_page(response, 500, "Sorry, something went wrong", signed_in=True)
    assert "Victim" not in response.text and "High Street" not in response.text
    reference = re.search(r'id="error-reference">[^<]*<strong>([0-9A-F]{8})<', response.text)
    assert reference, response.text
    logged = [r for r in caplog.records if reference.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info and logged[0].exc_info[0] is RuntimeError


def test_a_refused_host_gets_a_plain_page(app, client):
    response = client.get("/login", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "Something was wrong with that request" in response.text
    assert "evil.example" not in response.text


def test_error_pages_pass_through_the_security_headers(app, client):
    response = client.get("/no-such-page")
    assert response.headers["Cache-Control"] == "no-store"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
