"""`python -m bench.dashboards`: the dashboard and the data collection return at the issue's
sizes on PostgreSQL, in a scratch database of its own (created and dropped).

Seeds 5,000 reviews, 60 agencies, 20,000 people (bench.seed), then a form request to 8-14
agencies per review (about 55,000), holds on one review in five and the Home Office
submissions of the completed ones. Prints the p95 of the whole dashboard page (signed in as a
review manager, through the real app) unfiltered and filtered, the analyst's page, the data
collection return of one review and of all 5,000. Learning: 30 themes, 50,000 lessons (one
or two themes each), 20,000 recommendations and 100,000 actions."""
import io
import os
import random
import re
import statistics
import time
from datetime import date, datetime, timedelta

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bench import OUT, Settings
from bench.load import TotpCodes
from bench.seed import MANAGER, recreate_database, seed
from bench.server import base_config

SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
NAME = "dhr_bench_dashboards"
ANALYST = "bench-analyst@example.org"
RUNS = int(os.environ.get("BENCH_DASHBOARD_RUNS", 20))
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def p95(samples):
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _extras(app, rng):
    """Form requests, holds and submissions for every review, in bulk."""
    from models import (Agency, FormRequest, FormStatus, FormType, HomeOfficeSubmission,
                        Review, ReviewHold, db)
    from models.review_hold import HoldReason
    from lifecycle.clocks import COMPLETED
    with app.app_context(), db.engine.begin() as conn:
        agencies = conn.scalars(select(Agency.id)).all()
        reviews = conn.execute(select(Review.id, Review.notified_on, Review.status)).all()
        requests, holds, sent = [], [], []
        states = [s for s in FormStatus]
        for review_id, notified, status in reviews:
            for agency in rng.sample(agencies, rng.randint(8, 14)):
                state = rng.choice(states)
                due = notified + timedelta(days=rng.randint(20, 80))
                submitted = (datetime.combine(due, datetime.min.time())
                             + timedelta(days=rng.randint(-10, 30))
                             if state in (FormStatus.submitted, FormStatus.accepted) else None)
                requests.append({"review_id": review_id, "agency_id": agency,
                                 "form_type": FormType.involvement, "status": state,
                                 "due_on": due, "submitted_at": submitted,
                                 "declaration_confirmed": False, "revision": 0,
                                 "created_at": datetime(2026, 1, 1),
                                 "updated_at": datetime(2026, 1, 1)})
            if rng.random() < 0.2:
                start = notified + timedelta(days=rng.randint(30, 200))
                holds.append({"review_id": review_id, "reason": HoldReason.inquest,
                              "started_on": start, "ended_on": start + timedelta(days=60),
                              "status_before": status, "created_at": datetime(2026, 1, 1),
                              "updated_at": datetime(2026, 1, 1)})
            if status in COMPLETED:
                sent.append({"review_id": review_id,
                             "sent_on": notified + timedelta(days=rng.randint(150, 500)),
                             "created_at": datetime(2026, 1, 1),
                             "updated_at": datetime(2026, 1, 1)})
        for model, rows in ((FormRequest, requests), (ReviewHold, holds),
                            (HomeOfficeSubmission, sent)):
            for start in range(0, len(rows), 10_000):
                conn.execute(model.__table__.insert(), rows[start:start + 10_000])
        conn.execute(text("ANALYZE"))
    return len(requests), len(holds), len(sent)


def _learning(app, rng):
    """Themes, lessons (with themes), recommendations (with themes) and actions, in bulk."""
    from models import Action, Agency, Lesson, Recommendation, Review, Theme, db
    from models.learning import (ActionStatus, LessonSource, RecommendationScope, lesson_theme,
                                 recommendation_theme)
    stamp = {"created_at": datetime(2026, 1, 1), "updated_at": datetime(2026, 1, 1)}
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(Theme.__table__.insert(), [{"name": f"Bench theme {n:02d}", "active": True,
                                                 **stamp} for n in range(30)])
        themes = conn.scalars(select(Theme.id).where(Theme.name.like("Bench theme %"))).all()
        agencies = conn.scalars(select(Agency.id)).all()
        reviews = conn.scalars(select(Review.id)).all()
        _bulk(conn, Lesson, [{"review_id": rng.choice(reviews), "text": f"Lesson {n}",
                              "agency_id": rng.choice(agencies), "source": LessonSource.imr,
                              **stamp} for n in range(50_000)])
        lessons = conn.scalars(select(Lesson.id)).all()
        _bulk(conn, lesson_theme, [{"lesson_id": lesson, "theme_id": theme} for lesson in lessons
                                   for theme in rng.sample(themes, rng.randint(1, 2))])
        scopes = list(RecommendationScope)
        _bulk(conn, Recommendation, [{"review_id": rng.choice(reviews), "text": f"Rec {n}",
                                      "scope": rng.choice(scopes), "multi_agency": False,
                                      **stamp} for n in range(20_000)])
        recommendations = conn.scalars(select(Recommendation.id)).all()
        _bulk(conn, recommendation_theme, [{"recommendation_id": r, "theme_id": rng.choice(
            themes)} for r in recommendations])
        statuses = list(ActionStatus)
        _bulk(conn, Action, [{"recommendation_id": r, "action_to_take": "Act",
                              "status": rng.choice(statuses),
                              "target_date": date(2026, 1, 1) + timedelta(days=rng.randint(
                                  -400, 400)), **stamp}
                             for r in recommendations for _ in range(5)])
        conn.execute(text("ANALYZE"))
    return len(lessons), len(recommendations), len(recommendations) * 5


