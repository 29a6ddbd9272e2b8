"""Finding 9 (issue 8), sign-in parts: every page that checks a secret is throttled and its
failures audited (recovery codes, /verify, change password); failures are counted per account
and address together, plus a cap per address, so nobody can lock a known user out from
elsewhere; opening /tf-validate while signed in does not sign the user out everywhere."""
import pytest
from sqlalchemy import select

from models import AuditAction, AuditEvent, User, db
from trust_forms import form_data
from world import ADMIN, MANAGER

pytestmark = pytest.mark.real_sign_in

TOO_MANY = "Too many failed attempts"


def failures(app, action, page=None):
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()
    return [r for r in rows if page is None or (r.changes or {}).get("page") == page]


def post_page(client, url, changes):
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return client.post(url, data=form_data(page.text, changes))


def from_address(client, address):
    client.environ_base["REMOTE_ADDR"] = address


def test_failures_from_one_address_do_not_lock_the_account_out_elsewhere(app, auth, client):
    from_address(client, "203.0.113.9")  # the attacker
    for _ in range(10):
        auth.password_step(ADMIN, "wrong-password-1234")
    assert TOO_MANY in auth.password_step(ADMIN).text
    client.delete_cookie("session")  # the owner has a browser of their own
    from_address(client, "198.51.100.7")  # the account's owner, at work
    assert auth.login(ADMIN).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_one_address_guessing_many_accounts_is_capped(app, auth, client):
    from_address(client, "203.0.113.9")
    for n in range(10):
        auth.password_step(f"guess{n}@example.org", "wrong-password-1234")
    assert TOO_MANY in auth.password_step(MANAGER).text


def test_recovery_code_page_is_throttled_and_audited(app, auth, client):
    auth.password_step(ADMIN)
    for _ in range(10):
        refused = post_page(client, "/mf-recovery", {"code": "aaaa-bbbb-cccc"})
        assert refused.status_code == 200 and TOO_MANY not in refused.text
    assert len(failures(app, AuditAction.two_factor_failed, "recovery code")) == 10
    throttled = post_page(client, "/mf-recovery", {"code": "aaaa-bbbb-cccc"})
    assert TOO_MANY in throttled.text
    assert failures(app, AuditAction.sign_in_throttled, "recovery code")
    assert client.get("/admin/").status_code == 302


def test_reauthentication_page_is_throttled_and_audited(app, auth, client):
    auth.login(ADMIN)
    for _ in range(10):
        assert TOO_MANY not in post_page(client, "/verify",
                                         {"password": "wrong-password-1234"}).text
    assert len(failures(app, AuditAction.sign_in_failed)) == 10
    right = post_page(client, "/verify", {"password": auth.accounts[ADMIN]["password"]})
    assert right.status_code == 200 and TOO_MANY in right.text
    assert failures(app, AuditAction.sign_in_throttled, "verify")


def test_change_password_page_is_throttled_and_audited(app, auth, client):
    auth.login(ADMIN)
    with app.app_context():
        before = db.session.scalar(select(User.password).where(User.email == ADMIN))
    new = {"new_password": "a-brand-new-passphrase", "new_password_confirm":
           "a-brand-new-passphrase"}
    for _ in range(10):
        refused = post_page(client, "/change", {"password": "wrong-password-1234", **new})
        assert refused.status_code == 200 and TOO_MANY not in refused.text
    assert len(failures(app, AuditAction.sign_in_failed, "change password")) == 10
    right = post_page(client, "/change", {"password": auth.accounts[ADMIN]["password"], **new})
    assert TOO_MANY in right.text
    with app.app_context():
        assert db.session.scalar(select(User.password).where(User.email == ADMIN)) == before


def test_opening_the_code_page_while_signed_in_signs_nobody_out(app, auth, client):
    auth.login(ADMIN)
    with app.app_context():
        before = db.session.scalar(select(User.fs_uniquifier).where(User.email == ADMIN))
    response = client.get("/tf-validate")
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    with app.app_context():
        assert db.session.scalar(select(User.fs_uniquifier).where(User.email == ADMIN)) == before
    assert client.get("/admin/").status_code == 200
    assert not failures(app, AuditAction.sign_out)
