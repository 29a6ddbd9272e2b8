"""Settings read from the environment with embedded defaults (SQLite, in-process jobs, outbox).
environs reads each variable with its type; every bad one is reported at once, at start-up."""
import base64
import hashlib
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import marshmallow
from environs import Env, EnvValidationError

MB = 1024 * 1024


class SettingsError(ValueError):
    """Every environment variable that could not be read, and why."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("Settings in the environment could not be read:\n" + "\n".join(
            f"  {name}: {' '.join(map(str, messages))}"
            for name, messages in sorted(problems.items())))


class Config:
    """Built per app so that tests and several processes each read the environment afresh."""

    def __init__(self, instance_path):
        vars(self).update(read_settings(instance_path))

    def as_dict(self):
        return dict(vars(self))


def read_settings(instance_path):
    """Every setting; raises SettingsError naming each variable that is not valid."""
    env = Env(eager=False)  # collect every error, raised together by seal()
    for name, parse in _PARSERS.items():
        env.add_parser(name, parse)
    settings = {}
    for group in (_secrets, _storage, _mail, _web, _security, _agency_forms, _chronology,
                  _reviews, _meetings):
        settings.update(group(env, Path(instance_path)))
    try:
        env.seal()
    except EnvValidationError as error:
        raise SettingsError(error.error_messages) from None
    return _with_limits(settings)


def _secrets(env, instance):
    def secret(name, file_name):
        return env.str(name, "") or _instance_secret(instance, file_name)
    recovery_key = _fernet_key(secret("RECOVERY_CODES_KEY", "recovery_codes_key"))
    return {"SECRET_KEY": secret("SECRET_KEY", "secret_key"),
            "SECURITY_PASSWORD_SALT": secret("SECURITY_PASSWORD_SALT", "password_salt"),
            "SECURITY_TOTP_SECRETS": {"1": secret("TOTP_KEY", "totp_key")},
            "SECURITY_MULTI_FACTOR_RECOVERY_CODES_KEYS": [recovery_key]}


def _storage(env, instance):
    return {
        "SQLALCHEMY_DATABASE_URI": database_url(
            env.str("DATABASE_URL", "") or f"sqlite:///{instance / 'dhr.sqlite3'}"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": env.str("REDIS_URL", None),  # None: jobs run in-process
        "RQ_QUEUE": env.str("RQ_QUEUE", "dhr"),
        "UPLOAD_FOLDER": env.str("UPLOAD_FOLDER", "") or str(instance / "uploads"),
        "FILE_STORE": env.str("FILE_STORE", "local"),  # filestore.py's backend
        # A running job silent this long has lost its worker (default: twice the job timeout).
        "JOB_STALE_AFTER_SECONDS": env.int("JOB_STALE_AFTER_SECONDS", 600),
    }


def _mail(env, _instance):
    """Every message is an OutboxMessage; with MAIL_SERVER set a job sends it by SMTP."""
    sender = env.str("MAIL_DEFAULT_SENDER", "dhr-case-review@example.org")
    return {"MAIL_SERVER": env.str("MAIL_SERVER", None), "MAIL_PORT": env.int("MAIL_PORT", 25),
            "MAIL_USE_TLS": env.bool("MAIL_USE_TLS", False),
            "MAIL_USE_SSL": env.bool("MAIL_USE_SSL", False),
            "MAIL_USERNAME": env.str("MAIL_USERNAME", None),
            "MAIL_PASSWORD": env.str("MAIL_PASSWORD", None),
            "MAIL_DEFAULT_SENDER": sender, "SECURITY_EMAIL_SENDER": sender}


def _web(env, _instance):
    secure_cookies = env.bool("SESSION_COOKIE_SECURE", False)
    return {
        # The one public address: every link in every e-mail is built from it (never from the
        # request's Host header), and requests naming another host are refused (400).
        "SERVER_NAME_FOR_LINKS": env.public_url("PUBLIC_URL", "http://127.0.0.1:5000"),
        # Further host names accepted besides PUBLIC_URL's (``make run``, tests' live server).
        "ALLOWED_HOSTS": env.hosts("ALLOWED_HOSTS", "localhost,127.0.0.1"),
        "PROXY_FIX": env.bool("PROXY_FIX", False),
        # Sessions: idle timeout, enforced by the signed cookie's age.
        "PERMANENT_SESSION_LIFETIME": env.minutes("IDLE_TIMEOUT_MINUTES", "30"),
        "SESSION_REFRESH_EACH_REQUEST": True, "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax", "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session, which already expires when idle
        # Sign-in throttling: failures counted per account and address together, and per
        # address; never per account alone (that would let anyone lock a known user out).
        "SIGNIN_MAX_FAILURES": env.int("SIGNIN_MAX_FAILURES", 10),
        "SIGNIN_MAX_FAILURES_PER_ADDRESS": env.int("SIGNIN_MAX_FAILURES_PER_ADDRESS", 10),
        "SIGNIN_FAILURE_WINDOW": env.minutes("SIGNIN_FAILURE_WINDOW_MINUTES", "5"),
    }


def _security(env, _instance):
    """Flask-Security-Too (see README "Security" for why each is set)."""
    return {
        "SECURITY_PASSWORD_HASH": "argon2", "SECURITY_PASSWORD_LENGTH_MIN": 12,
        "SECURITY_PASSWORD_COMPLEXITY_CHECKER": None, "SECURITY_PASSWORD_CHECK_BREACHED": False,
        "SECURITY_REGISTERABLE": False, "SECURITY_RECOVERABLE": True,
        "SECURITY_CHANGEABLE": True, "SECURITY_TRACKABLE": True,
        "SECURITY_RETURN_GENERIC_RESPONSES": True, "SECURITY_LOGOUT_METHODS": ["POST"],
        "SECURITY_DEFAULT_REMEMBER_ME": False,
        "SECURITY_TWO_FACTOR": True, "SECURITY_TWO_FACTOR_REQUIRED": True,
        "SECURITY_TWO_FACTOR_ENABLED_METHODS": ["authenticator"],
        "SECURITY_TWO_FACTOR_AUTHENTICATOR_VALIDITY": 30,
        "SECURITY_TWO_FACTOR_ALWAYS_VALIDATE": True,
        "SECURITY_TWO_FACTOR_RESCUE_EMAIL": False,
        "SECURITY_MULTI_FACTOR_RECOVERY_CODES": True,
        "SECURITY_MULTI_FACTOR_RECOVERY_CODES_N": 8,
        "SECURITY_TOTP_ISSUER": env.str("TOTP_ISSUER", "DHR Case Review"),
        "SECURITY_EMAIL_VALIDATOR_ARGS": {"check_deliverability": False},
        "SECURITY_POST_LOGIN_VIEW": "/home", "SECURITY_POST_LOGOUT_VIEW": "/login",
        "SECURITY_FRESHNESS": timedelta(minutes=15),
        "SECURITY_FRESHNESS_GRACE_PERIOD": timedelta(0),
        "SECURITY_SEND_PASSWORD_CHANGE_EMAIL": True,
    }


def _agency_forms(env, _instance):
    """Agency forms' due dates, reminders, escalation and attachments; learning's reminders
    before an action's target date (and once when overdue) and "seen before" with the
    on-server embedding model (off: lexical only)."""
    return {
        "FORM_DUE_DAYS_INVOLVEMENT": env.int("FORM_DUE_DAYS_INVOLVEMENT", 21),
        "FORM_DUE_DAYS_IMR": env.int("FORM_DUE_DAYS_IMR", 56),
        "FORM_REMIND_BEFORE_DAYS": env.days("FORM_REMIND_BEFORE_DAYS", "7,2"),
        "FORM_OVERDUE_REMIND_EVERY_DAYS": env.int("FORM_OVERDUE_REMIND_EVERY_DAYS", 7),
        "FORM_ESCALATE_AFTER_DAYS": env.int("FORM_ESCALATE_AFTER_DAYS", 14),
        "FORM_ATTACHMENT_MAX_BYTES": env.megabytes("FORM_ATTACHMENT_MAX_MB", "20"),
        "ACTION_REMIND_BEFORE_DAYS": env.days("ACTION_REMIND_BEFORE_DAYS", "14,3"),
        "LEARNING_EMBEDDINGS": env.bool("LEARNING_EMBEDDINGS", True),
    }


def _chronology(env, _instance):
    """What an uploaded chronology may be before it is read at all (issue 10)."""
    return {
        "CHRONOLOGY_MAX_BYTES": env.megabytes("CHRONOLOGY_MAX_MB", "25"),
        "CHRONOLOGY_MAX_UNPACKED_BYTES": env.megabytes("CHRONOLOGY_MAX_UNPACKED_MB", "400"),
        "CHRONOLOGY_MAX_RATIO": env.int("CHRONOLOGY_MAX_RATIO", 100),  # unpacked/packed
        "CHRONOLOGY_MAX_ROWS": env.int("CHRONOLOGY_MAX_ROWS", 200_000),
        # an upload left in preview this long is discarded by the daily run (its rows deleted)
        "CHRONOLOGY_PREVIEW_DAYS": env.int("CHRONOLOGY_PREVIEW_DAYS", 30),
        # Files larger than this are read and imported by a job (progress shown).
        "CHRONOLOGY_JOB_ABOVE_BYTES": env.kilobytes("CHRONOLOGY_JOB_ABOVE_KB", "512"),
    }


def _reviews(env, _instance):
    """Statutory clocks (DESIGN section 3: guidance changes, so periods are settings) and the
    review's name: a Domestic Homicide Review by default, a Domestic Abuse Related Death
    Review under the Victims and Prisoners Act 2024 s.19 once in force (the same review
    either way, not a review type; new references start with the prefix)."""
    return {
        "DECISION_PERIOD_MONTHS": env.int("DECISION_PERIOD_MONTHS", 1),
        "COMPLETION_PERIOD_MONTHS": env.int("COMPLETION_PERIOD_MONTHS", 6),
        "REMINDER_WINDOWS_DAYS": env.days("REMINDER_WINDOWS_DAYS", "14,3"),
        "REMINDER_HOUR": env.int("REMINDER_HOUR", 6),  # local hour of the daily RQ run
        "REVIEW_NAME": env.str("REVIEW_NAME", "Domestic Homicide Review"),
        "REVIEW_SHORT_NAME": env.str("REVIEW_SHORT_NAME", "DHR"),
        "REFERENCE_PREFIX": env.str("REFERENCE_PREFIX", "DHR"),
        "CSP_NAME": env.str("CSP_NAME", ""),  # the partnership, in the Home Office returns
        # An analyst's filtered dashboard view of fewer reviews than this is refused.
        "DASHBOARD_MIN_POPULATION": env.int("DASHBOARD_MIN_POPULATION", 10),
    }


def _meetings(env, _instance):
    """The largest paper, and how many days before the papers deadline an agency without one
    is reminded (once)."""
    return {"DOCUMENT_MAX_BYTES": env.megabytes("DOCUMENT_MAX_MB", "20"),
            "PAPERS_REMIND_DAYS": env.int("PAPERS_REMIND_DAYS", 3)}


def _with_limits(settings):
    """Settings that follow from others. Larger requests are refused (413) before Werkzeug
    spools them to disk: the size checks of uploads run only once the whole body is in."""
    largest = max(settings["FORM_ATTACHMENT_MAX_BYTES"], settings["CHRONOLOGY_MAX_BYTES"],
                  settings["DOCUMENT_MAX_BYTES"])
    return {**settings, "ACTION_EVIDENCE_MAX_BYTES": settings["FORM_ATTACHMENT_MAX_BYTES"],
            "MAX_CONTENT_LENGTH": largest + MB}


def _parser(convert, expected):
    """An environs parser: ``convert`` the text (or the default), else say what was expected."""
    def parse(value):
        try:
            return convert(value)
        except (TypeError, ValueError):
            raise marshmallow.ValidationError(f"Not valid: expected {expected}.") from None
    return parse


def _public_url(value):
    if not urlsplit(value).hostname:
        raise ValueError(value)
    return value


def _instance_secret(instance_path, name):
    """A random secret generated once and kept in instance/, so restarts keep sessions valid."""
    path = Path(instance_path) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _fernet_key(secret):
    """Recovery codes are encrypted with Fernet, whose keys are 32 url-safe base64 bytes."""
    return base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())


def day_list(value):
    """Days before a date, as settings give them: ``"14,3"`` (or ``(14, 3)``) -> ``(14, 3)``,
    each once, largest first."""
    parts = value.split(",") if isinstance(value, str) else value
    days = sorted({int(str(part).strip()) for part in parts if str(part).strip()}, reverse=True)
    if any(day < 0 for day in days):
        raise ValueError("days before a date are 0 or more")
    return tuple(days)


def host_list(value):
    """``"a.org, b.org"`` (or a list) -> ``["a.org", "b.org"]``, lower-cased, blanks dropped."""
    parts = value.split(",") if isinstance(value, str) else value
    return [str(part).strip().lower() for part in parts if str(part).strip()]


def trusted_hosts(config):
    """PUBLIC_URL's host name and ALLOWED_HOSTS: Flask's TRUSTED_HOSTS (ports are ignored).
    Never empty: an empty list would let every host through."""
    public = urlsplit(config["SERVER_NAME_FOR_LINKS"]).hostname
    if not public:
        raise ValueError("PUBLIC_URL must be an absolute address such as https://dhr.example.org")
    return list(dict.fromkeys([public.lower(), *host_list(config.get("ALLOWED_HOSTS") or [])]))


def database_url(url):
    """Accept the usual postgres:// spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


_PARSERS = {
    "days": _parser(day_list, "whole days of 0 or more, such as 14,3"),
    "hosts": _parser(host_list, "host names such as a.org,b.org"),
    "minutes": _parser(lambda value: timedelta(minutes=int(value)), "whole minutes"),
    "megabytes": _parser(lambda value: int(float(value) * MB), "a number of megabytes"),
    "kilobytes": _parser(lambda value: int(value) * 1024, "whole kilobytes"),
    "public_url": _parser(_public_url, "an absolute address such as https://dhr.example.org"),
}
