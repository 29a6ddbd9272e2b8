"""Finding 6 (issue 8): links in e-mails come only from PUBLIC_URL, and requests naming another
host (in ``Host`` or, behind a proxy, ``X-Forwarded-Host``) are refused before anything runs."""
import re

import pytest
from sqlalchemy import select

from models import OutboxMessage, User, db
from trust_forms import form_data
from world import ADMIN

PUBLIC = "https://dhr.example.org"
LINK = re.compile(r"https?://[^\s\"'<>]+")


def outbox_links(app):
    with app.app_context():
        bodies = [m.body + (m.html or "") for m in db.session.scalars(select(OutboxMessage))]
    return [link for body in bodies for link in LINK.findall(body)]


def request_reset(client, email, page_headers=None, **headers):
    page = client.get("/reset", headers=page_headers if page_headers is not None else headers)
    return client.post("/reset", data=form_data(page.text, {"email": email}), headers=headers)


def test_reset_with_a_forged_host_is_refused_and_sends_nothing(app, client):
    response = request_reset(client, ADMIN, Host="evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.text
    assert outbox_links(app) == []


@pytest.mark.parametrize("app_config", [{"SERVER_NAME_FOR_LINKS": PUBLIC}])
def test_reset_link_comes_from_public_url_not_from_the_request(app, client, app_config):
    assert request_reset(client, ADMIN).status_code in (200, 302)  # Host: localhost
    links = outbox_links(app)
    assert any("/reset/" in link for link in links), links
    assert links and all(link.startswith(PUBLIC + "/") for link in links), links


@pytest.mark.parametrize("app_config", [{"SERVER_NAME_FOR_LINKS": PUBLIC,
                                         "ALLOWED_HOSTS": ["localhost", "alias.example"]}])
def test_a_second_allowed_host_still_gets_public_links(app, client, app_config):
    request_reset(client, ADMIN, Host="alias.example")
    links = outbox_links(app)
    assert links and all(link.startswith(PUBLIC + "/reset/") for link in links), links


def create_user(client, email, **headers):
    page = client.get("/admin/user/new/")
    agency = re.search(r'<option value="(\d+)">Northshire Police', page.text).group(1)
    role = re.search(r'<option value="(\d+)">Agency user', page.text).group(1)
    data = form_data(page.text, {"email": email, "full_name": "New Person", "agency": agency,
                                 "roles": role, "active": "y"})
    return client.post("/admin/user/new/", data=data, headers=headers)


@pytest.mark.parametrize("app_config", [{"SERVER_NAME_FOR_LINKS": PUBLIC}])
def test_invitation_with_a_forged_host_is_refused_and_invites_nobody(app, auth, client,
                                                                      app_config):
    auth.login(ADMIN)
    assert create_user(client, "invited@example.org", Host="evil.example").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "invited@example.org")) is None
    assert outbox_links(app) == []
    assert create_user(client, "invited@example.org").status_code == 302
    links = outbox_links(app)
    assert any("/reset/" in link for link in links)
    assert all(link.startswith(PUBLIC + "/") for link in links), links


@pytest.mark.parametrize("app_config", [{"SERVER_NAME_FOR_LINKS": PUBLIC, "PROXY_FIX": True}])
def test_forwarded_host_behind_the_proxy_is_checked_too(app, client, app_config):
    refused = request_reset(client, ADMIN, page_headers={}, **{"X-Forwarded-Host": "evil.example",
                                              "X-Forwarded-Proto": "https"})
    assert refused.status_code == 400
    assert outbox_links(app) == []
    # Over HTTPS Flask-WTF wants a same-origin Referer, which Referrer-Policy lets through.
    page = client.get("/reset", headers={"X-Forwarded-Host": "dhr.example.org",
                                         "X-Forwarded-Proto": "https"})
    assert page.headers["Referrer-Policy"] == "same-origin"
    sent = client.post("/reset", data=form_data(page.text, {"email": ADMIN}), headers={
        "X-Forwarded-Host": "dhr.example.org", "X-Forwarded-Proto": "https",
        "Referer": PUBLIC + "/reset"})
    assert sent.status_code in (200, 302), sent.text
    links = outbox_links(app)
    assert links and all(link.startswith(PUBLIC + "/reset/") for link in links), links


@pytest.mark.parametrize("app_config", [{"SERVER_NAME_FOR_LINKS": PUBLIC}])
def test_every_page_refuses_an_unknown_host(app, auth, client, app_config):
    auth.login(ADMIN)
    for url in ("/login", "/admin/", "/admin/review/", "/portal/", "/reset", "/healthz"):
        assert client.get(url, headers={"Host": "evil.example"}).status_code == 400, url
    assert client.get("/admin/").status_code == 200  # Host: localhost, allowed for tests
