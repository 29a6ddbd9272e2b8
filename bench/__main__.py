"""`python -m bench`: seed, count SQL per page, load-test under gunicorn, print and save results."""
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone

from sqlalchemy.engine import make_url

from bench import OUT, Settings
from bench.load import Load, Result, TotpCodes, fetch, sign_in
from bench.scenarios import SCENARIOS
from bench.seed import recreate_database, seed
from bench.server import Gunicorn, base_config
from bench.sqlcount import count_statements
from config import database_url


def main():
    settings = Settings()
    url = database_url(settings.database_url)
    OUT.mkdir(parents=True, exist_ok=True)
    backend = make_url(url).get_backend_name()
    print(f"DHR bench on {backend} ({make_url(url).render_as_string(hide_password=True)})")

    started = time.perf_counter()
    recreate_database(url)
    from app import create_app
    counts, accounts = seed(create_app(base_config(url, settings.instance)), settings)
    seeded = time.perf_counter() - started
    print(f"Seeded in {seeded:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))

    codes = TotpCodes()
    statements = count_statements(settings, url, accounts, codes)
    with Gunicorn(settings, url) as server:
        print(f"Load: {settings.threads} client threads over keep-alive, "
              f"{settings.warmup:g} s warm-up + {settings.seconds:g} s per scenario "
              f"in {settings.rounds} interleaved rounds; "
              f"{server.describe()}")
        results = measure(server.base_url, settings, accounts, codes)
    summary = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "database": backend, "rows": counts, "seed_seconds": round(seeded, 1),
        "server": server.describe(), "client_threads": settings.threads,
        "seconds_per_scenario": settings.seconds, "rounds": settings.rounds, "cpus": os.cpu_count(),
        "python": platform.python_version(), "scenarios": results,
        "sql_statements_per_page": statements,
    }
    print_report(results, statements)
    (OUT / "results.json").write_text(json.dumps(summary, indent=2))
    print(f"\nWritten to {OUT / 'results.json'} (total {time.perf_counter() - started:.0f} s)")
    failed = [k for k, r in results.items() if r["errors"]]
    return 1 if failed else 0


def measure(base_url, settings, accounts, codes):
    """Scenarios take turns over several rounds, so drift (other load, caches, clock speed)
    spreads over all of them instead of favouring one."""
    cookies = {email: sign_in(base_url, accounts[email], codes)
               for email in {s.account for s in SCENARIOS if s.account}}
    loads = {}
    for scenario in SCENARIOS:
        check_page(base_url, scenario, cookies.get(scenario.account))
        loads[scenario.key] = Load(base_url, scenario.path, cookies.get(scenario.account),
                                   settings.threads)
        loads[scenario.key].run(settings.warmup)
    totals = {key: Result([], [], 0.0) for key in loads}
    for _ in range(settings.rounds):
        for key, load in loads.items():
            totals[key] += load.run(settings.seconds / settings.rounds)
    results = {}
    for scenario in SCENARIOS:
        result = totals[scenario.key].as_dict()
        result.update(label=scenario.label, path=scenario.path, account=scenario.account)
        baseline = results.get(scenario.baseline)
        if baseline:
            result["vs_" + scenario.baseline] = ratios(result, baseline)
        results[scenario.key] = result
    return results


def check_page(base_url, scenario, cookie):
    status, body = fetch(base_url, scenario.path, cookie)
    if status != 200 or scenario.expect not in body:
        raise SystemExit(f"{scenario.key}: {scenario.path} answered {status} without "
                         f"{scenario.expect!r}: the bench would measure the wrong page")


def ratios(result, baseline):
    def ratio(key):
        return round(result[key] / baseline[key], 2) if baseline[key] else None
    return {"throughput": ratio("requests_per_s"), "p50": ratio("p50_ms"),
            "p95": ratio("p95_ms")}


def print_report(results, statements):
    print(f"\n{'scenario':<58} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for result in results.values():
        print(f"{result['label']:<58} {result['requests_per_s']:>8.1f} {result['p50_ms']:>8.1f} "
              f"{result['p95_ms']:>8.1f} {result['errors']:>7}")
        for key, ratio in result.items():
            if key.startswith("vs_"):
                print(f"{'':4}vs {key[3:]}: throughput x{ratio['throughput']}, "
                      f"p50 x{ratio['p50']}, p95 x{ratio['p95']}")
    print(f"\n{'SQL statements per request (N+1 check)':<58} {'rows':>8} {'SQL':>8} {'status':>7}")
    for row in statements:
        print(f"{row['page']:<58} {row['rows']:>8} {row['statements']:>8} {row['status']:>7}")


if __name__ == "__main__":
    sys.exit(main())
