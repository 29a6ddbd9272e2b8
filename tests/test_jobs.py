"""Jobs through real Redis and a real RQ worker process, with mail to a real SMTP sink."""
import json
import uuid
import zlib

import pytest
from sqlalchemy import select

import jobs
import mailer
from models import OutboxMessage, OutboxStatus, db


@pytest.fixture
def app_config(redis_url, smtp_sink):
    return {"REDIS_URL": redis_url, "RQ_QUEUE": f"test-{uuid.uuid4().hex[:8]}",
            "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_sink.port}


def test_mail_is_delivered_by_a_worker(app, run_worker, smtp_sink):
    with app.app_context():
        message = mailer.send("chair@example.org", "Reminder", "A form is due.")
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
        jobs.enqueue(mailer.deliver, message.id)  # e.g. an admin's retry racing the first job
    run_worker()
    assert [m["Subject"] for m in smtp_sink.messages] == ["Once"]


def test_failing_job_is_retried_by_rq(app, run_worker):
    app.config["MAIL_PORT"] = 1  # refused
    with app.app_context():
        message = mailer.send("chair@example.org", "Will fail", "…")
        message_id = message.id
    run_worker()
    with app.app_context():
        stored = db.session.get(OutboxMessage, message_id)
        assert stored.status is OutboxStatus.failed and stored.error
        queue = jobs.get_queue()
        scheduled = [job_id for job_id in queue.scheduled_job_registry.get_job_ids()
                     if not job_id.startswith("dhr-reminders-")]  # the worker's daily booking
        assert len(scheduled) == 1  # RQ will try again after its retry interval
        assert db.session.scalars(select(OutboxMessage)).all()[0].attempts == 1
