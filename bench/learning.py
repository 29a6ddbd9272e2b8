"""`python -m bench.learning`: the learning figures of issue 11 on PostgreSQL, in a scratch
database of its own (created, then dropped): 5,000 reviews, 50,000 recommendations and
25,000 lessons with stored vectors, 100,000 actions. Prints p95s of:

- the action plan page of one review (as a review manager and as a chair), full request;
- the learning library search (words + theme), as a review manager and as a chair;
- "seen before" for one new recommendation against the 50,000 earlier ones (the per-process
  matrix, warm), against the baseline that loads every stored vector per query, in the same run.

Settings: BENCH_PG (server, default postgresql://postgres@127.0.0.1:5432), BENCH_LEARNING_SCALE
(1.0: a fraction scales every count down), BENCH_SAMPLES (60 timed requests per figure)."""
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta

import numpy as np
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

SERVER = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
NAME = "dhr_bench_learning"
SCALE = float(os.environ.get("BENCH_LEARNING_SCALE", "1"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "60"))
SUBJECTS = ["Northshire Police", "GP practices", "Health visitors", "Housing officers",
            "Probation", "Adult social care", "Mental health services", "Schools",
            "The ambulance service", "Specialist domestic abuse services"]
VERBS = ["should ensure that", "must make sure", "should review how", "should train staff so",
         "should audit whether", "should agree with partners that"]
OBJECTS = ["a DASH risk assessment is completed at every incident",
           "routine enquiry about domestic abuse happens at every appointment",
           "information is shared with the MARAC whenever a referral is made",
           "economic abuse behind rent arrears is recognised",
           "non-fatal strangulation is recorded and escalated",
           "carers' needs are assessed when an older victim is cared for",
           "suicide risk after separation is assessed", "stalking is recognised early",
           "interpreters are used instead of family members",
           "perpetrators' mental health needs are referred"]
TAILS = ["", ", and audit compliance quarterly", " within six months", ", with training",
         ", reporting progress to the CSP board"]


def p95(values):
    return statistics.quantiles(values, n=20)[18] * 1000 if len(values) > 1 else 0.0


def timed(func, samples=SAMPLES):
    values = []
    for _ in range(samples):
        started = time.perf_counter()
        func()
        values.append(time.perf_counter() - started)
    return values


def sentence(rng):
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            f"{rng.choice(TAILS)}.")


