"""Deadline reminders (jobs/reminders.py): who gets them, what they say (reference and clock
only), an audit event each, and never twice for the same review, clock and window: on a
repeated run, on two runs at once (threads), and with two real RQ workers at once."""
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select

import clock
from dates import day
import formtools
from conftest import TEST_SECRETS, book_daily_run_far_ahead
from dbtools import audit_count, count
from lifecycle import reminders
from review_helpers import review_by_ref
from models import AuditAction, AuditEvent, FormReminder, ReminderSent, db
from world import CHAIR_B, DECISION_OVERDUE, DUE_SOON, MANAGER, ON_HOLD

pytestmark = [pytest.mark.both_backends, pytest.mark.dates]  # runs at once (threads, workers)

ROOT = Path(__file__).resolve().parent.parent
TODAY = clock.today()  # the travelled day, fixed for the run
# With the demo world today: DHR-2026-003's completion is due within 14 days (manager and
# its chair, chair.b) and DHR-2026-005's decision is missed (manager; it has no chair yet).
EXPECTED = {(DUE_SOON, "completion", "14d"), (DECISION_OVERDUE, "decision", "missed")}
EXPECTED_MAIL = 3


def sent(app):
    with app.app_context():
        rows = db.session.execute(select(ReminderSent)).scalars().all()
        return {(row.review.reference, row.clock.value, row.window) for row in rows}


def outbox(app):
    return [(m.recipient, m.subject, m.body) for m in formtools.outbox(app)]


def run_in(app, today=TODAY):
    with app.app_context():
        return reminders.run(today)


def test_a_run_mails_managers_and_chairs_with_reference_and_clock_only(app):
    assert run_in(app) == 2
    assert sent(app) == EXPECTED
    mail = outbox(app)
    assert sorted(recipient for recipient, _, _ in mail) == sorted([MANAGER, MANAGER, CHAIR_B])
    due_soon = review_by_ref(app, DUE_SOON)
    subject, body = next((s, b) for r, s, b in mail if r == CHAIR_B)
    assert subject.startswith("[DHR] DHR-2026-003: completion due ")
    assert f"/admin/review/{due_soon.id}/" in body
    assert f"Agreed target date: {day(due_soon.target_date)}." in body  # beside the clock
    for text in (subject, body):
        assert "Adult" not in text and "Victim" not in text and due_soon.title not in text
    assert any("missed" in b for r, s, b in mail if DECISION_OVERDUE in s)
    assert audit_count(app, AuditAction.reminder_sent) == 2
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == AuditAction.reminder_sent, AuditEvent.review_id == due_soon.id))
        assert event.changes["clock"] == "completion" and event.changes["window"] == "14d"
        assert sorted(event.changes["recipients"]) == [CHAIR_B, MANAGER]


def test_a_repeated_run_sends_nothing_more(app):
    assert run_in(app) == 2
    assert run_in(app) == 0
    assert run_in(app) == 0
    assert len(outbox(app)) == EXPECTED_MAIL and sent(app) == EXPECTED


def test_each_window_is_sent_once_as_the_deadline_comes_closer(app):
    due = review_by_ref(app, DUE_SOON).next_deadline
    run_in(app)
    run_in(app, due - timedelta(days=3))
    run_in(app, due - timedelta(days=1))   # still the 3-day window: nothing new
    run_in(app, due + timedelta(days=1))
    run_in(app, due + timedelta(days=5))
    windows = sorted(w for ref, clock, w in sent(app) if ref == DUE_SOON)
    assert windows == ["14d", "3d", "missed"]


def test_a_late_first_run_sends_only_the_narrowest_window(app):
    due = review_by_ref(app, DUE_SOON).next_deadline
    run_in(app, due - timedelta(days=2))
    assert [w for ref, _, w in sent(app) if ref == DUE_SOON] == ["3d"]


def test_no_reminders_for_a_review_on_hold(app):
    held = review_by_ref(app, ON_HOLD)
    run_in(app, held.notified_on + timedelta(days=400))
    assert not [ref for ref, _, _ in sent(app) if ref == ON_HOLD]


def test_two_runs_at_once_send_each_reminder_once(app):
    barrier = threading.Barrier(2)
    results, errors, lost = [], [], []
    with app.app_context():  # every claim is an insert: the loser's fails on the constraint
        event.listen(db.engine, "handle_error", lambda context: lost.append(
            type(context.original_exception).__name__))

    def worker():
        try:
            with app.app_context():
                barrier.wait()
                results.append(reminders.run(TODAY))
                db.session.remove()
        except Exception as error:  # reported below, a thread cannot fail the test itself
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(results) == 2 and len(lost) == 2, lost
    assert sent(app) == EXPECTED and len(outbox(app)) == EXPECTED_MAIL


