"""Admins manage users: create (invited by e-mail), reset two-factor, deactivate."""
import re

from sqlalchemy import select

from conftest import csrf_token
from models import AuditAction, AuditEvent, User, db
from world import ADMIN, CHAIR_B, PANEL_B


def user_id(app, email):
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def run_action(client, view, action, ids):
    page = client.get(f"/admin/{view}/")
    return client.post(f"/admin/{view}/action/", data={
        "action": action, "rowid": [str(i) for i in ids], "csrf_token": csrf_token(page.text)})


def test_admin_resets_two_factor_and_the_user_must_set_it_up_again(app, auth, client):
    target = user_id(app, CHAIR_B)
    auth.login(ADMIN)
    assert run_action(client, "user", "reset_two_factor", [target]).status_code == 302
    auth.logout()
    response = auth.password_step(CHAIR_B)
    assert "/tf-setup" in response.headers["Location"]
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.update, AuditEvent.object_id == target,
            AuditEvent.object_type == "User").order_by(AuditEvent.id)).all()
    assert rows[-1].changes["tf_totp_secret"] == ["(changed)", "(changed)"]


def test_a_reset_leaves_no_old_secret_token_or_code(app, auth, client):
    """Besides the authenticator: the key of sessions and auth tokens (the model has no
    separate fs_token_uniquifier), unified sign-in secrets and recovery codes are replaced or
    gone too, and the password still works."""
    target = user_id(app, CHAIR_B)
    with app.app_context():
        user = db.session.get(User, target)
        user.us_totp_secrets = '{"authenticator": "old-secret"}'
        user.mf_recovery_codes = ["old-code"]
        db.session.commit()
        old_key = user.fs_uniquifier
    auth.login(ADMIN)
    assert run_action(client, "user", "reset_two_factor", [target]).status_code == 302
    with app.app_context():
        user = db.session.get(User, target)
        assert user.fs_uniquifier != old_key
        assert user.us_totp_secrets is None and not user.mf_recovery_codes
        assert user.tf_totp_secret is None and user.tf_primary_method is None
    auth.logout()
    assert "/tf-setup" in auth.password_step(CHAIR_B).headers["Location"]


def test_deactivated_user_cannot_sign_in(app, auth, client):
    target = user_id(app, PANEL_B)
    auth.login(ADMIN)
    assert run_action(client, "user", "deactivate", [target]).status_code == 302
    auth.logout()
    response = auth.password_step(PANEL_B)
    assert response.status_code == 200 and "/tf-validate" not in response.headers.get(
        "Location", "")


def test_agency_user_needs_an_agency(app, auth, client):
    auth.login(ADMIN)
    page = client.get("/admin/user/new/")
    role_id = re.search(r'<option value="(\d+)">Agency user', page.text).group(1)
    response = client.post("/admin/user/new/", data={
        "csrf_token": csrf_token(page.text), "email": "orphan@example.org", "roles": role_id,
        "active": "y"})
    assert "must belong to an agency" in response.text
    assert user_id(app, "orphan@example.org") is None


def test_audit_log_is_read_only_even_for_admins(app, auth, client):
    auth.login(ADMIN)
    assert client.get("/admin/auditevent/").status_code == 200
    assert client.get("/admin/auditevent/new/").status_code == 403
    with app.app_context():
        event_id = db.session.scalar(select(AuditEvent.id).limit(1))
    assert client.get(f"/admin/auditevent/edit/?id={event_id}").status_code == 403
    page = client.get("/admin/auditevent/")
    assert client.post("/admin/auditevent/delete/", data={
        "id": event_id, "csrf_token": csrf_token(page.text)}).status_code == 403
    filtered = client.get("/admin/auditevent/?search=admin@example.org")
    assert filtered.status_code == 200 and "Signed in" in filtered.text