def _bulk(conn, table, rows):
    table = getattr(table, "__table__", table)
    for start in range(0, len(rows), 10_000):
        conn.execute(table.insert(), rows[start:start + 10_000])


def _analyst(app):
    import demo
    from models import db
    with app.app_context():
        user, secret = demo.create_user(ANALYST, "Bench Analyst", ["analyst"],
                                        password="bench-password-2026")
        db.session.commit()
        return {"email": ANALYST, "password": "bench-password-2026", "totp_secret": secret}


def _signed_in(app, account, codes):
    client = app.test_client()
    page = client.get("/login").text
    client.post("/login", data={"email": account["email"], "password": account["password"],
                                "csrf_token": CSRF.search(page)[1]})
    page = client.get("/tf-validate").text
    client.post("/tf-validate", data={"code": codes.next(account["email"],
                                                         account["totp_secret"]),
                                      "csrf_token": CSRF.search(page)[1]})
    assert client.get("/admin/dashboards/").status_code == 200
    return client


def _timed_pages(client, path):
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, path
    return p95(samples), statistics.median(samples)


def _exports(app):
    from dashboards.jobs import write_return
    from models import Review, db
    with app.app_context():
        ids = db.session.scalars(select(Review.id).order_by(Review.id)).all()
        one = []
        for review_id in ids[:RUNS]:
            started = time.perf_counter()
            write_return(io.BytesIO(), [review_id])
            one.append(time.perf_counter() - started)
        started = time.perf_counter()
        rows = write_return(io.BytesIO(), ids)
        return p95(one), time.perf_counter() - started, len(ids), rows


def main():
    url = f"{SERVER}/{NAME}"
    recreate_database(url)
    try:
        run(url)
    finally:
        drop(url)


def drop(url):
    if not os.environ.get("BENCH_KEEP"):  # BENCH_KEEP=1: kept, to profile against it
        server = create_engine(make_url(url).set(drivername="postgresql+psycopg",
                                                 database="postgres"),
                               isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        server.dispose()


def run(url):
    from app import create_app
    settings = Settings(database_url=url, reviews=int(os.environ.get("BENCH_REVIEWS", 5000)),
                        people=20_000, audit_rows=1_000, staff=200)
    OUT.mkdir(parents=True, exist_ok=True)
    app = create_app({**base_config(url, settings.instance), "WTF_CSRF_ENABLED": True})
    started = time.perf_counter()
    counts, accounts = seed(app, settings)
    requests, holds, sent = _extras(app, random.Random(15))
    lessons, recommendations, actions = _learning(app, random.Random(11))
    analyst = _analyst(app)
    print(f"Seeded {counts['reviews']} reviews, {counts['agencies']} agencies, "
          f"{counts['people']} people, {requests} form requests, {holds} holds, {sent} "
          f"submissions, {lessons} lessons, {recommendations} recommendations, {actions} "
          f"actions in {time.perf_counter() - started:.1f} s")
    codes = TotpCodes()
    manager = _signed_in(app, accounts[MANAGER], codes)
    with app.app_context():
        from models import Agency, db
        agency = db.session.scalar(select(Agency.id).order_by(Agency.id).limit(1))
    filtered = (f"/admin/dashboards/?notified_from=2020-01-01&death_type=homicide"
                f"&agency_id={agency}")
    for label, client, path in (("unfiltered (manager)", manager, "/admin/dashboards/"),
                                ("filtered (manager)", manager, filtered),
                                ("unfiltered (analyst)", _signed_in(app, analyst, codes),
                                 "/admin/dashboards/")):
        high, middle = _timed_pages(client, path)
        verdict = "ok" if high < 0.3 else "OVER 300 ms"
        print(f"Dashboard page {label}: p95 {high * 1000:.0f} ms, median "
              f"{middle * 1000:.0f} ms over {RUNS} ({verdict})")
    one, everything, reviews, rows = _exports(app)
    print(f"Data collection return, one review: p95 {one * 1000:.0f} ms "
          f"({'ok' if one < 1 else 'OVER 1 s'})")
    print(f"Data collection return, all {reviews} reviews: {everything:.1f} s ({rows} rows)")


if __name__ == "__main__":
    main()
