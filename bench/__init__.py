"""`make bench`: seed a separate database at scale, then measure our secured admin lists under
concurrent load against the same list served by a plain Flask-Admin ModelView.

Settings (environment):
  BENCH_DATABASE_URL  default sqlite under bench/out/; a PostgreSQL URL must name a database
                      whose name contains "bench" (it is dropped and created again each run)
  BENCH_REVIEWS / BENCH_PEOPLE / BENCH_AUDIT   rows to seed (5,000 / 20,000 / 200,000)
  BENCH_THREADS       concurrent client connections (8)
  BENCH_SECONDS       measured seconds per scenario (15), split over BENCH_ROUNDS (3)
                      interleaved rounds, after BENCH_WARMUP seconds (2) of warm-up
  BENCH_OUT           where the SQLite file, results.json and logs go (bench/out)
  BENCH_WORKERS / BENCH_WORKER_THREADS   gunicorn worker processes and threads each (2 / 4)
"""
import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("BENCH_OUT") or ROOT / "bench" / "out")


def _int(name, default):
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=lambda: os.environ.get(
        "BENCH_DATABASE_URL") or f"sqlite:///{OUT / 'bench.sqlite3'}")
    reviews: int = field(default_factory=lambda: _int("BENCH_REVIEWS", 5_000))
    people: int = field(default_factory=lambda: _int("BENCH_PEOPLE", 20_000))
    audit_rows: int = field(default_factory=lambda: _int("BENCH_AUDIT", 200_000))
    staff: int = field(default_factory=lambda: _int("BENCH_STAFF", 500))
    threads: int = field(default_factory=lambda: _int("BENCH_THREADS", 8))
    seconds: float = field(default_factory=lambda: float(os.environ.get("BENCH_SECONDS", 15)))
    rounds: int = field(default_factory=lambda: _int("BENCH_ROUNDS", 3))
    warmup: float = field(default_factory=lambda: float(os.environ.get("BENCH_WARMUP", 2)))
    workers: int = field(default_factory=lambda: _int("BENCH_WORKERS", 2))
    worker_threads: int = field(default_factory=lambda: _int("BENCH_WORKER_THREADS", 4))
    instance: Path = OUT / "instance"
