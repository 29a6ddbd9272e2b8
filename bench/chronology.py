"""`python -m bench.chronology`: the chronology's four figures (issue 10), on PostgreSQL in a
scratch database of its own (dhr_bench_chronology, created and dropped):

1. import of an N-row xlsx from upload to committed rows, and its ratio to python-calamine
   alone reading the same file (target <= 2.0); then the same file uploaded again, replacing
   those entries (seconds);
2. the consolidated view's query with M entries in one review: first page, a page deep in the
   timeline, an agency filter and a word search, p95 of each (target < 200 ms);
3. duplicate detection over N entries (seconds; blocked by date, not quadratic);
4. export of N entries to xlsx, and its ratio to openpyxl write_only writing the same rows
   alone (target <= 1.2).

CHRONOLOGY_BENCH_ROWS (100000) and CHRONOLOGY_BENCH_ENTRIES (500000) scale it down."""
import io
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta

from openpyxl import Workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

SERVER = os.environ.get("CHRONOLOGY_BENCH_SERVER", "postgresql://postgres@127.0.0.1:5432")
NAME = "dhr_bench_chronology"
ROWS = int(os.environ.get("CHRONOLOGY_BENCH_ROWS", "100000"))
ENTRIES = int(os.environ.get("CHRONOLOGY_BENCH_ENTRIES", "500000"))
REPEAT = 30
WORDS = ("visit", "call", "referral", "appointment", "assessment", "letter", "meeting",
         "attended", "home", "school", "GP", "hospital", "police", "housing", "arrears")


def _server():
    return create_engine(make_url(SERVER).set(drivername="postgresql+psycopg",
                                              database="postgres"),
                         isolation_level="AUTOCOMMIT")


def _recreate(drop_only=False):
    engine = _server()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        if not drop_only:
            conn.execute(text(f'CREATE DATABASE "{NAME}"'))
    engine.dispose()


def _app():
    from app import create_app
    instance = tempfile.mkdtemp(prefix="dhr-bench-chronology-")
    return create_app({"SQLALCHEMY_DATABASE_URI": f"{SERVER}/{NAME}", "INSTANCE_PATH": instance,
                       "UPLOAD_FOLDER": f"{instance}/uploads", "REDIS_URL": None,
                       "MAIL_SERVER": None, "CHRONOLOGY_MAX_ROWS": max(ROWS, 1000) + 10,
                       "CHRONOLOGY_MAX_BYTES": 200 * 1024 * 1024,
                       "CHRONOLOGY_MAX_UNPACKED_BYTES": 2000 * 1024 * 1024})


VOCABULARY = WORDS + tuple(f"w{n:04d}" for n in range(3000))  # varied text, as real entries


def _sentence(rng):
    return " ".join(rng.choice(VOCABULARY if n % 3 else WORDS)
                    for n in range(rng.randint(6, 14)))


