"""Jobs through real Redis and a real RQ worker process, with mail to a real SMTP sink."""
import io
import json
import uuid
import zlib

import pytest
from openpyxl import load_workbook

import jobs
import mailer
from models import JobStatus, OutboxMessage, OutboxStatus, db
from test_jobs_record import grid_url, latest_run, start_tracker, visible_requests
from world import ADMIN, MANAGER


@pytest.fixture
def app_config(redis_url, smtp_sink):
    return {"REDIS_URL": redis_url, "RQ_QUEUE": f"test-{uuid.uuid4().hex[:8]}",
            "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_sink.port}


def test_mail_is_delivered_by_a_worker(app, run_worker, smtp_sink):
    with app.app_context():
        message = mailer.send("chair@example.org", "Reminder", "A form is due.")
        db.session.commit()  # the caller owns the transaction
        message_id = message.id
        assert message.status is OutboxStatus.queued  # nothing sent by the web process
        queue = jobs.get_queue()
        assert queue.count == 1
        raw = jobs.redis_connection().hget(f"rq:job:{queue.job_ids[0]}", "data")
        payload = json.loads(zlib.decompress(raw))  # JSON (compressed by RQ), never pickle
        assert payload[0] == "jobs.run" and payload[2] == ["mail.deliver", message_id]
    assert smtp_sink.messages == []
    run_worker()
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.sent
    assert [m["Subject"] for m in smtp_sink.messages] == ["Reminder"]


def test_a_job_delivering_twice_sends_once(app, run_worker, smtp_sink):
    with app.app_context():
        message = mailer.send("chair@example.org", "Once", "Only once.")
        db.session.commit()  # the caller owns the transaction
        jobs.enqueue(mailer.deliver, message.id)  # e.g. an admin's retry racing the first job
    run_worker()
    assert [m["Subject"] for m in smtp_sink.messages] == ["Once"]


def test_failing_job_is_retried_by_rq(app, run_worker):
    app.config["MAIL_PORT"] = 1  # refused
    with app.app_context():
        message = mailer.send("chair@example.org", "Will fail", "…")
        db.session.commit()  # the caller owns the transaction
        message_id = message.id
    run_worker()
    with app.app_context():
        stored = db.session.get(OutboxMessage, message_id)
        assert stored.status is OutboxStatus.failed and stored.error
        queue = jobs.get_queue()
        scheduled = [job_id for job_id in queue.scheduled_job_registry.get_job_ids()
                     if not job_id.startswith("dhr-reminders-")]  # the worker's daily booking
        assert len(scheduled) == 1  # RQ will try again after its retry interval
        assert stored.attempts == 1  # this message's own row, tried once so far


ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//DHR//EN\r\nBEGIN:VEVENT\r\n"
       b"UID:panel-1@example.org\r\nDTSTAMP:20261201T090000Z\r\nDTSTART:20261210T100000Z\r\n"
       b"SUMMARY:Panel meeting DHR-2026-001\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_attachments_go_with_the_mail_and_admins_see_their_names(app, run_worker, smtp_sink,
                                                                    client, auth):
    with app.app_context():
        message = mailer.send("chair@example.org", "Panel meeting", "Invitation attached.",
                              attachments=[mailer.Attachment("Panel meeting", "text/calendar",
                                                             ICS)])
        db.session.commit()  # the caller owns the transaction
        message_id = message.id
        [stored] = message.attachments
        assert (stored.name, stored.content_type, stored.size) == (
            "Panel meeting.ics", "text/calendar", len(ICS))
    run_worker()
    [sent] = smtp_sink.messages
    parts = [part for part in sent.walk() if part.get_filename()]
    assert [(p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
            for p in parts] == [("Panel meeting.ics", "text/calendar", ICS)]
    [text] = [p for p in sent.walk() if p.get_content_type() == "text/plain"]
    assert text.get_payload(decode=True).decode().strip() == "Invitation attached."
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.sent
    auth.login(ADMIN)
    listing = client.get("/admin/outbox/").text
    assert "Panel meeting.ics" in listing and "BEGIN:VCALENDAR" not in listing
    details = client.get(f"/admin/outbox/details/?id={message_id}").text
    assert "Panel meeting.ics" in details and "VEVENT" not in details


def test_the_forms_tracker_is_made_by_a_worker(app, client, auth, run_worker):
    auth.login(MANAGER)
    start_tracker(client, app)
    record = latest_run(app)
    status = client.get(f"/admin/jobrun/{record.id}/status.json").get_json()
    assert (status["status"], status["download_url"]) == ("queued", "")
    page = client.get(grid_url(app)).text
    assert "Waiting to start" in page and f"/admin/jobrun/{record.id}/status.json" in page
    run_worker()
    total = visible_requests(app)
    status = client.get(f"/admin/jobrun/{record.id}/status.json").get_json()
    assert (status["status"], status["done"], status["total"]) == ("done", total, total)
    assert status["message"] == f"Written {total} of {total} form requests"
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert len(list(load_workbook(io.BytesIO(download.data)).active.iter_rows())) == 1 + total


def test_a_failing_tracked_job_is_recorded_alike_by_a_worker_and_not_retried(
        app, client, auth, run_worker, tmp_path):
    """The same words as in-process (tests/test_jobs_record.py), and no automatic retry: the
    person runs it again."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    app.config["UPLOAD_FOLDER"] = str(blocked)
    auth.login(MANAGER)
    start_tracker(client, app)
    run_worker()
    record = latest_run(app)
    assert (record.status, record.attempts) == (JobStatus.failed, 1)
    assert record.error == ("The job stopped with an error (NotADirectoryError). Run it again; "
                            "if it fails again, tell the system administrator.")
    with app.app_context():
        queue = jobs.get_queue()
        retries = [job_id for job_id in queue.scheduled_job_registry.get_job_ids()
                   if not job_id.startswith("dhr-reminders-")]
        assert retries == [] and queue.count == 0
