"""Settings read from the environment, with embedded defaults (SQLite, in-process jobs, outbox)."""
import base64
import hashlib
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit


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


def _env_bool(name, default=False):
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


class Config:
    """Built per app so that tests and several processes each read the environment afresh."""

    def __init__(self, instance_path):
        env = os.environ.get
        self.SECRET_KEY = env("SECRET_KEY") or _instance_secret(instance_path, "secret_key")
        totp_key = env("TOTP_KEY") or _instance_secret(instance_path, "totp_key")
        self.SECURITY_PASSWORD_SALT = env("SECURITY_PASSWORD_SALT") or _instance_secret(
            instance_path, "password_salt")

        self.SQLALCHEMY_DATABASE_URI = database_url(
            env("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'dhr.sqlite3'}")
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.REDIS_URL = env("REDIS_URL")  # None: jobs run in-process
        self.RQ_QUEUE = env("RQ_QUEUE", "dhr")
        self.UPLOAD_FOLDER = env("UPLOAD_FOLDER") or str(Path(instance_path) / "uploads")
        self.FILE_STORE = env("FILE_STORE", "local")  # filestore.py's backend (UPLOAD_FOLDER)
        # A running job silent this long has lost its worker (default: twice the job timeout).
        self.JOB_STALE_AFTER_SECONDS = int(env("JOB_STALE_AFTER_SECONDS", "600"))

        # Mail: every message is an OutboxMessage; with MAIL_SERVER set a job sends it by SMTP.
        self.MAIL_SERVER = env("MAIL_SERVER")
        self.MAIL_PORT = int(env("MAIL_PORT", "25"))
        self.MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
        self.MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
        self.MAIL_USERNAME = env("MAIL_USERNAME")
        self.MAIL_PASSWORD = env("MAIL_PASSWORD")
        self.MAIL_DEFAULT_SENDER = env("MAIL_DEFAULT_SENDER", "dhr-case-review@example.org")
        # The one public address: every link in every e-mail is built from it (never from the
        # request's Host header), and requests naming another host are refused (400).
        self.SERVER_NAME_FOR_LINKS = env("PUBLIC_URL", "http://127.0.0.1:5000")
        # Further host names accepted besides PUBLIC_URL's (``make run``, tests' live server).
        self.ALLOWED_HOSTS = host_list(env("ALLOWED_HOSTS", "localhost,127.0.0.1"))

        # Sessions: idle timeout of 30 minutes, enforced by the signed cookie's age.
        self.PERMANENT_SESSION_LIFETIME = timedelta(minutes=int(env("IDLE_TIMEOUT_MINUTES", "30")))
        self.SESSION_REFRESH_EACH_REQUEST = True
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE")
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.WTF_CSRF_TIME_LIMIT = None  # tied to the session, which already expires when idle

        # Sign-in throttling: failures counted per account and address together, and per
        # address; never per account alone (that would let anyone lock a known user out).
        self.SIGNIN_MAX_FAILURES = int(env("SIGNIN_MAX_FAILURES", "10"))
        self.SIGNIN_MAX_FAILURES_PER_ADDRESS = int(env("SIGNIN_MAX_FAILURES_PER_ADDRESS", "10"))
        self.SIGNIN_FAILURE_WINDOW = timedelta(minutes=int(env("SIGNIN_FAILURE_WINDOW_MINUTES", "5")))

        # Flask-Security-Too (see README "Security" for why each is set).
        self.SECURITY_PASSWORD_HASH = "argon2"
        self.SECURITY_PASSWORD_LENGTH_MIN = 12
        self.SECURITY_PASSWORD_COMPLEXITY_CHECKER = None
        self.SECURITY_PASSWORD_CHECK_BREACHED = False
        self.SECURITY_REGISTERABLE = False
        self.SECURITY_RECOVERABLE = True
        self.SECURITY_CHANGEABLE = True
        self.SECURITY_TRACKABLE = True
        self.SECURITY_RETURN_GENERIC_RESPONSES = True
        self.SECURITY_LOGOUT_METHODS = ["POST"]
        self.SECURITY_DEFAULT_REMEMBER_ME = False
        self.SECURITY_TWO_FACTOR = True
        self.SECURITY_TWO_FACTOR_REQUIRED = True
        self.SECURITY_TWO_FACTOR_ENABLED_METHODS = ["authenticator"]
        self.SECURITY_TWO_FACTOR_AUTHENTICATOR_VALIDITY = 30
        self.SECURITY_TWO_FACTOR_ALWAYS_VALIDATE = True
        self.SECURITY_TWO_FACTOR_RESCUE_EMAIL = False
        self.SECURITY_MULTI_FACTOR_RECOVERY_CODES = True
        self.SECURITY_MULTI_FACTOR_RECOVERY_CODES_N = 8
        self.SECURITY_MULTI_FACTOR_RECOVERY_CODES_KEYS = [_fernet_key(
            env("RECOVERY_CODES_KEY") or _instance_secret(instance_path, "recovery_codes_key"))]
        self.SECURITY_TOTP_SECRETS = {"1": totp_key}
        self.SECURITY_TOTP_ISSUER = env("TOTP_ISSUER", "DHR Case Review")
        self.SECURITY_EMAIL_VALIDATOR_ARGS = {"check_deliverability": False}
        self.SECURITY_EMAIL_SENDER = self.MAIL_DEFAULT_SENDER
        self.SECURITY_POST_LOGIN_VIEW = "/home"
        self.SECURITY_POST_LOGOUT_VIEW = "/login"
        self.SECURITY_FRESHNESS = timedelta(minutes=15)
        self.SECURITY_FRESHNESS_GRACE_PERIOD = timedelta(0)
        self.SECURITY_SEND_PASSWORD_CHANGE_EMAIL = True

        # Agency forms: default due dates, reminders, escalation and attachment limits.
        self.FORM_DUE_DAYS_INVOLVEMENT = int(env("FORM_DUE_DAYS_INVOLVEMENT", "21"))
        self.FORM_DUE_DAYS_IMR = int(env("FORM_DUE_DAYS_IMR", "56"))
        self.FORM_REMIND_BEFORE_DAYS = day_list(env("FORM_REMIND_BEFORE_DAYS", "7,2"))
        self.FORM_OVERDUE_REMIND_EVERY_DAYS = int(env("FORM_OVERDUE_REMIND_EVERY_DAYS", "7"))
        self.FORM_ESCALATE_AFTER_DAYS = int(env("FORM_ESCALATE_AFTER_DAYS", "14"))
        self.FORM_ATTACHMENT_MAX_BYTES = int(env("FORM_ATTACHMENT_MAX_MB", "20")) * 1024 * 1024
        # Learning: reminders this many days before an action's target date (and once when it
        # is overdue); "seen before" with the on-server embedding model (off: lexical only).
        self.ACTION_REMIND_BEFORE_DAYS = day_list(env("ACTION_REMIND_BEFORE_DAYS", "14,3"))
        self.LEARNING_EMBEDDINGS = env("LEARNING_EMBEDDINGS", "1") not in ("0", "false", "no")
        self.ACTION_EVIDENCE_MAX_BYTES = self.FORM_ATTACHMENT_MAX_BYTES
        # Refuse larger requests (413) before Werkzeug spools them to disk: the attachment
        # check alone runs only once the whole body has been received.
        # Chronology uploads (issue 10): what a file may be before it is read at all.
        self.CHRONOLOGY_MAX_BYTES = int(float(env("CHRONOLOGY_MAX_MB", "25")) * 1024 * 1024)
        self.CHRONOLOGY_MAX_UNPACKED_BYTES = int(
            float(env("CHRONOLOGY_MAX_UNPACKED_MB", "400")) * 1024 * 1024)
        self.CHRONOLOGY_MAX_RATIO = int(env("CHRONOLOGY_MAX_RATIO", "100"))  # unpacked/packed
        self.CHRONOLOGY_MAX_ROWS = int(env("CHRONOLOGY_MAX_ROWS", "200000"))
        # an upload left in preview this long is discarded by the daily run (its rows deleted)
        self.CHRONOLOGY_PREVIEW_DAYS = int(env("CHRONOLOGY_PREVIEW_DAYS", "30"))
        # Files larger than this are read and imported by a job (progress shown).
        self.CHRONOLOGY_JOB_ABOVE_BYTES = int(env("CHRONOLOGY_JOB_ABOVE_KB", "512")) * 1024
        self.MAX_CONTENT_LENGTH = max(self.FORM_ATTACHMENT_MAX_BYTES,
                                      self.CHRONOLOGY_MAX_BYTES) + 1024 * 1024

        # Statutory clocks (DESIGN section 3): guidance changes, so periods are settings.
        self.DECISION_PERIOD_MONTHS = int(env("DECISION_PERIOD_MONTHS", "1"))
        self.COMPLETION_PERIOD_MONTHS = int(env("COMPLETION_PERIOD_MONTHS", "6"))
        self.REMINDER_WINDOWS_DAYS = day_list(env("REMINDER_WINDOWS_DAYS", "14,3"))
        self.REMINDER_HOUR = int(env("REMINDER_HOUR", "6"))  # local hour of the daily RQ run

        # The review's name: a Domestic Homicide Review by default, a Domestic Abuse Related
        # Death Review under the Victims and Prisoners Act 2024 s.19 once in force. The same
        # review either way (not a review type); new references start with the prefix.
        self.REVIEW_NAME = env("REVIEW_NAME", "Domestic Homicide Review")
        self.REVIEW_SHORT_NAME = env("REVIEW_SHORT_NAME", "DHR")
        self.REFERENCE_PREFIX = env("REFERENCE_PREFIX", "DHR")
        self.CSP_NAME = env("CSP_NAME", "")  # the partnership, in the Home Office returns

        # Meetings: the largest paper, and how many days before the papers deadline an agency
        # without one is reminded (once).
        self.DOCUMENT_MAX_BYTES = int(float(env("DOCUMENT_MAX_MB", "20")) * 1024 * 1024)
        self.PAPERS_REMIND_DAYS = int(env("PAPERS_REMIND_DAYS", "3"))
        self.MAX_CONTENT_LENGTH = max(self.MAX_CONTENT_LENGTH, self.DOCUMENT_MAX_BYTES + 1024 * 1024)
        # An analyst's filtered dashboard view of fewer reviews than this is refused.
        self.DASHBOARD_MIN_POPULATION = int(env("DASHBOARD_MIN_POPULATION", "10"))

    def as_dict(self):
        return dict(vars(self))


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
