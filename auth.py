"""Sign-in: Flask-Security-Too with required TOTP, replay protection, throttling and audit.

Throttling: failures (passwords, codes, recovery codes, re-authentication on /verify, the
current password on the change-password page) are audit rows. A sign-in is refused when one
address has failed for one account SIGNIN_MAX_FAILURES times, or one address has failed
SIGNIN_MAX_FAILURES_PER_ADDRESS times for any accounts, within SIGNIN_FAILURE_WINDOW. Failures
are never counted per account alone: an attacker who knows an address cannot lock its owner
out from elsewhere."""
from flask import Blueprint, abort, current_app, flash, redirect, request, session, url_for
from flask_login import user_logged_out
from flask_security import (
    ChangePasswordForm, LoginForm, Security, SQLAlchemyUserDatastore, TwoFactorVerifyCodeForm,
    VerifyForm, current_user, user_authenticated,
)
from flask_security.mail_util import MailUtil
from flask_security.recovery_codes import MfRecoveryForm
from flask_security.signals import password_changed, password_reset, tf_profile_changed, \
    user_failed_authn
from flask_security.totp import Totp
from flask_security.utils import get_message
from sqlalchemy import event, func, inspect, select

import access
import audit
import mailer
from models import AuditAction, AuditEvent, Role, User, db
from models.mixins import utcnow

datastore = SQLAlchemyUserDatastore(db, User, Role)
bp = Blueprint("auth", __name__)

TOO_MANY_ATTEMPTS = "Too many failed attempts. Please wait a few minutes and try again."
FAILURES = (AuditAction.sign_in_failed, AuditAction.two_factor_failed)


class ReplayProtectedTotp(Totp):
    """Accepts each TOTP code once: the last matched time step is kept on the user."""

    def get_last_counter(self, user):
        return user.tf_last_counter

    def set_last_counter(self, user, tmatch):
        user.tf_last_counter = tmatch.counter
        db.session.commit()


def recent_failures(email=None, ip=None):
    """Failed sign-in and 2FA attempts in the throttle window, by account or by address."""
    since = utcnow() - current_app.config["SIGNIN_FAILURE_WINDOW"]
    query = select(func.count(AuditEvent.id)).where(
        AuditEvent.action.in_(FAILURES), AuditEvent.created_at >= since)
    if email is not None:
        query = query.where(AuditEvent.actor == email.strip().lower())
    if ip is not None:
        query = query.where(AuditEvent.ip == ip)
    return db.session.scalar(query)


def is_throttled(email):
    """Too many recent failures for this account from this address, or from this address."""
    config = current_app.config
    address = request.remote_addr
    return (recent_failures(email=email, ip=address) >= config["SIGNIN_MAX_FAILURES"]
            or recent_failures(ip=address) >= config["SIGNIN_MAX_FAILURES_PER_ADDRESS"])


def _record_throttled(email, page="sign-in"):
    audit.record(AuditAction.sign_in_throttled, actor=email, changes={"page": page},
                 commit=True)


def _refused(email, field, page):
    """True (and the refusal audited, the field given the message) when throttled."""
    if not is_throttled(email):
        return False
    _record_throttled(email, page)
    field.errors = [TOO_MANY_ATTEMPTS]
    return True


class ThrottledLoginForm(LoginForm):
    def validate(self, **kwargs):
        self.remember.data = False  # a remember-me cookie would outlive the idle timeout
        email = (self.email.data or "").strip().lower()
        if is_throttled(email):
            # Refused before any credential is checked; form errors survive generic munging.
            _record_throttled(email)
            self.form_errors.append(TOO_MANY_ATTEMPTS)
            return False
        valid = super().validate(**kwargs)
        if not valid and self.user is None and email:
            # Unknown accounts never reach Flask-Security's failure hook; count them too.
            audit.record(AuditAction.sign_in_failed, actor=email, commit=True)
        return valid


class ThrottledCodeForm(TwoFactorVerifyCodeForm):
    def validate(self, **kwargs):
        if self.user is not None and _refused(self.user.email, self.code, "code"):
            return False
        return super().validate(**kwargs)


class ThrottledRecoveryForm(MfRecoveryForm):
    """The recovery-code page is a second factor like the code page: throttled, and each
    refused code is audited (Flask-Security reports no failure there)."""

    def validate(self, **kwargs):
        if self.user is not None and _refused(self.user.email, self.code, "recovery code"):
            return False
        valid = super().validate(**kwargs)
        if not valid and self.user is not None and self.code.data:
            audit.record(AuditAction.two_factor_failed, user=self.user, actor=self.user.email,
                         changes={"page": "recovery code"}, commit=True)
        return valid


class ThrottledVerifyForm(VerifyForm):
    """Re-authentication (/verify) before exports and account changes. A wrong password is
    audited by Flask-Security's failure signal (``_on_failure``)."""

    def validate(self, **kwargs):
        if _refused(self.user.email, self.password, "verify"):
            return False
        return super().validate(**kwargs)


