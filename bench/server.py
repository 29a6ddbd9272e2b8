"""The app under test: the real app plus, for the bench only, a plain Flask-Admin ModelView of
Review at /plain (no base view, no sign-in) as the baseline. Served by gunicorn on loopback."""
import os
import socket
import subprocess
import sys
import time
import urllib.request

from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_admin.theme import Bootstrap4Theme

from admin_views.reviews import ReviewView
from bench import OUT, ROOT

PLAIN_REVIEWS = "/plain/review/"


class PlainReviewView(ModelView):
    """Flask-Admin as it comes, with the list settings of our ReviewView (same columns, sort,
    search, filters and page size), so the difference measured is our base view and sign-in."""
    column_list = ReviewView.column_list
    column_default_sort = ReviewView.column_default_sort
    column_searchable_list = ReviewView.column_searchable_list
    column_filters = ReviewView.column_filters
    column_labels = ReviewView.column_labels
    can_view_details = True
    page_size = 50


def base_config(database_url, instance):
    """Settings shared by the seeding process, the counting server and gunicorn's workers."""
    return {"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": str(instance),
            "REDIS_URL": None, "MAIL_SERVER": None}


def create_bench_app(database_url=None, instance=None):
    """Used by gunicorn (``bench.server:create_bench_app()``, settings from the environment)
    and by the bench process itself. Never part of the real app."""
    from app import create_app
    from models import Review, db
    app = create_app(base_config(database_url or os.environ["BENCH_DB_URI"],
                                 instance or os.environ["BENCH_INSTANCE"]))
    plain = Admin(app, name="Plain Flask-Admin", url="/plain", endpoint="plain",
                  theme=Bootstrap4Theme(swatch="default", fluid=True))
    plain.add_view(PlainReviewView(Review, db, endpoint="plain_review", url="/plain/review"))
    return app


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with threaded workers in a subprocess, stopped on exit."""

    def __init__(self, settings, database_url):
        self.settings = settings
        self.database_url = database_url
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def describe(self):
        return (f"gunicorn {self.settings.workers} workers x {self.settings.worker_threads} "
                f"threads (gthread) on 127.0.0.1")

    def __enter__(self):
        env = {**os.environ, "BENCH_DB_URI": self.database_url,
               "BENCH_INSTANCE": str(self.settings.instance),
               # ROOT first; then what the caller had (the tests' clock under test_bench)
               "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT),
                                                           os.environ.get("PYTHONPATH"))))}
        for inherited in ("DATABASE_URL", "REDIS_URL", "MAIL_SERVER"):
            env.pop(inherited, None)
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                   "--worker-class", "gthread", "--workers", str(self.settings.workers),
                   "--threads", str(self.settings.worker_threads), "--keep-alive", "5",
                   "--log-level", "warning", "--error-logfile", str(OUT / "gunicorn.log"),
                   "bench.server:create_bench_app()"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); "
                                   f"see {OUT / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
