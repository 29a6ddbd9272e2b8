"""The action plan's daily task (``@jobs.daily``): actions past their target
date become overdue; the lead agency (the action's owner, else the agency's contact) is
reminded ACTION_REMIND_BEFORE_DAYS before the target date and once when it is overdue, when
the review's chairs and the review managers are told too. Each reminder is claimed first
(``ActionReminder``, UNIQUE on action and window), so however often or concurrently the run
goes, none is sent twice. E-mails name the review's reference only."""
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import audit
import jobs
import learning
import mailer
from lifecycle.reminders import recipients as review_recipients
from models import (Action, ActionReminder, ActionStatus, AuditAction, Recommendation, db)

OVERDUE = "overdue"


@jobs.daily
def remind(today=None):
    """Returns the number of e-mails sent."""
    today = today or date.today()
    learning.mark_overdue(today)
    db.session.commit()
    windows = current_app.config["ACTION_REMIND_BEFORE_DAYS"]
    ids = db.session.scalars(select(Action.id).where(
        Action.status != ActionStatus.complete, Action.target_date.is_not(None))
        .order_by(Action.id)).all()
    sent = 0
    for action_id in ids:
        sent += _remind_action(action_id, today, windows)
    return sent


def window_for(action, today, windows):
    """The window the action is in today ("14d", "3d", "overdue"), or None."""
    days_left = (action.target_date - today).days
    if days_left < 0:
        return OVERDUE
    entered = [d for d in windows if days_left <= d]
    return f"{min(entered)}d" if entered else None


def _remind_action(action_id, today, windows):
    action = db.session.scalar(select(Action).where(Action.id == action_id).options(
        selectinload(Action.recommendation).selectinload(Recommendation.review),
        selectinload(Action.owner), selectinload(Action.lead_agency)))
    window = window_for(action, today, windows)
    if window is None or not jobs.claim(ActionReminder(action_id=action.id, window=window,
                                                       sent_on=today)):
        return 0
    review = action.recommendation.review
    overdue = window == OVERDUE
    agency_to = _agency_addresses(action)
    audit.record(AuditAction.reminder_sent, obj=action, changes={
        "action": action.id, "window": window, "recipients": agency_to})
    subject, body = mailer.render("action_reminder", review=review, action=action,
                                  overdue=overdue)
    for address in agency_to:
        mailer.send(address, subject, body)
    sent = len(agency_to)
    if overdue:
        chairs = review_recipients(review)
        subject, body = mailer.render("action_overdue_chair", review=review, action=action)
        for address in chairs:
            mailer.send(address, subject, body)
        sent += len(chairs)
    db.session.commit()
    return sent


def _agency_addresses(action):
    if action.owner is not None and action.owner.active and action.owner.email:
        return [action.owner.email]
    agency = action.lead_agency
    return [agency.contact_email] if agency is not None and agency.contact_email else []
