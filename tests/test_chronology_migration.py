"""Migration 0012_staged_entries on both backends: a preview waiting at the upgrade, its rows
held as JSON on the upload, keeps every row (staged) and can still be imported."""
import json

from alembic import command
from sqlalchemy import select, text

from chronology import uploads
from models import ChronologyEntry, ChronologyUpload, StagedEntry, UploadStatus, db

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


def test_a_waiting_preview_keeps_every_row_and_can_be_imported(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config("migrations")
        db.session.remove()
        command.downgrade(config, "0011_entry_same_as_index")
        with db.engine.begin() as connection:
            review = connection.scalar(text("SELECT min(id) FROM review"))
            agency = connection.scalar(text("SELECT min(id) FROM agency"))
            connection.execute(text(UPLOAD), {"review": review, "agency": agency, "now": NOW,
                                              "parsed": json.dumps(OLD_PREVIEW)})
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


def test_going_back_puts_a_waiting_preview_back_into_its_json(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config("migrations")
        db.session.remove()
        command.downgrade(config, "0011_entry_same_as_index")
        with db.engine.begin() as connection:
            review = connection.scalar(text("SELECT min(id) FROM review"))
            agency = connection.scalar(text("SELECT min(id) FROM agency"))
            connection.execute(text(UPLOAD), {"review": review, "agency": agency, "now": NOW,
                                              "parsed": json.dumps(OLD_PREVIEW)})
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
