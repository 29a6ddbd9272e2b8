"""Daily reminders before (and on missing) a statutory deadline.

``run()`` is the job: it takes no ids and no date, and may run any number of times, in any
number of workers at once. For each running clock that has entered a warning window (settings,
default 14 and 3 days before) or is missed, it first inserts a ``ReminderSent`` row (UNIQUE on
review, clock, window) and writes the e-mails only when that insert won; a repeated or
concurrent run loses on the constraint and sends nothing. E-mails name the review's reference
and clock only, never a person in the review.

Scheduling: ``flask reminders run`` from cron in the embedded default; with REDIS_URL, every
worker start (``flask worker``) calls ``ensure_scheduled()`` and each daily run (deadline
reminders, then every capability's ``@jobs.daily`` task) books the next day's run with RQ's
scheduler (``enqueue_at``; one job id per day, so workers never book it twice). RQ 3's own
``CronScheduler`` is not used: it enqueues with the default pickle serializer, which our
workers (JSON only) refuse.
"""
import logging
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import audit
import jobs
import mailer
from lifecycle.clocks import MISSED, clocks, days_left_text, reminder_window
from lifecycle.deadlines import periods, refresh
from models import (AuditAction, MemberRole, ReminderSent, Review, ReviewMember, ReviewStatus,
                    RoleName, User, db)

log = logging.getLogger(__name__)

FINISHED = (ReviewStatus.closed, ReviewStatus.not_commissioned, ReviewStatus.published,
            ReviewStatus.action_plan_monitoring)


@jobs.job("reminders.run", aliases=("jobs.reminders.run",))
def run(today=None):
    """The job. Returns the number of reminders sent by this run."""
    today = today or date.today()
    sent = 0
    for review_id in db.session.scalars(select(Review.id).where(Review.status.not_in(FINISHED))
                                        .order_by(Review.id)).all():
        sent += _remind_review(review_id, today)
    log.info("reminders: %d sent", sent)
    return sent


def _remind_review(review_id, today):
    review = db.session.scalar(select(Review).where(Review.id == review_id).options(
        selectinload(Review.holds), selectinload(Review.submissions)))
    refresh(review, today)  # self-heals a stored deadline, should anything have bypassed it
    db.session.commit()
    sent, review_periods = 0, periods()
    for clock in clocks(review, today, review_periods):
        window = reminder_window(clock, review_periods)
        if window and jobs.claim(ReminderSent(review_id=review.id, clock=clock.name,
                                              window=window, sent_on=today)):
            _send(review, clock, window)
            sent += 1
    return sent


def recipients(review):
    """The review managers and the chairs of this review (active accounts), each once."""
    chairs = db.session.scalars(select(User.email).join(User.memberships).where(
        ReviewMember.review_id == review.id, ReviewMember.role == MemberRole.chair,
        User.active.is_(True)))
    return sorted(set(mailer.active_addresses(RoleName.review_manager))
                  | {email.strip().lower() for email in chairs})


def message(review, clock, window):
    """Reference and clock only: no name of anyone in the review goes into an e-mail."""
    return mailer.render("deadline_reminder", review=review, clock=clock,
                         state=days_left_text(clock.days_left).lower(), missed=window == MISSED)


def _send(review, clock, window):
    to = recipients(review)
    audit.record(AuditAction.reminder_sent, obj=review, changes={
        "clock": clock.name.value, "window": window, "due": clock.due.isoformat(),
        "recipients": to})
    subject, body = message(review, clock, window)
    for recipient in to:
        mailer.send(recipient, subject, body)
    db.session.commit()


# -- scheduling with RQ (REDIS_URL set) ---------------------------------------------------
@jobs.job("reminders.daily", aliases=("jobs.reminders.daily",))
def daily():
    """The scheduled RQ job: book tomorrow's run first (so that a failing run does not end
    the chain), send the deadline reminders, run every capability's daily task (chasing
    agencies for their forms first), and fail jobs whose worker died. A missed day is caught
    up: a window once entered stays entered. Returns the number of deadline reminders sent."""
    schedule(date.today() + timedelta(days=1))
    sent = run()
    jobs.run_daily_tasks()
    jobs.mark_stale()
    return sent


def run_time(day, app=None):
    hour = (app or current_app).config["REMINDER_HOUR"]
    return datetime.combine(day, time(hour))  # local time; RQ converts naive times to UTC


def job_id(day):
    """One job id per day: booking a day twice meets the id already taken."""
    return f"dhr-reminders-{day.isoformat()}"


def schedule(day, app=None):
    """Book the run of ``day`` (at REMINDER_HOUR, or now if that has passed). Returns the
    job, or None when that day's run is already booked or done."""
    from rq.exceptions import DuplicateJobError
    queue = jobs.get_queue(app)
    when = max(run_time(day, app), datetime.now())
    try:
        return queue.enqueue_at(when, jobs.run, jobs.job_name(daily),
                                job_id=job_id(day), unique=True,
                                **{**jobs.rq_options(retry=False), "result_ttl": 3 * 86400})
    except DuplicateJobError:
        return None


def ensure_scheduled(app=None):
    """Called when a worker starts: books today's and tomorrow's runs unless booked."""
    if jobs.get_queue(app) is None:
        return []
    today = date.today()
    return [schedule(today, app), schedule(today + timedelta(days=1), app)]