def _xlsx(rows, rng):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Chronology")
    sheet.append(["Chronology of contact"])
    sheet.append(["Date of contact", "Time", "Details", "Outcome", "Source / Ref"])
    start = date(2015, 1, 1)
    for n in range(rows):
        sheet.append([start + timedelta(days=rng.randint(0, 3000)), "10:30", _sentence(rng),
                      _sentence(rng), f"REF-{n}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _setup(app):
    import flask_migrate
    import demo
    from bench import ROOT
    from models import Agency, Review, ReviewType, DeathType, Sector, User, db
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        demo.ensure_roles()
        agencies = [Agency(name=f"Agency {n}", sector=list(Sector)[n % len(Sector)])
                    for n in range(8)]
        review = Review(reference="BENCH-1", title="Bench review", notified_on=date(2024, 1, 1),
                        review_type=ReviewType.standalone, death_type=DeathType.homicide,
                        date_of_death=date(2023, 12, 20))
        big = Review(reference="BENCH-2", title="Big review", notified_on=date(2024, 1, 1),
                     review_type=ReviewType.standalone, death_type=DeathType.homicide,
                     date_of_death=date(2023, 12, 20))
        user = User(email="bench@example.org", password="x", active=True,
                    fs_uniquifier="bench-chronology")
        db.session.add_all([*agencies, review, big, user])
        db.session.commit()
        return review.id, big.id, [a.id for a in agencies], user.id


def measure_import(app, review_id, agency_id, rng):
    from chronology import uploads
    from models import Agency, ChronologyUpload, Review, db
    data = _xlsx(ROWS, rng)
    started = time.perf_counter()
    CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    calamine = time.perf_counter() - started
    with app.app_context():
        started = time.perf_counter()
        upload = uploads.receive(db.session.get(Review, review_id),
                                 db.session.get(Agency, agency_id), io.BytesIO(data),
                                 "bench.xlsx", None)
        db.session.commit()
        upload = uploads.read_upload(upload, today=date(2026, 12, 1))
        upload = uploads.commit(db.session.get(ChronologyUpload, upload.id), None)
        ours = time.perf_counter() - started
        assert upload.accepted_count == ROWS, (upload.status, upload.error)
        started = time.perf_counter()  # the same file again: it replaces the first
        again = uploads.receive(db.session.get(Review, review_id),
                                db.session.get(Agency, agency_id), io.BytesIO(data),
                                "bench.xlsx", None)
        db.session.commit()
        again = uploads.read_upload(again, today=date(2026, 12, 1))
        uploads.commit(db.session.get(ChronologyUpload, again.id), None)
        replaced = time.perf_counter() - started
    return ours, calamine, replaced


def fill_big_review(app, review_id, agency_ids, rng):
    from models import ChronologyEntry, ChronologyUpload, db
    from datetime import time as clock
    with app.app_context():
        uploads = {}
        for agency_id in agency_ids:
            upload = ChronologyUpload(review_id=review_id, agency_id=agency_id, version=1,
                                      original_name="bench.xlsx", file_key="0" * 32,
                                      status="committed")
            db.session.add(upload)
            db.session.flush()
            uploads[agency_id] = upload.id
        db.session.commit()
        start, chunk = date(2010, 1, 1), []
        for n in range(ENTRIES):
            agency_id = agency_ids[n % len(agency_ids)]
            event = _sentence(rng)
            chunk.append({"review_id": review_id, "agency_id": agency_id,
                          "upload_id": uploads[agency_id], "row_number": n,
                          "day": start + timedelta(days=rng.randint(0, 5000)),
                          "precision": "day", "at": clock(rng.randint(0, 23), 0),
                          "has_time": True, "event": event, "search_text": event.lower(),
                          "outside_period": False})
            if len(chunk) == 20000:
                db.session.execute(insert(ChronologyEntry), chunk)
                chunk = []
        if chunk:
            db.session.execute(insert(ChronologyEntry), chunk)
        db.session.commit()
        db.session.execute(text("ANALYZE chronology_entry"))
        db.session.commit()


def measure_view(app, review_id, agency_ids):
    from chronology import timeline
    from models import ChronologyEntry, db
    base = select(ChronologyEntry)
    with app.app_context():
        deep_entry = db.session.scalars(
            timeline.narrowed(base, review_id, timeline.Filters()).order_by(
                ChronologyEntry.day, ChronologyEntry.at, ChronologyEntry.id)
            .offset(ENTRIES * 3 // 4).limit(1)).one()
        deep = timeline.cursor_of(deep_entry)
        cases = {
            "first page": (timeline.Filters(), None),
            "deep page": (timeline.Filters(), deep),
            "agency filter": (timeline.Filters(agency_id=agency_ids[3]), None),
            "word search": (timeline.Filters(words="arrears"), None),
        }
        figures = {}
        for name, (filters, after) in cases.items():
            times = []
            for _ in range(REPEAT):
                started = time.perf_counter()
                rows, _ = timeline.page(timeline.narrowed(base, review_id, filters), after)
                times.append(time.perf_counter() - started)
                db.session.rollback()
                assert rows
            figures[name] = _p95(times)
        return figures


def _p95(times):
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def measure_duplicates(app, review_id):
    from chronology import links
    with app.app_context():
        started = time.perf_counter()
        found = links.detect(review_id)
        return time.perf_counter() - started, found


def measure_export(app, review_id, user_id):
    """Our export path (entries read, names substituted, cells written) against openpyxl
    write_only writing the same rows alone."""
    from chronology import export, timeline
    from models import Agency, ChronologyEntry, db
    with app.app_context():
        started = time.perf_counter()
        agencies = {a.id: a.name for a in db.session.scalars(select(Agency))}
        namer = timeline.Namer(timeline.people_of(review_id))
        entries = timeline.in_order_for_export(timeline.narrowed(
            select(ChronologyEntry), review_id, timeline.Filters()))
        rows = [export.row_values(e, agencies[e.agency_id], namer) for e in entries]
        export.xlsx(rows, "Bench")
        ours = time.perf_counter() - started
        started = time.perf_counter()
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Chronology")
        for row in rows:
            sheet.append(list(row))
        book.save(io.BytesIO())
        alone = time.perf_counter() - started
        return ours, alone, len(rows)


def main():
    rng = random.Random(2026)
    _recreate()
    try:
        app = _app()
        review_id, big_id, agency_ids, user_id = _setup(app)
        ours, calamine, replaced = measure_import(app, review_id, agency_ids[0], rng)
        print(f"import {ROWS:,} rows xlsx: {ours:.2f} s; calamine alone {calamine:.2f} s; "
              f"ratio {ours / calamine:.2f} (target <= 2.0)")
        print(f"re-upload of the same file, replacing those {ROWS:,} entries: "
              f"{replaced:.2f} s")
        seconds, found = measure_duplicates(app, review_id)
        print(f"duplicate detection over {ROWS:,} entries: {seconds:.2f} s ({found} pairs)")
        ours, alone, count = measure_export(app, review_id, user_id)
        print(f"export {count:,} entries to xlsx: {ours:.2f} s; openpyxl write_only alone "
              f"{alone:.2f} s; ratio {ours / alone:.2f} (target <= 1.2)")
        fill_big_review(app, big_id, agency_ids, rng)
        for name, p95 in measure_view(app, big_id, agency_ids).items():
            print(f"consolidated view, {ENTRIES:,} entries, {name}: p95 {p95 * 1000:.1f} ms "
                  "(target < 200 ms)")
        with app.app_context():
            from models import db
            db.engine.dispose()
    finally:
        _recreate(drop_only=True)


if __name__ == "__main__":
    main()
