"""Sign-in through the real forms with real TOTP codes: 2FA required, replay refused,
throttling, sign-out and deactivation ending sessions, forced setup for new accounts."""
import re

import pyotp
import pytest
from sqlalchemy import select

from conftest import csrf_token
from models import AuditAction, AuditEvent, OutboxMessage, User, db
from world import ADMIN, CHAIR_A, MANAGER

pytestmark = pytest.mark.real_sign_in

GENERIC_ERROR = "Authentication failed"


def audit_actions(app, action, actor=None):
    query = select(AuditEvent).where(AuditEvent.action == action)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    with app.app_context():
        return db.session.scalars(query).all()


def test_password_alone_reaches_nothing(app, auth, client):
    response = auth.password_step(ADMIN)
    assert response.status_code == 302 and "/tf-validate" in response.headers["Location"]
    for url in ("/admin/", "/admin/review/", "/admin/user/", "/portal/", "/home"):
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert "/login" in blocked.headers["Location"], url


def test_full_sign_in_reaches_admin_and_is_audited(app, auth, client):
    auth.login(ADMIN)
    assert client.get("/admin/").status_code == 200
    events = audit_actions(app, AuditAction.sign_in, ADMIN)
    assert len(events) == 1 and events[0].ip == "127.0.0.1"


def test_replayed_code_is_refused(app, auth, client):
    auth.password_step(ADMIN)
    code = auth.code(ADMIN)
    assert auth.code_step(code).status_code == 302
    auth.logout()
    auth.password_step(ADMIN)
    replay = auth.code_step(code)
    assert replay.status_code == 200 and "Invalid code" in replay.text
    assert client.get("/admin/").status_code == 302
    assert audit_actions(app, AuditAction.two_factor_failed, ADMIN)


def test_wrong_password_and_unknown_account_get_the_same_answer(app, auth):
    wrong = auth.password_step(ADMIN, "not-the-password")
    unknown = auth.password_step("nobody@example.org", "not-the-password")
    assert GENERIC_ERROR in wrong.text and GENERIC_ERROR in unknown.text
    assert "nobody@example.org" in [e.actor for e in audit_actions(app, AuditAction.sign_in_failed)]


def test_brute_force_on_an_account_is_throttled(app, auth, client):
    for _ in range(10):
        assert auth.password_step(ADMIN, "wrong-password-1234").status_code == 200
    # Even the right password is refused now, with a clear message and an audit row.
    response = auth.password_step(ADMIN)
    assert response.status_code == 200
    assert "Too many failed attempts" in response.text
    assert client.get("/admin/").status_code == 302
    assert audit_actions(app, AuditAction.sign_in_throttled, ADMIN)


def test_brute_force_from_one_address_is_throttled_across_accounts(app, auth):
    for n in range(10):
        auth.password_step(f"guess{n}@example.org", "wrong-password-1234")
    response = auth.password_step(MANAGER)
    assert "Too many failed attempts" in response.text


def test_code_guessing_is_throttled(app, auth, client):
    auth.password_step(ADMIN)
    for _ in range(10):
        auth.code_step("000000")
    response = auth.code_step(auth.code(ADMIN))
    assert "Too many failed attempts" in response.text
    assert client.get("/admin/").status_code == 302


def test_sign_out_ends_the_session_server_side(app, auth, client):
    auth.login(ADMIN)
    old_cookie = client.get_cookie("session").value
    response = auth.logout()
    assert response.status_code == 302
    client.set_cookie("session", old_cookie)
    replayed = client.get("/admin/")
    assert replayed.status_code == 302 and "/login" in replayed.headers["Location"]
    assert audit_actions(app, AuditAction.sign_out, ADMIN)


def test_sign_out_by_get_is_not_possible(app, auth, client):
    auth.login(ADMIN)
    assert client.get("/logout").status_code == 405
    assert client.get("/admin/").status_code == 200


def test_deactivation_ends_sessions(app, auth, client):
    auth.login(CHAIR_A)
    assert client.get("/admin/").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == CHAIR_A))
        user.active = False
        db.session.commit()
    assert client.get("/admin/").status_code == 302


def test_login_form_requires_csrf(app, client):
    response = client.post("/login", data={"email": ADMIN, "password": "demo-password-2026"})
    assert response.status_code == 400


@pytest.mark.parametrize("app_config", [{"PERMANENT_SESSION_LIFETIME": 1}])
def test_idle_session_expires(app, auth, client, app_config):
    import time
    auth.login(ADMIN)
    time.sleep(2.1)
    assert client.get("/admin/").status_code == 302


def test_new_account_is_forced_through_two_factor_setup(auth, client, app):
    auth.login(ADMIN)
    page = client.get("/admin/user/new/")
    agency_id = re.search(r'<option value="(\d+)">Northshire Police', page.text).group(1)
    role_id = re.search(r'<option value="(\d+)">Agency user', page.text).group(1)
    created = client.post("/admin/user/new/", data={
        "csrf_token": csrf_token(page.text), "email": "New.Person@Example.org",
        "full_name": "New Person", "agency": agency_id, "roles": role_id, "active": "y"})
    assert created.status_code == 302, created.text
    with app.app_context():
        invite = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.recipient == "new.person@example.org"))
    assert invite is not None and "/reset/" in invite.body
    auth.logout()

    reset_path = re.search(r"(/reset/[^\s\"<]+)", invite.body).group(1)
    form = client.get(reset_path)
    password = "a-long-new-passphrase"
    done = client.post(reset_path, data={"csrf_token": csrf_token(form.text),
                                         "password": password, "password_confirm": password})
    assert done.status_code == 302

    response = auth.password_step("new.person@example.org", password)
    assert "/tf-setup" in response.headers["Location"]
    assert client.get("/portal/").status_code == 302  # nothing until 2FA is set up
    setup_page = client.get("/tf-setup")
    chosen = client.post("/tf-setup", data={"csrf_token": csrf_token(setup_page.text),
                                            "setup": "authenticator"})
    assert 'src="data:image/svg+xml' in chosen.text or 'src="data:image/png' in chosen.text
    secret = re.search(r'id="totp-secret">([^<]+)<', chosen.text).group(1)
    secret = re.sub(r"[^A-Z2-7]", "", secret.upper())
    validated = client.post("/tf-validate", data={"csrf_token": csrf_token(chosen.text),
                                                  "code": pyotp.TOTP(secret).now()})
    assert validated.status_code == 302
    forced = client.get("/portal/")
    assert forced.status_code == 302 and "/mf-recovery-codes" in forced.headers["Location"]
    codes_page = client.post("/mf-recovery-codes", data={
        "csrf_token": csrf_token(client.get("/mf-recovery-codes").text),
        "generate_new_codes": "Generate new codes"})
    assert codes_page.status_code == 200
    assert len(re.findall(r'<li class="fs-div">', codes_page.text)) == 8
    assert client.get("/portal/").status_code == 200


def test_passwords_are_argon2_and_at_least_12_characters(app, auth, client):
    with app.app_context():
        assert db.session.scalar(select(User.password).where(User.email == ADMIN)).startswith(
            "$argon2")
    auth.login(ADMIN)
    page = client.get("/change")
    response = client.post("/change", data={
        "csrf_token": csrf_token(page.text), "password": "demo-password-2026",
        "new_password": "short-pass", "new_password_confirm": "short-pass"})
    assert "at least 12 characters" in response.text
