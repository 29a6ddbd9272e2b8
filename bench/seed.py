"""A fresh bench database: migrations applied with Flask-Migrate, then synthetic agencies, staff,
reviews, members, people and audit rows inserted in bulk (Core executemany, in chunks)."""
import random
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import flask_migrate
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

import demo
from bench import ROOT
from models import (Agency, AuditAction, AuditEvent, DeathType, Decision, MemberRole, Person,
                    PersonRole, Review, ReviewMember, ReviewStatus, ReviewType, Role, Sector,
                    User, db)

CHUNK = 10_000
BENCH_PASSWORD = "bench-password-2026"
MANAGER = "bench-manager@example.org"
CHAIR = "bench-chair@example.org"
CHAIR_EVERY = 200  # the bench chair sits on one review in this many
AUDITED_TYPES = ("Review", "Person", "ReviewMember", "User", "Agency")


def recreate_database(url):
    """SQLite: remove the file. PostgreSQL: drop and create the database (name must say bench)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        return
    if "bench" not in (parsed.database or ""):
        raise SystemExit(f"Refusing to drop database {parsed.database!r}: "
                         "BENCH_DATABASE_URL must name a database containing 'bench'.")
    server = create_engine(parsed.set(drivername="postgresql+psycopg", database="postgres"),
                           isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    server.dispose()


def seed(app, settings):
    """Returns the row counts and the two bench accounts (with base32 TOTP secrets)."""
    rng = random.Random(2026)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        demo.ensure_roles()
        accounts = _bench_accounts()
        with db.engine.begin() as conn:
            agency_ids = _agencies(conn)
            staff_ids = _staff(conn, settings.staff, rng, agency_ids)
            review_ids = _reviews(conn, settings.reviews, rng, agency_ids)
            members = _members(conn, rng, review_ids, staff_ids, accounts[CHAIR]["id"])
            people = _people(conn, settings.people, rng, review_ids)
            audits = _audit(conn, settings.audit_rows, rng, review_ids, staff_ids)
        _analyze()
        db.engine.dispose()
    counts = {"agencies": len(agency_ids), "staff": len(staff_ids) + 2,
              "reviews": len(review_ids), "review_members": members, "people": people,
              "audit_events": audits}
    return counts, accounts


def _bench_accounts():
    accounts = {}
    for email, name, role in ((MANAGER, "Bench Manager", "review_manager"),
                              (CHAIR, "Bench Chair", "chair")):
        user, secret = demo.create_user(email, name, [role], password=BENCH_PASSWORD)
        db.session.flush()
        accounts[email] = {"email": email, "password": BENCH_PASSWORD, "totp_secret": secret,
                           "id": user.id}
    db.session.commit()
    return accounts


def _insert(conn, model, rows):
    for start in range(0, len(rows), CHUNK):
        conn.execute(model.__table__.insert(), rows[start:start + CHUNK])
    return len(rows)


def _stamp(rng, days=3650):
    return datetime(2026, 1, 1) - timedelta(days=rng.randrange(days), seconds=rng.randrange(86400))


def _agencies(conn):
    sectors = list(Sector)
    rows = [{"name": f"Bench agency {i:03d}", "sector": sectors[i % len(sectors)],
             "contact_email": f"agency{i:03d}@bench.example.org", "active": True,
             "created_at": datetime(2025, 1, 1), "updated_at": datetime(2026, 1, 1)}
            for i in range(60)]
    _insert(conn, Agency, rows)
    return conn.scalars(select(Agency.id).where(Agency.name.like("Bench agency %"))).all()


def _staff(conn, count, rng, agency_ids):
    rows = [{"email": f"staff{i:05d}@bench.example.org", "full_name": f"Staff Member {i}",
             "active": True, "fs_uniquifier": uuid.UUID(int=rng.getrandbits(128)).hex,
             "agency_id": rng.choice(agency_ids) if i % 5 == 0 else None}
            for i in range(count)]
    _insert(conn, User, rows)
    ids = conn.scalars(select(User.id).where(User.email.like("staff%@bench.example.org"))
                       .order_by(User.id)).all()
    roles = dict(conn.execute(select(Role.name, Role.id)).all())
    links = [{"user_id": uid, "role_id": roles["chair" if n % 4 == 0 else "panel_member"]}
             for n, uid in enumerate(ids)]
    conn.execute(db.metadata.tables["roles_users"].insert(), links)
    return ids


def _reviews(conn, count, rng, agency_ids):
    rows = []
    for n in range(count):
        notified = date(2026, 1, 1) - timedelta(days=rng.randrange(3650))
        decision = rng.choice(list(Decision))
        rows.append({
            "reference": f"BR-{notified.year}-{n:05d}", "title": f"Review concerning Adult {n}",
            "review_type": rng.choice(list(ReviewType)), "death_type": rng.choice(list(DeathType)),
            "date_of_death": notified - timedelta(days=rng.randrange(1, 60)),
            "notified_on": notified, "notifying_agency_id": rng.choice(agency_ids),
            "decision": decision, "status": rng.choice(list(ReviewStatus)),
            "decision_on": None if decision is Decision.pending
            else notified + timedelta(days=rng.randrange(5, 40)),
            "created_at": datetime.combine(notified, datetime.min.time()),
            "updated_at": datetime(2026, 1, 1)})
    _insert(conn, Review, rows)
    return conn.scalars(select(Review.id).order_by(Review.id)).all()


def _members(conn, rng, review_ids, staff_ids, chair_id):
    rows = []
    for n, review_id in enumerate(review_ids):
        chair, panel = rng.sample(staff_ids, 2)
        rows.append({"review_id": review_id, "user_id": chair, "role": MemberRole.chair})
        rows.append({"review_id": review_id, "user_id": panel, "role": MemberRole.panel_member})
        if n % CHAIR_EVERY == 0:
            rows.append({"review_id": review_id, "user_id": chair_id, "role": MemberRole.chair})
    stamp = datetime(2026, 1, 1)
    return _insert(conn, ReviewMember, [{**r, "created_at": stamp, "updated_at": stamp}
                                        for r in rows])


def _people(conn, count, rng, review_ids):
    roles = list(PersonRole)
    stamp = datetime(2026, 1, 1)
    rows = [{"review_id": review_ids[n % len(review_ids)], "role": roles[n % len(roles)],
             "real_name": f"Person {n}", "pseudonym": f"Adult {n}", "age": rng.randrange(1, 95),
             "sex": rng.choice(("female", "male")), "created_at": stamp, "updated_at": stamp}
            for n in range(count)]
    return _insert(conn, Person, rows)


def _audit(conn, count, rng, review_ids, staff_ids):
    actions = list(AuditAction)
    rows = []
    for n in range(count):
        action = actions[n % len(actions)]
        staff = rng.randrange(len(staff_ids))
        rows.append({
            "created_at": _stamp(rng, 365), "user_id": staff_ids[staff],
            "actor": f"staff{staff:05d}@bench.example.org", "action": action,
            "ip": f"10.0.{n % 250}.{rng.randrange(1, 250)}",
            "object_type": AUDITED_TYPES[n % len(AUDITED_TYPES)],
            "object_id": rng.randrange(1, 20_000), "review_id": rng.choice(review_ids),
            "path": "/admin/review/edit/",
            "changes": {"title": ["before", "after"]} if action is AuditAction.update else None})
    return _insert(conn, AuditEvent, rows)


def _analyze():
    """Fresh planner statistics, as a long-running database would have."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
