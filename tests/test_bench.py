"""`make bench` keeps working: a miniature run (few rows, a second of load) on each backend,
and the reviews and other lists stay free of N+1 queries (statements do not grow with rows)."""
import json
import os
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from conftest import ROOT, TEST_DATABASE_URL, need

TINY = {"BENCH_REVIEWS": "120", "BENCH_PEOPLE": "480", "BENCH_AUDIT": "2000",
        "BENCH_STAFF": "20", "BENCH_THREADS": "2", "BENCH_SECONDS": "0.6", "BENCH_ROUNDS": "1",
        "BENCH_WARMUP": "0.2", "BENCH_WORKERS": "1", "BENCH_WORKER_THREADS": "2"}
MOST_STATEMENTS_FOR_A_LIST = 5


@pytest.fixture(params=["sqlite", "postgresql"])
def bench_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        return
    need(TEST_DATABASE_URL, "TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    server = make_url(TEST_DATABASE_URL).set(drivername="postgresql+psycopg")
    name = f"dhr_bench_test_{uuid.uuid4().hex[:10]}"
    yield server.set(database=name).render_as_string(False)
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_miniature_bench_run(bench_database, tmp_path):
    env = {**os.environ, **TINY, "BENCH_DATABASE_URL": bench_database,
           "BENCH_OUT": str(tmp_path / "out")}
    run = subprocess.run([sys.executable, "-m", "bench"], cwd=ROOT, env=env, timeout=240,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "vs plain_reviews: throughput x" in run.stdout

    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results["rows"]["reviews"] == 120 and results["rows"]["audit_events"] == 2000
    for scenario in results["scenarios"].values():
        assert scenario["requests"] > 0 and scenario["errors"] == 0, scenario
    manager = results["scenarios"]["manager_reviews"]
    assert set(manager["vs_plain_reviews"]) == {"throughput", "p50", "p95"}

    pages = {page["page"]: page for page in results["sql_statements_per_page"]}
    assert all(page["status"] == 200 for page in pages.values()), pages
    assert pages["reviews list (manager), page 1"]["rows"] == 50
    assert pages["reviews list (chair), page 1"]["rows"] == 1
    for label, page in pages.items():
        if " list " in label:
            assert page["statements"] <= MOST_STATEMENTS_FOR_A_LIST, page