def test_the_cli_command_for_cron(app):
    runner = app.test_cli_runner()
    assert "2 reminder(s) sent." in runner.invoke(args=["reminders", "run"]).output
    assert "0 reminder(s) sent." in runner.invoke(args=["reminders", "run"]).output
    refused = runner.invoke(args=["reminders", "schedule"])
    assert refused.exit_code != 0 and "REDIS_URL is not set" in refused.output


@pytest.fixture
def rq_app(app, redis_url):
    app.config["REDIS_URL"] = redis_url
    app.extensions.pop("dhr_redis", None)
    return app


def test_the_daily_run_is_booked_once_per_day_with_the_json_serializer(rq_app):
    from rq.registry import ScheduledJobRegistry
    import jobs
    with rq_app.app_context():
        booked = reminders.ensure_scheduled()
        again = reminders.ensure_scheduled()
        queue = jobs.get_queue()
        ids = set(ScheduledJobRegistry(queue=queue).get_job_ids())
        job = queue.fetch_job(f"dhr-reminders-{TODAY + timedelta(days=1)}")
    assert [j.id for j in booked] == [f"dhr-reminders-{TODAY}",
                                      f"dhr-reminders-{TODAY + timedelta(days=1)}"]
    assert again == [None, None] and ids == {j.id for j in booked}
    assert job.func_name == "jobs.run" and job.args == ["reminders.daily"]


def until(condition, what, seconds=90):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.1)


def worker_env(app, redis_url):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("MAIL_", "DATABASE_", "REDIS_"))}
    env.update(TEST_SECRETS, RECOVERY_CODES_KEY="test-recovery-codes-key", REDIS_URL=redis_url,
               DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], RQ_QUEUE="dhr")
    return env


def test_two_rq_workers_at_once_send_each_reminder_once(rq_app, redis_url):
    """Both workers are listening before the eight runs are queued (Redis hands waiting
    workers the jobs in turn): burst workers started together raced, and under load the first
    could take all eight before the second had started."""
    import signal
    from rq import Worker
    from rq.registry import StartedJobRegistry
    import jobs
    book_daily_run_far_ahead(rq_app)  # only the eight runs below, not the daily job too
    env = worker_env(rq_app, redis_url)
    flask = str(Path(sys.executable).with_name("flask"))
    workers = [subprocess.Popen([flask, "--app", "app", "worker"], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
               for _ in range(2)]
    try:
        with rq_app.app_context():
            queue = jobs.get_queue()
            until(lambda: len(Worker.all(queue=queue)) == 2, "both workers listening")
            queued = [queue.enqueue(jobs.run, jobs.job_name(reminders.run)) for _ in range(8)]
            started = StartedJobRegistry(queue=queue)
            until(lambda: queue.count == 0 and started.count == 0
                  and all(job.get_status(refresh=True) in ("finished", "failed")
                          for job in queued), "the eight runs done")
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)  # a warm shut-down: the current job finishes
        logs = [worker.communicate(timeout=60)[0].decode() for worker in workers]
    assert all("Job OK" in log for log in logs), "both workers ran the job"
    with rq_app.app_context():
        assert jobs.get_queue().failed_job_registry.count == 0, logs
    assert sent(rq_app) == EXPECTED, logs
    assert len(outbox(rq_app)) == EXPECTED_MAIL
    assert count(rq_app, AuditEvent, AuditEvent.action == AuditAction.reminder_sent) == 2


def test_a_starting_worker_books_the_daily_run_and_runs_it_when_due(rq_app, redis_url):
    import jobs
    from rq.job import JobStatus
    env = {**worker_env(rq_app, redis_url), "REMINDER_HOUR": "0"}  # today's run is due now
    chased_before = count(rq_app, FormReminder)
    flask = str(Path(sys.executable).with_name("flask"))
    done = subprocess.run([flask, "--app", "app", "worker", "--burst"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with rq_app.app_context():
        queue = jobs.get_queue()
        today = queue.fetch_job(f"dhr-reminders-{TODAY}")
        tomorrow = queue.fetch_job(f"dhr-reminders-{TODAY + timedelta(days=1)}")
        assert today.get_status() == JobStatus.FINISHED and today.return_value() == 2
        assert tomorrow.get_status() == JobStatus.SCHEDULED
    deadline_mail = [m for m in outbox(rq_app) if "/admin/review/" in m[2]]
    assert sent(rq_app) == EXPECTED and len(deadline_mail) == EXPECTED_MAIL
    # The same daily run chased the agencies for their open forms.
    assert count(rq_app, FormReminder) > chased_before
