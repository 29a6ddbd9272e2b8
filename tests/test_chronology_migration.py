"""Migration 0012_staged_entries on both backends: a preview waiting at the upgrade, its rows
held as JSON on the upload, keeps every row (staged) and can still be imported."""
import json

import pytest
from alembic import command
from sqlalchemy import func, select, text

from chronology import uploads
from models import (ChronologyEntry, ChronologyLink, ChronologyUpload, LinkStatus,
                    StagedEntry, UploadStatus, db)

pytestmark = pytest.mark.both_backends  # migrations

NOW = "2026-01-02 03:04:05"
OLD_PREVIEW = {
    "entries": [
        {"row": 3, "day": "2021-03-03", "precision": "day", "time": "14:30", "agency": "",
         "source": "REF-1", "people": "Adult A", "event": "DASH completed", "outcome": "MARAC",
         "practitioner": "", "comment": "", "outside_period": False, "risks": "DASH, MARAC"},
        {"row": 5, "day": "2021-03-01", "precision": "month", "time": None, "agency": "",
         "source": "", "people": "", "event": "Letter sent", "outcome": "", "practitioner": "",
         "comment": "", "outside_period": True, "risks": ""}],
    "rejected": [{"row": 4, "column": "Date", "reason": "the date is missing"}],
    "flagged": [{"row": 5, "reason": "before the review's scoping period"}],
    "header_row": 2, "columns": {"0": "date", "1": "event"}}
UPLOAD = ("INSERT INTO chronology_upload (review_id, agency_id, version, original_name, "
          "file_key, size, status, parsed, accepted_count, rejected_count, created_at, "
          "updated_at) VALUES (:review, :agency, 99, 'old.xlsx', 'old', 1, 'preview', :parsed, "
          "2, 1, :now, :now)")


def _a_preview_as_0011_kept_it(app):
    """Back at 0011, an upload in preview with its rows as JSON: (config, review, agency)."""
    config = app.extensions["migrate"].migrate.get_config("migrations")
    db.session.remove()
    command.downgrade(config, "0011_entry_same_as_index")
    with db.engine.begin() as connection:
        review = connection.scalar(text("SELECT min(id) FROM review"))
        agency = connection.scalar(text("SELECT min(id) FROM agency"))
        connection.execute(text(UPLOAD), {"review": review, "agency": agency, "now": NOW,
                                          "parsed": json.dumps(OLD_PREVIEW)})
    return config, review, agency


def test_a_waiting_preview_keeps_every_row_and_can_be_imported(app):
    with app.app_context():
        config, review, agency = _a_preview_as_0011_kept_it(app)
        command.upgrade(config, "head")
        upload = db.session.scalar(select(ChronologyUpload).where(
            ChronologyUpload.original_name == "old.xlsx"))
        assert upload.parsed["first"] == OLD_PREVIEW["entries"]
        assert "entries" not in upload.parsed
        assert upload.parsed["rejected"] == OLD_PREVIEW["rejected"]
        staged = db.session.scalars(select(StagedEntry).where(
            StagedEntry.upload_id == upload.id).order_by(StagedEntry.id)).all()
        assert [(s.row_number, s.day.isoformat(), s.precision.name, s.has_time, s.risks,
                 s.outside_period) for s in staged] == [
            (3, "2021-03-03", "day", True, "DASH, MARAC", False),
            (5, "2021-03-01", "month", False, None, True)]
        assert staged[0].search_text == "dash completed marac adult a ref-1 "
        uploads.commit(upload, None)
        entries = db.session.scalars(select(ChronologyEntry).where(
            ChronologyEntry.upload_id == upload.id).order_by(ChronologyEntry.id)).all()
        assert [(e.row_number, e.event, e.review_id, e.agency_id) for e in entries] == [
            (3, "DASH completed", review, agency), (5, "Letter sent", review, agency)]
        assert upload.status is UploadStatus.committed
        assert not db.session.scalar(select(StagedEntry.id).where(
            StagedEntry.upload_id == upload.id))
        db.session.remove()
        db.engine.dispose()


COMMITTED = ("INSERT INTO chronology_upload (review_id, agency_id, version, original_name, "
             "file_key, size, status, parsed, accepted_count, rejected_count, created_at, "
             "updated_at) VALUES (:review, :agency, 98, 'kept.xlsx', 'kept', 1, 'committed', "
             ":parsed, 2, 0, :now, :now)")
ENTRY = ("INSERT INTO chronology_entry (review_id, agency_id, upload_id, row_number, day, "
         "precision, at, has_time, event, outside_period, search_text) VALUES (:review, "
         ":agency, (SELECT id FROM chronology_upload WHERE original_name = 'kept.xlsx'), :row, "
         "'2021-01-01', 'day', '00:00:00', :false, :event, :false, :event)")
LINK = ("INSERT INTO chronology_link (review_id, first_id, second_id, kind, status, score, "
        "created_at, updated_at) SELECT :review, min(id), max(id), 'duplicate', 'linked', 90, "
        ":now, :now FROM chronology_entry WHERE event LIKE 'Kept %'")


def test_committed_entries_and_their_links_survive_the_new_keys(app):
    """On SQLite, batch mode copies chronology_entry and chronology_upload to new tables: with
    foreign keys enforced, dropping the old ones deleted every entry and link (cascade). The
    imported upload's JSON loses its copy of the rows, which are not staged again."""
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config("migrations")
        db.session.remove()
        command.downgrade(config, "0011_entry_same_as_index")
        with db.engine.begin() as connection:
            ids = {"review": connection.scalar(text("SELECT min(id) FROM review")),
                   "agency": connection.scalar(text("SELECT min(id) FROM agency")),
                   "now": NOW, "false": False}
            connection.execute(text(COMMITTED), {**ids, "parsed": json.dumps(OLD_PREVIEW)})
            for row in (2, 3):
                connection.execute(text(ENTRY), {**ids, "row": row, "event": f"Kept {row}"})
            connection.execute(text(LINK), ids)
        command.upgrade(config, "head")
        events = db.session.scalars(select(ChronologyEntry.event).where(
            ChronologyEntry.event.like("Kept %")).order_by(ChronologyEntry.id)).all()
        assert events == ["Kept 2", "Kept 3"]
        assert db.session.scalar(select(func.count(ChronologyLink.id)).where(
            ChronologyLink.status == LinkStatus.linked)) == 1
        kept = db.session.scalar(select(ChronologyUpload).where(
            ChronologyUpload.original_name == "kept.xlsx"))  # its rows are entries already
        assert "entries" not in kept.parsed and kept.parsed["first"] == OLD_PREVIEW["entries"]
        assert not db.session.scalar(select(StagedEntry.id).where(
            StagedEntry.upload_id == kept.id))
        db.session.remove()
        db.engine.dispose()


def test_going_back_puts_a_waiting_preview_back_into_its_json(app):
    with app.app_context():
        config, _, _ = _a_preview_as_0011_kept_it(app)
        command.upgrade(config, "head")
        command.downgrade(config, "0011_entry_same_as_index")
        with db.engine.begin() as connection:
            parsed = connection.scalar(text(
                "SELECT parsed FROM chronology_upload WHERE original_name = 'old.xlsx'"))
        parsed = json.loads(parsed) if isinstance(parsed, str) else parsed
        assert parsed["entries"] == OLD_PREVIEW["entries"]
        assert "first" not in parsed
        command.upgrade(config, "head")
        db.session.remove()
        db.engine.dispose()
