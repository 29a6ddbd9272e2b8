"""`python -m bench.meetings`: how fast an agency user's meetings (narrowed by invitation) and a
panel member's papers (narrowed by visibility) are found, against the baseline of the agency
portal's own task list (form requests narrowed by agency), on synthetic data in a scratch
PostgreSQL database of its own (created and dropped). Prints p50/p95 in ms and the ratios."""
import os
import random
import statistics
import time
import uuid
from datetime import datetime, timedelta

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

SERVER = os.environ.get("BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
NAME = "dhr_bench_meetings"
REVIEWS, MEETINGS_PER_REVIEW, INVITED_PER_MEETING, PAPERS_PER_MEETING = 3000, 4, 5, 3
RUNS = 200


def _admin():
    return create_engine(SERVER, isolation_level="AUTOCOMMIT")


def _recreate(admin, drop_only=False):
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        if not drop_only:
            conn.execute(text(f'CREATE DATABASE "{NAME}"'))


def _seed(db, models, rng):
    agencies = [{"id": i, "name": f"Agency {i}", "sector": "police", "active": True,
                 "contact_email": f"a{i}@example.org"} for i in range(1, 13)]
    now = datetime(2026, 12, 1)
    stamps = {"created_at": now, "updated_at": now}
    reviews = [{"id": r, "reference": f"B-{r}", "title": "t", "notified_on": now.date(),
                "status": "information_gathering", **stamps} for r in range(1, REVIEWS + 1)]
    conn = db.session.connection()
    conn.execute(insert(models.Agency), [{**a, **stamps} for a in agencies])
    conn.execute(insert(models.Review), reviews)
    requests, meetings, invitations, papers = [], [], [], []
    for r in range(1, REVIEWS + 1):
        asked = rng.sample(range(1, 13), 5)
        requests += [{"review_id": r, "agency_id": a, "form_type": "imr", "status": "sent",
                      "revision": 0, "declaration_confirmed": False, **stamps} for a in asked]
        for _ in range(MEETINGS_PER_REVIEW):
            m = len(meetings) + 1
            start = now + timedelta(days=rng.randint(-200, 200))
            meetings.append({"id": m, "review_id": r, "kind": "panel", "status": "scheduled",
                             "starts_at": start, "ends_at": start + timedelta(hours=2),
                             "uid": str(uuid.uuid4()), "sequence": 0, **stamps})
            invitations += [{"meeting_id": m, "agency_id": a, "email": f"a{a}@example.org",
                             "response": "pending", "attendance": "unknown", **stamps}
                            for a in rng.sample(asked, INVITED_PER_MEETING - 2)]
            papers += [{"review_id": r, "meeting_id": m, "agency_id": rng.choice(asked),
                        "visibility": rng.choice(["members", "panel", "agency"]),
                        "original_name": "p.pdf", "content_type": "application/pdf",
                        "size": 1, "sha256": "0" * 64, "storage_key": uuid.uuid4().hex,
                        **stamps} for _ in range(PAPERS_PER_MEETING)]
    for model, rows in ((models.FormRequest, requests), (models.Meeting, meetings),
                        (models.Invitation, invitations), (models.Document, papers)):
        conn.execute(insert(model), rows)
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    return {"reviews": REVIEWS, "form requests": len(requests), "meetings": len(meetings),
            "invitations": len(invitations), "documents": len(papers)}


def _user(db, models, role, agency_id=None, member_of=()):
    from auth import datastore
    user = datastore.create_user(email=f"{role}-{uuid.uuid4().hex[:6]}@example.org",
                                 password="x", roles=[role], active=True,
                                 agency_id=agency_id)
    db.session.flush()
    for review_id in member_of:
        db.session.add(models.ReviewMember(review_id=review_id, user_id=user.id,
                                           role="panel_member"))
    db.session.commit()
    return user


def _timed(run):
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def main():
    admin = _admin()
    _recreate(admin)
    url = make_url(SERVER).set(database=NAME).render_as_string(False)
    try:
        from flask_login import login_user
        from app import create_app
        import access
        import models
        from models import db
        from portal.meetings import invited_meetings, meeting_tasks
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": "/tmp/bench-meet",
                          "REDIS_URL": None, "MAIL_SERVER": None,
                          "SECRET_KEY": "bench", "SECURITY_PASSWORD_SALT": "bench",
                          "SECURITY_TOTP_SECRETS": {"1": "bench-totp-key-0123456789"}})
        with app.app_context():
            db.create_all()
            counts = _seed(db, models, random.Random(7))
            from demo import ensure_roles
            ensure_roles()
            agency_user = _user(db, models, "agency_user", agency_id=3)
            panel_user = _user(db, models, "panel_member", member_of=range(1, 41))
            meeting_ids = db.session.scalars(select(models.Meeting.id).where(
                models.Meeting.review_id <= 40)).all()
            print("Seeded: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
            with app.test_request_context():
                login_user(agency_user)
                baseline = _timed(lambda: db.session.scalars(access.scope(
                    select(models.FormRequest), models.FormRequest,
                    action=access.FILL)).all())
                meetings = _timed(lambda: invited_meetings(agency_user, recent_only=True))
                found = len(invited_meetings(agency_user, recent_only=True))
                tasks = _timed(lambda: meeting_tasks(agency_user))  # with each one's answer
            with app.test_request_context():
                login_user(panel_user)
                rng = random.Random(3)
                papers = _timed(lambda: db.session.scalars(access.scope(
                    select(models.Document), models.Document).where(
                    models.Document.meeting_id == rng.choice(meeting_ids))).all())
            db.session.remove()
            db.engine.dispose()
        print(f"{'query':52} {'p50 ms':>8} {'p95 ms':>8} {'p95 ratio':>10}")
        for label, (p50, p95) in (
                ("baseline: agency's form requests (portal tasks)", baseline),
                (f"agency's recent and upcoming meetings ({found})", meetings),
                ("the same as portal tasks, each with its invitation", tasks),
                ("panel member's papers of one meeting", papers)):
            print(f"{label:52} {p50:8.2f} {p95:8.2f} {p95 / baseline[1]:10.2f}")
    finally:
        _recreate(admin, drop_only=True)
        admin.dispose()


if __name__ == "__main__":
    main()
