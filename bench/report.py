"""`python -m bench.report`: the overview report's figures, on PostgreSQL in a scratch
database of its own (dhr_bench_report, created and dropped).

- merge + save into a section of 300 paragraphs when someone else saved a change elsewhere
  since the writer's base (three-way merge, then the conditional UPDATE): p95, against the
  baseline of the same save with no concurrent change (no merge);
- opening a section with 500 revisions (the editing page, signed in, through the app): p95,
  against the same page for a section with one revision.
Target: merge + save p95 < 100 ms; opening p95 < 150 ms."""
import math
import os
import re
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.load import TotpCodes
from bench.seed import recreate_database
from bench.server import base_config

SERVER = os.environ.get("BENCH_REPORT_SERVER", "postgresql://postgres@127.0.0.1:5432")
DATABASE = "dhr_bench_report"
PARAGRAPHS, REVISIONS = 300, 500
SAVES, OPENS = int(os.environ.get("BENCH_REPORT_SAVES", 200)), 100
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000


def _setup(app):
    import demo
    from models import MemberRole, Review, ReviewMember, RoleName, db
    from report import structure
    from datetime import date
    with app.app_context():
        db.create_all()
        demo.ensure_roles()
        user, secret = demo.create_user("chair@bench.example.org", "Bench Chair",
                                        [RoleName.chair.name])
        review = Review(reference="DHR-BENCH-1", title="Bench", notified_on=date.today())
        review.members = [ReviewMember(user=user, role=MemberRole.chair)]
        db.session.add(review)
        db.session.flush()
        body = "\n\n".join(f"Paragraph {n}: " + "words of the report " * 8
                           for n in range(PARAGRAPHS))
        big = structure.add_section(review.id, structure.ReportDocument.overview, "Big", None,
                                    body=body)
        long = structure.add_section(review.id, structure.ReportDocument.overview, "Long",
                                     None, body=body)
        short = structure.add_section(review.id, structure.ReportDocument.overview, "Short",
                                      None, body=body)
        db.session.commit()
        return user.id, secret, big.id, long.id, short.id


def _edit(body, index, words):
    blocks = body.split("\n\n")
    blocks[index] = f"{blocks[index]} {words}"
    return "\n\n".join(blocks)


def measure_saves(app, user_id, section_id):
    from models import ReportSection, User, db
    from report import editing
    merged, plain = [], []
    with app.app_context():
        user = db.session.get(User, user_id)
        for n in range(SAVES):
            section = db.session.get(ReportSection, section_id)
            base, body = section.version, section.body
            db.session.rollback()
            editing.save(section_id, base, _edit(body, 10, f"theirs {n}"), user)  # elsewhere
            started = time.perf_counter()
            saved = editing.save(section_id, base, _edit(body, 250, f"mine {n}"), user)
            merged.append(time.perf_counter() - started)
            assert saved.status == "saved" and saved.merged, saved.status
            started = time.perf_counter()
            editing.save(section_id, saved.version, _edit(saved.body, 150, f"plain {n}"), user)
            plain.append(time.perf_counter() - started)
    return merged, plain


def _revisions(app, user_id, section_id):
    from models import ReportSection, User, db
    from report import editing
    with app.app_context():
        user = db.session.get(User, user_id)
        for n in range(REVISIONS - 1):
            section = db.session.get(ReportSection, section_id)
            editing.save(section_id, section.version, _edit(section.body, n % PARAGRAPHS,
                                                             f"r{n}"), user)


def _signed_in_client(app, secret):
    client = app.test_client()
    page = client.get("/login")
    client.post("/login", data={"email": "chair@bench.example.org", "password": demo_password(),
                                "csrf_token": CSRF.search(page.text).group(1)})
    page = client.get("/tf-validate")
    code = TotpCodes().next("chair@bench.example.org", secret)
    landed = client.post("/tf-validate", data={"code": code,
                                               "csrf_token": CSRF.search(page.text).group(1)})
    assert landed.status_code == 302, landed.text
    return client


def demo_password():
    import demo
    return demo.DEMO_PASSWORD


def measure_opens(client, section_id):
    times = []
    for _ in range(OPENS):
        started = time.perf_counter()
        reply = client.get(f"/admin/report/section/{section_id}/")
        times.append(time.perf_counter() - started)
        assert reply.status_code == 200
    return times


def main():
    url = make_url(SERVER).set(drivername="postgresql+psycopg", database=DATABASE)
    url = url.render_as_string(hide_password=False)
    recreate_database(url)
    instance = Path(__file__).resolve().parent / "out" / "instance"
    try:
        from app import create_app
        app = create_app(base_config(url, instance))
        user_id, secret, big, long, short = _setup(app)
        merged, plain = measure_saves(app, user_id, big)
        _revisions(app, user_id, long)
        client = _signed_in_client(app, secret)
        measure_opens(client, long)  # warm-up
        opened_long, opened_short = measure_opens(client, long), measure_opens(client, short)
        print(f"Report bench on PostgreSQL ({PARAGRAPHS} paragraphs, {SAVES} saves, "
              f"{OPENS} opens)")
        print(f"  merge + save after a concurrent change elsewhere: p95 {p95(merged):.1f} ms "
              f"(target < 100); plain save (baseline) p95 {p95(plain):.1f} ms; "
              f"ratio {p95(merged) / p95(plain):.2f}")
        print(f"  open a section with {REVISIONS} revisions: p95 {p95(opened_long):.1f} ms "
              f"(target < 150); with 1 revision (baseline) p95 {p95(opened_short):.1f} ms; "
              f"ratio {p95(opened_long) / p95(opened_short):.2f}")
        with app.app_context():
            from models import db
            db.engine.dispose()
    finally:
        _drop(url)


def _drop(url):
    server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
    server.dispose()


if __name__ == "__main__":
    main()
