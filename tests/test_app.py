"""The factory as a server process runs it: the objects it keeps for life are frozen out of the
garbage collector's full passes (app._freeze_startup_objects), and a test app is left alone."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FROZEN_AFTER = """
import gc, sys
from app import create_app
create_app({"INSTANCE_PATH": sys.argv[1], "TESTING": sys.argv[2] == "testing",
            "REDIS_URL": None, "MAIL_SERVER": None})
print(gc.get_freeze_count())
"""


def _frozen(tmp_path, mode):
    done = subprocess.run([sys.executable, "-c", FROZEN_AFTER, str(tmp_path), mode], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def test_a_served_app_freezes_its_start_up_objects(tmp_path):
    assert _frozen(tmp_path, "serving") > 100_000


def test_a_test_app_freezes_nothing(tmp_path):
    assert _frozen(tmp_path, "testing") == 0
