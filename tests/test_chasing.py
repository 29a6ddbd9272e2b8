"""Reminders before and after the due date, escalation to the senior contact and "chase now":
each recorded once per request, kind and day however often the run is repeated."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

import clock
from conftest import csrf_token
from dbtools import count, review_id
from formtools import HOUSING, last_outbox_id, outbox, request_id
from agency_forms import chasing
from models import (Agency, FormReminder, FormRequest, FormType, OutboxMessage, ReminderKind,
                    Review, User, db)
import world
from world import DUE_SOON, GATHERING, MANAGER

pytestmark = pytest.mark.dates  # reads today

TODAY = clock.today()  # the travelled day, fixed for the run


def new_request(app, due_in, agency_name="Northern Ambulance Service"):
    """A fresh IMR request sent to an agency with no reminders yet, due in ``due_in`` days."""
    from agency_forms.workflow import distribute
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == DUE_SOON))
        agency = db.session.scalar(select(Agency).where(Agency.name == agency_name))
        agency.senior_contact_email = "director@ambulance.example.org"
        manager = db.session.scalar(select(User).where(User.email == MANAGER))
        [request] = distribute(review, [agency], FormType.imr, manager,
                               due_on=TODAY + timedelta(days=due_in))
        db.session.commit()
        return request.id


def reminders(app, rid):
    with app.app_context():
        return [(r.kind, r.sent_on) for r in db.session.scalars(
            select(FormReminder).where(FormReminder.request_id == rid)
            .order_by(FormReminder.sent_on, FormReminder.id))]


def mails(app):
    return count(app, OutboxMessage)


def run(app, rid, day):
    with app.app_context():
        return chasing.chase_request(rid, day.isoformat())


def test_reminders_follow_the_calendar_and_never_repeat_on_a_day(app):
    rid = new_request(app, due_in=7)
    due = TODAY + timedelta(days=7)
    expected = []
    for day, kinds in [
        (TODAY, [ReminderKind.before_due]),            # 7 days before
        (due - timedelta(days=5), []),                 # nothing new between thresholds
        (due - timedelta(days=2), [ReminderKind.before_due]),
        (due, []),
        (due + timedelta(days=1), [ReminderKind.overdue]),
        (due + timedelta(days=3), []),
        (due + timedelta(days=8), [ReminderKind.overdue]),
        (due + timedelta(days=14), [ReminderKind.escalation]),
        (due + timedelta(days=15), [ReminderKind.overdue]),
    ]:
        assert run(app, rid, day) == kinds, day
        expected += [(kind, day) for kind in kinds]
        count = mails(app)
        assert run(app, rid, day) == [], "second run on the same day"
        assert mails(app) == count
    assert reminders(app, rid) == expected


def test_escalation_goes_to_the_senior_contact_once(app):
    rid = new_request(app, due_in=-20)
    before = last_outbox_id(app)
    assert run(app, rid, TODAY) == [ReminderKind.overdue, ReminderKind.escalation]
    escalations = [m for m in outbox(app, before) if "senior contact" in m.body]
    assert [m.recipient for m in escalations] == ["director@ambulance.example.org"]
    assert run(app, rid, TODAY + timedelta(days=1)) == []
    assert run(app, rid, TODAY + timedelta(days=7)) == [ReminderKind.overdue]


def test_no_reminders_for_submitted_or_draft_forms(app):
    with app.app_context():
        closed = db.session.scalars(select(FormRequest.id).where(
            FormRequest.status.in_(["draft", "submitted", "accepted"]))).all()
    assert closed
    for rid in closed:
        assert run(app, rid, TODAY + timedelta(days=100)) == []


def test_the_daily_run_is_idempotent(app):
    new_request(app, due_in=2)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["forms", "chase"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        count = db.session.scalar(select(func.count(FormReminder.id)))
    sent = mails(app)
    assert runner.invoke(args=["forms", "chase"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(FormReminder.id))) == count
    assert mails(app) == sent


def test_chase_now_once_a_day_from_the_grid(app, client, auth):
    rid = request_id(app, GATHERING, HOUSING, "imr")
    auth.login(MANAGER)
    page = client.get(f"/admin/formrequest/review/{review_id(app, 'DHR-2026-001')}/")
    before = last_outbox_id(app)
    for _ in range(2):
        response = client.post(f"/admin/formrequest/{rid}/chase/",
                               data={"csrf_token": csrf_token(page.text)})
        assert response.status_code == 302
    manual = [r for r in reminders(app, rid) if r[0] is ReminderKind.manual]
    assert manual == [(ReminderKind.manual, TODAY)]
    recipients = sorted(m.recipient for m in outbox(app, before))
    assert world.HOUSING in recipients and len(recipients) == len(set(recipients))
    page = client.get(f"/admin/formrequest/review/{review_id(app, 'DHR-2026-001')}/")
    assert "Chased 4 times" in page.text


def test_daily_run_through_rq_workers(app, redis_url):
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer
    import jobs
    rid = new_request(app, due_in=-1)
    app.config["REDIS_URL"] = redis_url  # only now: the set-up above ran in-process
    with app.app_context():
        for _ in range(2):
            chasing.chase_all(TODAY)
            queue = jobs.get_queue()
            assert queue.count >= 1
            SimpleWorker([queue], connection=jobs.redis_connection(),
                         serializer=JSONSerializer).work(burst=True)
            db.session.remove()
    assert reminders(app, rid) == [(ReminderKind.overdue, TODAY)]
