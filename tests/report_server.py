"""The test app for gunicorn (several worker processes on one PostgreSQL database):
``report_server:create()`` with the database and instance folder from the environment, and
the tests' settings (secrets, fast password hashing)."""
import os
import signal
import subprocess
import sys
import time
import urllib.request

from conftest import BASE_CONFIG, ROOT
from bench.server import free_port


def create():
    from app import create_app
    return create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": os.environ["REPORT_TEST_DB"],
                       "INSTANCE_PATH": os.environ["REPORT_TEST_INSTANCE"]})


class Served:
    """gunicorn with ``workers`` processes serving the test app on loopback."""

    def __init__(self, database_url, instance, workers=2, log=None):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "REPORT_TEST_DB": database_url,
                    "REPORT_TEST_INSTANCE": str(instance),
                    "PYTHONPATH": os.pathsep.join(filter(None, (  # the tests' clock's too
                        str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH"))))}
        for inherited in ("DATABASE_URL", "REDIS_URL", "MAIL_SERVER"):
            self.env.pop(inherited, None)
        self.command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                        "--worker-class", "gthread", "--workers", str(workers), "--threads", "4",
                        "--log-level", "warning", "report_server:create()"]
        self.log = log
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env,
                                        stderr=self.log or subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode})")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
