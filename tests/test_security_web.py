"""Security review, requests and what leaves the system: refusals are audited, every POST needs
its CSRF token, redirects stay on the site, oversized requests are refused before they are
read, files are served as downloads, exports stay with CSP staff and reminder e-mails name no
one in the review."""
import re
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import select

from conftest import csrf_token
from dbtools import admin_views, audit_rows, count, review_id
from formtools import (HOUSING, POLICE, attach, attachment_ids, last_outbox_id, outbox,
                       request_id)
from models import AuditAction, AuditEvent, Person, Review, db
from security_helpers import OWN
import world
from world import ADMIN, ANALYST, CHAIR_A, MANAGER, PANEL_A

pytestmark = pytest.mark.real_sign_in


def test_staff_refused_at_the_portal_leave_an_audit_row(app, client, auth):
    """Low. The portal refused staff with Flask-Security's bare 403, unaudited."""
    auth.login(CHAIR_A)
    assert client.get("/portal/").status_code == 403
    denied = audit_rows(app, AuditAction.permission_denied, CHAIR_A)
    assert denied and denied[-1].path == "/portal/"


def test_every_post_endpoint_refuses_a_missing_csrf_token(app, client, auth):
    auth.login(ADMIN)
    values = {"<int:review_id>": str(review_id(app, OWN)), "<form_type>": "imr",
              "<int:request_id>": str(request_id(app, OWN, HOUSING, "imr")),
              "<int:attachment_id>": "1", "<export_type>": "csv", "<int:job_id>": "1",
              "<kind>": "forms.tracker"}
    changes = count(app, AuditEvent)
    posted = 0
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            url = rule.rule
            for placeholder, value in values.items():
                url = url.replace(placeholder, value)
            url = re.sub(r"<int:\w+>", "1", url)  # any other row: the CSRF check comes first
            url = re.sub(r"<(?:\w+:)?\w+>", "x", url)
            response = client.post(url, data={"id": "1", "rowid": "1", "action": "delete"})
            assert response.status_code == 400, url
            posted += 1
    assert posted >= 40 and count(app, AuditEvent) == changes
    assert client.get("/admin/").status_code == 200  # not even signed out


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example",
                                    "\\\\evil.example", "https:evil.example", "///evil.example"])
def test_sign_in_never_sends_the_user_off_site(client, auth, target):
    page = client.get("/login")
    first = client.post("/login?next=" + quote(target, safe=""), data={
        "email": CHAIR_A, "password": auth.accounts[CHAIR_A][
            "password"], "csrf_token": csrf_token(page.text)})
    hops = [first]
    if first.status_code == 302:
        step = first.headers["Location"]
        hops.append(client.post(step, data={"code": auth.code(CHAIR_A),
                                            "csrf_token": csrf_token(client.get(step).text)}))
    for hop in hops:
        location = hop.headers.get("Location", "")
        assert urlsplit(location).netloc in ("", "localhost"), location
        assert not location.startswith(("//", "/\\", "\\")), location


def test_admin_return_urls_never_leave_the_site(app, client, auth):
    auth.login(MANAGER)
    rid = review_id(app, OWN)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        url = f"/admin/termofreference/new/?url={quote(target, safe='')}"
        page = client.get(url)
        response = client.post(url, data={"csrf_token": csrf_token(page.text), "review": rid,
                                          "position": "9", "text": "Added"})
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).netloc in ("", "localhost")


def test_the_request_size_limit_follows_the_attachment_limit(app):
    """Low. No request limit: a huge upload was spooled to disk in full before the
    attachment check refused it. The limit follows the largest upload the system takes (form
    attachment, chronology, meeting paper)."""
    limit = app.config["MAX_CONTENT_LENGTH"]
    largest = max(app.config[name] for name in (
        "FORM_ATTACHMENT_MAX_BYTES", "CHRONOLOGY_MAX_BYTES", "DOCUMENT_MAX_BYTES"))
    assert largest < limit <= largest + 2 * 1024 * 1024


@pytest.mark.parametrize("app_config", [{"MAX_CONTENT_LENGTH": 64 * 1024}])
def test_an_oversized_upload_is_refused_before_it_is_read(app, client, auth, app_config):
    rid = request_id(app, OWN, POLICE, "imr")
    auth.login(world.POLICE)
    response = attach(client, rid, b"%PDF-1.4\n" + b"x" * 100_000, "big.pdf")
    assert response.status_code == 413 and attachment_ids(app, rid) == []


def test_reviewers_get_attachments_as_downloads_never_as_pages(app, client, auth):
    rid = request_id(app, OWN, POLICE, "imr")
    auth.login(world.POLICE)
    attach(client, rid, b"<html><script>alert(1)</script></html>", "page.html")
    [file_id] = attachment_ids(app, rid)
    auth.logout()
    auth.login(MANAGER)
    download = client.get(f"/admin/formrequest/attachment/{file_id}/")
    assert download.status_code == 200
    assert download.headers["Content-Type"].startswith("text/plain")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in download.headers["Content-Security-Policy"]


@pytest.mark.parametrize("email", [CHAIR_A, PANEL_A,
                                   ANALYST])
def test_no_export_of_any_kind_outside_the_csp_staff(client, auth, app, email):
    auth.login(email)
    for view in admin_views(app):
        for kind in ("csv", "xlsx"):
            url = f"{view.url.rstrip('/')}/export/{kind}/"
            assert client.get(url).status_code == 403, url


def test_deadline_reminders_name_no_one_in_the_review(app):
    from lifecycle import reminders
    start = last_outbox_id(app)
    with app.app_context():
        assert reminders.run() > 0
        words = set()
        for person in db.session.scalars(select(Person)):
            words |= {person.real_name, person.pseudonym} - {None}
        words |= {review.title for review in db.session.scalars(select(Review))}
    for message in outbox(app, start):
        text = f"{message.subject}\n{message.body}"
        assert not [word for word in words if word in text], text
