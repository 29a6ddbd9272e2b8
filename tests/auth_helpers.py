"""Signing a test client in: the session of a real sign-in handed over directly (as Django's
``force_login``), or the real password and TOTP forms; CSRF tokens from pages."""
import re

from bench.load import TotpCodes


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(html):
    match = CSRF_RE.search(html if isinstance(html, str) else html.decode())
    assert match, "no CSRF token in page"
    return match.group(1) or match.group(2)


class Auth:
    """Signs a test client in. By default as Django's ``force_login``: Flask-Security's own
    ``login_user`` runs in a request context (so the audit row, the "last sign-in" fields and
    every session key are those of a real sign-in after both factors) and its session goes
    into the client. ``login(email, real=True)``, or the ``real_sign_in`` marker, goes through
    the real forms instead: password, then a real TOTP code."""

    def __init__(self, client, accounts, real=False):
        self.client = client
        self.accounts = accounts
        self.real = real
        self._codes = TotpCodes()

    def code(self, email, secret=None):
        """A valid code never used before by this helper (the app refuses replays)."""
        return self._codes.next(email, secret or self.accounts[email]["totp_secret"])

    def password_step(self, email, password=None):
        page = self.client.get("/login")
        password = password or self.accounts.get(email, {}).get("password", "x" * 12)
        return self.client.post("/login", data={"email": email, "password": password,
                                                "csrf_token": csrf_token(page.text)})

    def code_step(self, code):
        page = self.client.get("/tf-validate")
        return self.client.post("/tf-validate", data={"code": code,
                                                      "csrf_token": csrf_token(page.text)})

    def login(self, email, password=None, real=None):
        if not (self.real if real is None else real):
            return self.force_login(email)
        response = self.password_step(email, password)
        assert response.status_code == 302, response.text
        response = self.code_step(self.code(email))
        assert response.status_code == 302, response.text
        return response

    def force_login(self, email):
        signed_in = signed_in_session(self.client.application, email, self.client.environ_base)
        with self.client.session_transaction() as client_session:
            client_session.update(signed_in)
            client_session.permanent = True

    def logout(self):
        page = self.client.get("/home", follow_redirects=True)
        return self.client.post("/logout", data={"csrf_token": csrf_token(page.text)})


def signed_in_session(app, email, environ_base):
    """The session of ``email`` just after a real sign-in with both factors, from a client
    that sends ``environ_base`` (Flask-Login keeps its address and browser in the session)."""
    from flask import session
    from flask_security import login_user

    from auth import datastore
    from models import db
    with app.test_request_context(environ_base=environ_base):
        user = datastore.find_user(email=email)
        assert user is not None and user.active, f"no active account {email}"
        login_user(user)
        db.session.commit()
        return dict(session)
