"""Fixtures: a migrated database with the demo world per backend, a fresh copy per test, an
app per database and configuration shared by the tests of a process, and a sign-in helper.

- ``database``: (url, accounts). Each test runs on one backend, PostgreSQL when
  TEST_DATABASE_URL is set, else SQLite; ``@pytest.mark.both_backends`` runs it on both
  (the SQL dialect matters: locks, conditional updates, COPY, migrations, threads), and
  ``@pytest.mark.parametrize("database", ["sqlite"], indirect=True)`` picks one.
- ``app`` / ``client``: ``app_config`` (override or parametrize it) selects the app; what a
  test changes in ``app.config`` or adds to ``app.extensions`` is undone after it. A test
  that adds routes or views gets an app of its own with ``@pytest.mark.own_app``.
- ``auth.login(email)`` signs the client in directly (the session, audit row and "last
  sign-in" of a real sign-in); ``real=True`` or ``@pytest.mark.real_sign_in`` uses the forms.
- ``redis_url``, ``run_worker``, ``smtp_sink``; browser fixtures in tests/browser.py.
- The clock (tests/clock.py) is travelled before modules are imported; tests that depend on
  today's date carry ``@pytest.mark.dates`` and CI runs them at other dates too."""
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool
from sqlalchemy.engine import make_url

import clock
from auth_helpers import Auth, csrf_token, signed_in_session  # noqa: F401 (tests import them)

pytest_plugins = ["browser"]  # tests/browser.py: Chromium, live server, signed-in pages

CI = os.environ.get("CI") == "true"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"]
DEFAULT_BACKEND = "postgresql" if TEST_DATABASE_URL else "sqlite"