def create_database():
    admin = create_engine(make_url(SERVER + "/postgres").set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{NAME}"'))
    return admin


def seed(app, rng):
    """Reviews, their chair, recommendations, lessons and actions, by bulk inserts."""
    from learning import similar
    from models import (Action, Agency, Lesson, MemberRole, Recommendation, Review,
                        ReviewMember, Sector, db)
    from models.learning import THEMES, Theme, recommendation_theme
    import demo
    counts = {"reviews": int(5000 * SCALE), "recommendations": int(50000 * SCALE),
              "lessons": int(25000 * SCALE), "actions": int(100000 * SCALE)}
    with app.app_context():
        db.create_all()
        demo.ensure_roles()
        db.session.add_all(Theme(name=name) for name in THEMES)
        agencies = [Agency(name=f"Agency {n}", sector=Sector.other,
                           contact_email=f"a{n}@example.org") for n in range(20)]
        db.session.add_all(agencies)
        manager, _ = demo.create_user("manager@example.org", "Bench manager",
                                      ["review_manager"])
        chair, _ = demo.create_user("chair@example.org", "Bench chair", ["chair"])
        db.session.commit()
        today = date.today()
        db.session.execute(insert(Review), [{
            "reference": f"DHR-B-{n:05d}", "title": f"Bench review {n}",
            "notified_on": today - timedelta(days=rng.randint(10, 2000)),
            "review_type": "dhr", "death_type": "homicide"} for n in range(counts["reviews"])])
        review_ids = db.session.scalars(select(Review.id).order_by(Review.id)).all()
        db.session.execute(insert(ReviewMember), [
            {"review_id": rid, "user_id": chair.id, "role": MemberRole.chair}
            for rid in review_ids[::50]])  # the chair sits on 100 reviews
        texts = [sentence(rng) for _ in range(counts["recommendations"])]
        vectors = similar.embed(texts)
        db.session.execute(insert(Recommendation), [{
            "review_id": review_ids[n % len(review_ids)], "text": t, "scope": "local",
            "multi_agency": False, "embedding": similar.to_bytes(v),
            "embedded_hash": similar.text_hash(t)} for n, (t, v) in enumerate(zip(texts,
                                                                                vectors))])
        lesson_texts = [sentence(rng).replace("should", "did not") for _ in
                        range(counts["lessons"])]
        lesson_vectors = similar.embed(lesson_texts)
        db.session.execute(insert(Lesson), [{
            "review_id": review_ids[n % len(review_ids)], "text": t, "source": "imr",
            "embedding": similar.to_bytes(v), "embedded_hash": similar.text_hash(t)}
            for n, (t, v) in enumerate(zip(lesson_texts, lesson_vectors))])
        rec_ids = db.session.scalars(select(Recommendation.id)).all()
        theme_ids = db.session.scalars(select(Theme.id)).all()
        db.session.execute(insert(recommendation_theme), [
            {"recommendation_id": rid, "theme_id": rng.choice(theme_ids)} for rid in rec_ids])
        statuses = ["not_started", "on_track", "at_risk", "overdue", "complete"]
        rows = []
        for n in range(counts["actions"]):
            status = rng.choice(statuses)
            rows.append({"recommendation_id": rec_ids[n % len(rec_ids)],
                         "action_to_take": f"Action {n}: " + rng.choice(OBJECTS),
                         "lead_agency_id": rng.choice(agencies).id, "status": status,
                         "target_date": today + timedelta(days=rng.randint(-200, 400)),
                         "outcome": "Done" if status == "complete" else None,
                         "completed_on": today if status == "complete" else None})
        db.session.execute(insert(Action), rows)
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return counts, review_ids, manager.fs_uniquifier, chair.fs_uniquifier, rec_ids


def client_as(app, uniquifier):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = uniquifier, True
        session["fs_cc"], session["tf_state"] = "set", None
    return client


def measure_pages(app, review_ids, manager, chair, rng):
    figures = {}
    chaired = review_ids[::50]
    for who, uniquifier, pool in (("manager", manager, review_ids), ("chair", chair, chaired)):
        client = client_as(app, uniquifier)
        probe = client.get(f"/admin/learning/review/{pool[0]}/plan/")
        assert probe.status_code == 200, (who, probe.status_code)
        figures[f"plan page ({who})"] = timed(lambda: client.get(
            f"/admin/learning/review/{rng.choice(pool)}/plan/"))
        figures[f"library search ({who})"] = timed(lambda: client.get(
            "/admin/learning/", query_string={"words": rng.choice(["DASH", "MARAC",
                                                                   "strangulation"]),
                                              "theme": str(rng.randint(1, 21))}))
    return figures


def measure_seen_before(app, manager, rng):
    from flask_login import login_user
    from admin_views.learning_plan import seen_before
    from learning import similar
    from models import Recommendation, User, db
    with app.test_request_context():
        login_user(db.session.scalar(select(User).where(User.fs_uniquifier == manager)))
        similar.embed(["warm the model"])
        started = time.perf_counter()
        seen_before(sentence(rng))  # builds the per-process matrix
        cold = time.perf_counter() - started
        warm = timed(lambda: seen_before(sentence(rng)))

        def load_every_vector():
            query = similar.embed([sentence(rng)])[0]
            rows = db.session.execute(select(Recommendation.id, Recommendation.embedding)).all()
            matrix = np.frombuffer(b"".join(r.embedding for r in rows), dtype=np.float32)
            scores = matrix.reshape(len(rows), similar.DIMENSIONS) @ query
            return [rows[i].id for i in np.argsort(-scores)[:5]]
        baseline = timed(load_every_vector, max(10, SAMPLES // 4))
    return cold, warm, baseline


def main():
    rng = random.Random(11)
    admin = create_database()
    url = make_url(SERVER + "/" + NAME).set(drivername="postgresql+psycopg")
    try:
        from app import create_app
        app = create_app({"SQLALCHEMY_DATABASE_URI": url.render_as_string(False),
                          "INSTANCE_PATH": tempfile.mkdtemp(prefix="bench-learning-"),
                          "REDIS_URL": None, "MAIL_SERVER": None, "WTF_CSRF_ENABLED": False})
        started = time.perf_counter()
        counts, review_ids, manager, chair, _ = seed(app, rng)
        print(f"Seeded in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        for name, values in measure_pages(app, review_ids, manager, chair, rng).items():
            print(f"{name:32} p95 {p95(values):7.1f} ms (target < 200 ms; n={len(values)})")
        cold, warm, baseline = measure_seen_before(app, manager, rng)
        print(f"{'seen before, first query':32} {cold * 1000:7.1f} ms (builds the matrix)")
        print(f"{'seen before (warm matrix)':32} p95 {p95(warm):7.1f} ms (target < 300 ms)")
        print(f"{'baseline: every vector per query':32} p95 {p95(baseline):7.1f} ms "
              f"(x{p95(baseline) / max(p95(warm), 0.001):.1f} the matrix)")
        with app.app_context():
            from models import db
            db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
