"""Chasing agencies for their forms: reminders before the due date (FORM_REMIND_BEFORE_DAYS),
after it (every FORM_OVERDUE_REMIND_EVERY_DAYS), escalation to the agency's senior contact
(after FORM_ESCALATE_AFTER_DAYS), and the manager's "chase now". Each is a FormReminder row;
UNIQUE(request, kind, day) makes every run of the same day harmless."""
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

import jobs
import mailer
from agency_forms import mail
from models import FormReminder, FormRequest, ReminderKind, RoleName, User, db
from models.form_request import FILLABLE


def as_day(on):
    """The day a run acts for: ``on`` (a date, or ISO text as jobs pass it) or today."""
    if on is None:
        return date.today()
    return on if isinstance(on, date) else date.fromisoformat(on)


def chase_all(on=None):
    """The daily run (cron: ``flask forms chase``): one job per open request with a due date."""
    day = as_day(on)
    ids = db.session.scalars(select(FormRequest.id).where(
        FormRequest.status.in_(FILLABLE), FormRequest.due_on.is_not(None))
        .order_by(FormRequest.id)).all()
    for request_id in ids:
        jobs.enqueue(chase_request, request_id, day.isoformat())
    return ids


@jobs.daily
def chase(today=None):
    """The daily task: returns how many open form requests were checked."""
    return len(chase_all(today))


@jobs.job("forms.chase_request", aliases=("jobs.chasing.chase_request",))
def chase_request(request_id, on=None):
    """Job: send whatever reminders are due today for one request; returns their kinds."""
    day = as_day(on)
    request = db.session.get(FormRequest, request_id)
    if request is None or request.status not in FILLABLE or request.due_on is None:
        return []
    sent = []
    for kind in reminders_due(request, day):
        if _send(request, kind, day, _addresses(request, kind)):
            sent.append(kind)
    return sent


def _addresses(request, kind):
    if kind is not ReminderKind.escalation:
        return mail.agency_recipients(request.agency)
    senior = request.agency.senior_contact_email or request.agency.contact_email
    # With nobody to escalate to at the agency, the review managers must know instead.
    return [senior] if senior else mailer.active_addresses(RoleName.review_manager)


def reminders_due(request, day):
    """Which automatic reminders the request should get on ``day`` (none sent yet today)."""
    config = current_app.config
    days_left = (request.due_on - day).days
    if days_left >= 0:
        thresholds = config["FORM_REMIND_BEFORE_DAYS"]
        wanted = sum(1 for threshold in thresholds if days_left <= threshold)
        since = request.due_on - timedelta(days=max(thresholds, default=0))
        already = _sent_since(request, ReminderKind.before_due, since)
        return [ReminderKind.before_due] if wanted > already else []
    kinds = []
    last = _last_sent_on(request, ReminderKind.overdue)
    if last is None or (day - last).days >= config["FORM_OVERDUE_REMIND_EVERY_DAYS"]:
        kinds.append(ReminderKind.overdue)
    if -days_left >= config["FORM_ESCALATE_AFTER_DAYS"] and \
            _last_sent_on(request, ReminderKind.escalation) is None:
        kinds.append(ReminderKind.escalation)
    return kinds


def chase_now(request_id, user_id, on=None):
    """The manager's "chase now": True if sent, False if the form is not open or was already
    chased by hand today."""
    day = as_day(on)
    request = db.session.get(FormRequest, request_id)
    if request is None or request.status not in FILLABLE:
        return False
    return _send(request, ReminderKind.manual, day, mail.agency_recipients(request.agency),
                 db.session.get(User, user_id))


def _sent_since(request, kind, since):
    """How many reminders of this kind went out on or after ``since``."""
    return db.session.scalar(select(func.count(FormReminder.id)).where(
        FormReminder.request_id == request.id, FormReminder.kind == kind,
        FormReminder.sent_on >= since))


def _last_sent_on(request, kind):
    """The last reminder of this kind for the current due date (re-dating starts afresh)."""
    return db.session.scalar(select(func.max(FormReminder.sent_on)).where(
        FormReminder.request_id == request.id, FormReminder.kind == kind,
        FormReminder.sent_on > request.due_on))


def _send(request, kind, day, addresses, user=None):
    """Record the reminder first: a second run the same day stops at the unique key."""
    if not jobs.claim(FormReminder(request=request, kind=kind, sent_on=day, sent_by=user,
                                   recipients=", ".join(addresses))):
        return False
    overdue = request.days_overdue(day)
    if kind is ReminderKind.escalation:
        mail.escalation(request, addresses, overdue)
    else:
        mail.reminder(request, addresses, overdue)
    db.session.commit()
    return True