def _redis_of_this_worker(url):
    """Under pytest-xdist each worker (gw0, gw1, ...) takes its own Redis database, counting
    down from the one given, since Redis tests empty their database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    if not url or worker == "gw0":
        return url
    base, _, number = url.rpartition("/")
    return f"{base}/{int(number or 0) - int(worker[2:])}"


TEST_REDIS_URL = _redis_of_this_worker(os.environ.get("TEST_REDIS_URL"))
ROOT = Path(__file__).resolve().parent.parent

TEST_SECRETS = {
    "SECRET_KEY": "test-secret-key-not-for-production",
    "TOTP_KEY": "test-totp-key-not-for-production-0123456789",
    "SECURITY_PASSWORD_SALT": "test-salt",
}
BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": TEST_SECRETS["SECRET_KEY"],
    "SECURITY_PASSWORD_SALT": TEST_SECRETS["SECURITY_PASSWORD_SALT"],
    "SECURITY_TOTP_SECRETS": {"1": TEST_SECRETS["TOTP_KEY"]},
    # argon2 stays the scheme; only its cost is lowered so that the suite runs quickly.
    "SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS": {"argon2__rounds": 1, "argon2__memory_cost": 1024},
    "REDIS_URL": None,
    "MAIL_SERVER": None,
}


def pytest_configure(config):
    clock.start()  # before test modules are imported: some read the date at import


def pytest_unconfigure(config):
    clock.stop()


def need(condition, reason):
    """Skip outside CI, fail in CI: CI must exercise every real part."""
    if not condition:
        if CI:
            pytest.fail(f"{reason} (required when CI=true)")
        pytest.skip(reason)


def _make_app(url, instance, **overrides):
    from app import create_app
    return create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url,
                       "INSTANCE_PATH": str(instance), **overrides})


def _build_world(url, instance):
    """Apply the migrations (so they are tested) and load the demo data once per backend;
    on PostgreSQL keep a copy of it for dhr_test_world.reset() (tests/pg_reset.sql)."""
    import flask_migrate
    import demo
    from models import db
    app = _make_app(url, instance)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        accounts = demo.load()
        if db.engine.dialect.name == "postgresql":
            conn = db.engine.raw_connection()  # no parameters: its % signs are SQL's
            conn.cursor().execute((Path(__file__).parent / "pg_reset.sql").read_text())
            conn.commit()
            conn.close()
        db.engine.dispose()
    return {a["email"]: a for a in accounts}


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def sqlite_world(tmp_path_factory, instance_dir):
    path = tmp_path_factory.mktemp("world") / "world.sqlite3"
    accounts = _build_world(f"sqlite:///{path}", instance_dir)
    return path, accounts


@pytest.fixture(scope="session")
def pg_world(instance_dir):
    need(TEST_DATABASE_URL, "TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    server = make_url(TEST_DATABASE_URL).set(drivername="postgresql+psycopg")
    template = f"dhr_world_{os.getpid()}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{template}"'))
    accounts = _build_world(server.set(database=template).render_as_string(False), instance_dir)
    yield admin, server, template, accounts
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
    admin.dispose()


def pytest_generate_tests(metafunc):
    """Each test runs on one backend (PostgreSQL in CI, else SQLite); ``both_backends`` ones
    on both. A test that parametrizes ``database`` itself keeps its own choice."""
    chosen = [mark for mark in metafunc.definition.iter_markers("parametrize")
              if "database" in str(mark.args[0])]
    if "database" not in metafunc.fixturenames or chosen:
        return
    both = metafunc.definition.get_closest_marker("both_backends") is not None
    metafunc.parametrize("database", BACKENDS if both else [DEFAULT_BACKEND], indirect=True)


class Apps:
    """The apps of this worker process, one per database and configuration (building one
    compiles every URL rule and admin view: seconds), the least recently used dropped."""
    KEEP = 6

    def __init__(self, instance):
        self.instance, self.apps = instance, {}

    def get(self, url, config):
        key = (url, repr(sorted(config.items())))
        app = self.apps.pop(key, None) or _make_app(url, self.instance, **config)
        self.apps[key] = app
        while len(self.apps) > self.KEEP:
            _dispose(self.apps.pop(next(iter(self.apps))))
        return app

    def release(self, url):
        """Close every connection to ``url`` (before its database is replaced)."""
        for (app_url, _), app in self.apps.items():
            if app_url == url:
                _dispose(app)


def _dispose(app):
    from models import db
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def apps(instance_dir):
    return Apps(instance_dir)


@pytest.fixture(scope="session")
def sqlite_test_path(tmp_path_factory):
    return tmp_path_factory.mktemp("db") / "test.sqlite3"


@pytest.fixture(scope="session")
def pg_test_database(pg_world):
    """This process's PostgreSQL test database: (its url, a function that puts the world
    back in it). It is recreated from the world only when a test changed its tables."""
    admin, server, template, _ = pg_world
    name = f"dhr_test_{os.getpid()}"
    url = server.set(database=name)

    def recreate():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))

    def reset():
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '10s'"))
                done = conn.execute(text("SELECT dhr_test_world.reset()")).scalar()
        except OperationalError:
            done = False  # e.g. a lock a test left behind
        finally:
            engine.dispose()
        if not done:
            recreate()

    recreate()
    yield url.render_as_string(False), reset
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def database(request, apps):
    """A fresh copy of the demo world for one test: (url, accounts by e-mail). The url is
    the same for every test of a backend in this process, so that its apps are reused."""
    if request.param == "sqlite":
        template, accounts = request.getfixturevalue("sqlite_world")
        path = request.getfixturevalue("sqlite_test_path")
        url = f"sqlite:///{path}"
        apps.release(url)
        shutil.copy(template, path)
        forget_process_caches()
        return url, accounts
    accounts = request.getfixturevalue("pg_world")[3]
    url, reset = request.getfixturevalue("pg_test_database")
    apps.release(url)
    reset()
    forget_process_caches()
    return url, accounts


def forget_process_caches():
    """The database was put back under this process: what it keeps of the rows goes too."""
    from learning import similar
    similar.forget()


@pytest.fixture
def accounts(database):
    """The demo accounts by e-mail: a copy per test, which may add its own accounts to it."""
    return dict(database[1])


@pytest.fixture
def app_config():
    """Override in a test module (or parametrize) to change settings for its apps."""
    return {}


@pytest.fixture
def app(request, database, apps, app_config):
    """The app for this database and configuration, shared with the other tests of this
    process: what a test changes in its config or adds to its extensions is undone after it.
    No app context stays pushed: requests must each get their own, as in production
    (a shared context would carry ``g`` and the signed-in user from one request to the next).
    Tests read the database inside ``with app.app_context():``."""
    if request.node.get_closest_marker("own_app"):
        app = _make_app(database[0], apps.instance, **app_config)  # not shared
    else:
        app = apps.get(database[0], app_config)
    config, extensions = dict(app.config), dict(app.extensions)
    yield app
    _dispose(app)
    app.config.clear()
    app.config.update(config)
    for name in set(app.extensions) - set(extensions):
        added = app.extensions.pop(name)
        if hasattr(added, "close"):
            added.close()  # e.g. the Redis connection a test's REDIS_URL opened


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth(request, client, accounts):
    return Auth(client, accounts, real=request.node.get_closest_marker("real_sign_in") is not None)


@pytest.fixture
def redis_url():
    need(TEST_REDIS_URL, "TEST_REDIS_URL is not set: Redis tests skipped")
    from redis import Redis
    conn = Redis.from_url(TEST_REDIS_URL)
    conn.flushdb()
    yield TEST_REDIS_URL
    conn.flushdb()
    conn.close()


@pytest.fixture
def run_worker(app):
    """Runs a real RQ worker process (`flask worker --burst`) against this test's database
    and Redis until the queue is empty; returns its completed process."""
    import subprocess
    import sys

    def run():
        book_daily_run_far_ahead(app)
        config = app.config
        env = {**os.environ, **TEST_SECRETS,
               "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
               "REDIS_URL": config["REDIS_URL"], "RQ_QUEUE": config["RQ_QUEUE"],
               "UPLOAD_FOLDER": config["UPLOAD_FOLDER"],  # the same file store as the test
               "MAIL_SERVER": config.get("MAIL_SERVER") or "",
               "MAIL_PORT": str(config.get("MAIL_PORT") or 25)}
        return subprocess.run([sys.executable, "-m", "flask", "--app", "app", "worker", "--burst"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                              check=True)
    return run


def book_daily_run_far_ahead(app):
    """A starting worker books today's reminder run and, after REMINDER_HOUR, runs it at once,
    mailing the demo world's reminders into a test about other mail. Taking today's and
    tomorrow's job ids first (for a run in 2100) leaves that worker nothing to book or run."""
    from datetime import date, datetime, timedelta

    import jobs
    from lifecycle import reminders
    with app.app_context():
        queue = jobs.get_queue()
        for day in (date.today(), date.today() + timedelta(days=1)):
            queue.enqueue_at(datetime(2100, 1, 1), jobs.run, jobs.job_name(reminders.daily),
                             job_id=reminders.job_id(day))


class SmtpSink:
    """A real SMTP server on loopback that keeps what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        self.messages = []
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())
        self.port = self.controller.port

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    sink.controller.start()
    yield sink
    sink.controller.stop()