class ThrottledChangePasswordForm(ChangePasswordForm):
    """A stolen session must not be a way to guess the current password without limit."""

    def validate(self, **kwargs):
        if _refused(current_user.email, self.password, "change password"):
            return False
        valid = super().validate(**kwargs)
        if not valid and get_message("INVALID_PASSWORD")[0] in self.password.errors:
            audit.record(AuditAction.sign_in_failed, user=current_user._get_current_object(),
                         actor=current_user.email, changes={"page": "change password"},
                         commit=True)
        return valid


class OutboxMailUtil(MailUtil):
    """Flask-Security's e-mails (password reset, notices) go through our outbox."""

    def send_mail(self, template, subject, recipient, sender, body, html, **kwargs):
        mailer.send(str(recipient), str(subject), body or "", html=html)
        db.session.commit()  # Flask-Security's views do not commit after sending


security = Security(
    datastore=datastore,
    login_form=ThrottledLoginForm,
    two_factor_verify_code_form=ThrottledCodeForm,
    mf_recovery_form=ThrottledRecoveryForm,
    verify_form=ThrottledVerifyForm,
    change_password_form=ThrottledChangePasswordForm,
    totp_cls=ReplayProtectedTotp,
    mail_util_cls=OutboxMailUtil,
)


def init_app(app):
    security.init_app(app, datastore)
    app.register_blueprint(bp)
    _connect_signals(app)
    _end_sessions_on_deactivation()
    app.before_request(_keep_session_alive)
    app.before_request(_no_sign_out_through_the_code_page)
    app.before_request(_require_recovery_codes)


def _keep_session_alive():
    session.permanent = True  # the cookie then expires after PERMANENT_SESSION_LIFETIME idle


def _no_sign_out_through_the_code_page():
    """Flask-Security signs a signed-in user out when /tf-validate is opened outside a change
    of two-factor method, and our sign-out ends every session of the user: a link or an image
    pointing there would sign anyone out everywhere, bypassing sign-out by POST. Such a
    request goes home instead."""
    if (request.endpoint == "security.two_factor_token_validation"
            and current_user.is_authenticated
            and not (session.get("tf_state") == "validating_profile"
                     and session.get("tf_primary_method") and session.get("tf_totp_secret"))):
        return redirect(url_for("auth.home"))
    return None


# Pages a signed-in user without recovery codes may still reach.
RECOVERY_SETUP_ENDPOINTS = {"security.mf_recovery_codes", "security.logout", "static",
                            "admin.static", "health.healthz"}


def _require_recovery_codes():
    """Two-factor setup ends with recovery codes: nothing else opens until they exist."""
    if (current_user.is_authenticated and not current_user.mf_recovery_codes
            and request.endpoint not in RECOVERY_SETUP_ENDPOINTS):
        flash("Generate your recovery codes and keep them safe: they let you in if your "
              "phone is lost. Nothing else opens until you have them.", "info")
        return redirect(url_for("security.mf_recovery_codes"))
    return None


@bp.route("/")
@bp.route("/home")
def home():
    """Where everyone lands after sign-in: agency staff to the portal, CSP staff to /admin."""
    if not current_user.is_authenticated:
        return redirect(url_for("security.login"))
    if access.may_enter_portal():
        return redirect(url_for("portal.index"))
    if current_user.role_names:
        return redirect(url_for("admin.index"))
    abort(403)


def _connect_signals(app):
    user_authenticated.connect(_on_sign_in, app)
    user_failed_authn.connect(_on_failure, app)
    user_logged_out.connect(_on_sign_out, app)
    tf_profile_changed.connect(_on_tf_changed, app)
    password_changed.connect(_on_password_changed, app)
    password_reset.connect(_on_password_changed, app)


def _on_sign_in(sender, user, authn_via=None, **_):
    if authn_via and "change" in authn_via:
        return  # the re-sign-in after a password change; audited as password_changed
    audit.record(AuditAction.sign_in, user=user, changes={"via": list(authn_via or [])})


def _on_failure(sender, user, auth_type=None, tfa=False, **_):
    action = AuditAction.two_factor_failed if tfa else AuditAction.sign_in_failed
    audit.record(action, user=user, actor=user.email, commit=True)


def _on_sign_out(sender, user, **_):
    """Ends every session of the user server-side: old cookies no longer name a valid user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    audit.record(AuditAction.sign_out, user=user)
    datastore.set_uniquifier(user)
    db.session.commit()


def _on_tf_changed(sender, user, method=None, **_):
    audit.record(AuditAction.two_factor_setup, user=user, changes={"method": method})


def _on_password_changed(sender, user, **_):
    audit.record(AuditAction.password_changed, user=user)


def _end_sessions_on_deactivation():
    """Deactivating an account (anywhere: admin, CLI, job) also ends its sessions."""
    if event.contains(db.session, "before_flush", _rotate_on_deactivate):
        return
    event.listen(db.session, "before_flush", _rotate_on_deactivate)


def _rotate_on_deactivate(session, _context, _instances):
    for obj in list(session.dirty):
        if isinstance(obj, User) and not obj.active:
            history = inspect(obj).attrs.active.history
            if history.deleted and history.deleted[0]:
                datastore.set_uniquifier(obj)

