"""The /admin home page as a work queue per role: what needs doing now, each item linking to
the page where it is done.

Every query goes through ``access.scope`` like any other path, so a chair's queue holds only
their reviews; each queue is one statement (its rows come with what they name, joined), so the
page costs the same however long the queues are. A user holding several roles sees the queues
of each of them: the administrator's own first."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

import access
from lifecycle.deadlines import periods
from models import (AuditAction, AuditEvent, FormRequest, FormStatus, OutboxMessage, Review,
                    ReviewStatus, ReviewStatusChange, User, db)
from models.form_request import FILLABLE
from models.reminder import ClockName
from models.review import Decision

LIMIT = 25  # items per queue; the queue's "see all" link leads to the full list
NEW_FOR = timedelta(days=14)  # "new": since the last sign-in, and at least the last 14 days
REFUSALS_FOR = timedelta(days=7)
DECIDING = (ReviewStatus.notified, ReviewStatus.decision_pending)


@dataclass
class Item:
    text: str
    url: str
    note: str = ""
    tag: str = ""  # GOV.UK tag colour: red, yellow, green, grey, blue
    detail: str = ""  # words after the link (who to contact)


@dataclass
class Queue:
    id: str
    title: str
    empty: str
    items: list = field(default_factory=list)
    intro: str = ""
    more_url: str | None = None
    more_text: str = ""


def day(value):
    return f"{value:%-d %b %Y}" if value else ""


def days_text(days):
    """"3 days overdue", "due today", "due in 5 days"."""
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


def urgency(days, warning):
    return "red" if days < 0 else "yellow" if days <= warning else "green"


def review_url(review_id, anchor=""):
    return url_for("review.page", review_id=review_id) + anchor


# -- the queries: one statement each, scoped through access ----------------------------------
def _reviews(*where):
    query = access.scope(select(Review), Review).where(*where)
    return query.order_by(Review.next_deadline.is_(None), Review.next_deadline,
                          Review.reference).limit(LIMIT)


def _requests(*where, action=access.READ):
    query = access.scope(select(FormRequest), FormRequest, action=action,
                         resource="form_request").where(*where)
    return query.options(joinedload(FormRequest.review), joinedload(FormRequest.agency))


def _clock_items(reviews, today, warning):
    items = []
    for review in reviews:
        if review.next_deadline is None:  # paused or finished: say where it stands
            items.append(Item(f"{review.reference}: {review.status.label}",
                              review_url(review.id, "#clocks"), "no clock running", "grey"))
            continue
        days = (review.next_deadline - today).days
        clock = ClockName(review.next_deadline_clock).label if review.next_deadline_clock \
            else "Next deadline"
        items.append(Item(f"{review.reference}: {clock} {day(review.next_deadline)}",
                          review_url(review.id, "#clocks"), days_text(days),
                          urgency(days, warning)))
    return items


def clocks_due(today, warning):
    reviews = db.session.scalars(_reviews(Review.next_deadline.is_not(None),
                                          Review.next_deadline <= today + timedelta(warning)))
    return Queue("clocks", "Clocks overdue and due soon",
                 f"No clock is overdue or due in the next {warning} days.",
                 _clock_items(reviews, today, warning),
                 more_url=url_for("review.index_view"), more_text="All reviews by deadline")


def my_clocks(today, warning):
    reviews = db.session.scalars(_reviews(Review.status != ReviewStatus.closed))
    queue = Queue("clocks", "Your reviews' clocks", "No clock is running on your reviews.",
                  _clock_items(reviews, today, warning),
                  more_url=url_for("myreviews.index_view"), more_text="All your reviews")
    return queue


def decisions_due(today, warning):
    reviews = db.session.scalars(_reviews(Review.status.in_(DECIDING),
                                          Review.decision == Decision.pending))
    items = []
    for review in reviews:
        note, tag = "", "grey"
        if review.next_deadline is not None:
            days = (review.next_deadline - today).days
            note, tag = f"decision {days_text(days)}", urgency(days, warning)
        items.append(Item(f"{review.reference}: decide whether to commission a review "
                          f"(notified {day(review.notified_on)})",
                          review_url(review.id, "#next-steps"), note, tag))
    return Queue("decisions", "Decisions due", "No review is waiting for a decision.", items)


def _compare_url(asked):
    return url_for("formrequest.compare_view", review_id=asked.review_id,
                   form_type=asked.form_type.name) + f"#request-{asked.id}"


def submitted_to_read(action=access.READ, title="Forms submitted and waiting to be read"):
    requests = db.session.scalars(_requests(FormRequest.status == FormStatus.submitted,
                                            action=action)
                                  .order_by(FormRequest.submitted_at).limit(LIMIT))
    items = [Item(f"{r.review.reference}: {r.agency.name}, {r.form_type.label}",
                  _compare_url(r), f"submitted {day(r.submitted_at)}", "blue")
             for r in requests]
    return Queue("submitted", title, "Nothing is waiting to be read.", items)


def forms_overdue(today):
    requests = db.session.scalars(_requests(FormRequest.status.in_(FILLABLE),
                                            FormRequest.due_on < today)
                                  .order_by(FormRequest.due_on).limit(LIMIT))
    items = []
    for r in requests:
        contact = f"Contact: {r.agency.contact_email}" if r.agency.contact_email else ""
        items.append(Item(f"{r.review.reference}: {r.agency.name}, {r.form_type.label}",
                          url_for("formrequest.grid_view", review_id=r.review_id)
                          + f"#cell-{r.agency_id}-{r.form_type.name}",
                          days_text((r.due_on - today).days), "red", contact))
    return Queue("overdue-forms", "Forms overdue: who to chase", "No form is overdue.", items,
                 more_url=url_for("formrequest.index_view"), more_text="All form requests")


def new_to_read(since):
    accepted = db.session.scalars(_requests(FormRequest.status == FormStatus.accepted,
                                            FormRequest.updated_at >= since)
                                  .order_by(FormRequest.updated_at.desc()).limit(LIMIT))
    items = [Item(f"{r.review.reference}: {r.agency.name}, {r.form_type.label}",
                  _compare_url(r), "accepted", "green") for r in accepted]
    changes = db.session.scalars(
        access.scope(select(ReviewStatusChange), ReviewStatusChange)
        .where(ReviewStatusChange.changed_at >= since)
        .options(joinedload(ReviewStatusChange.review))
        .order_by(ReviewStatusChange.changed_at.desc()).limit(LIMIT))
    items += [Item(f"{c.review.reference}: moved to {c.to_status.label}",
                   review_url(c.review_id, "#history"), day(c.changed_at), "grey")
              for c in changes]
    return Queue("new", "New to read on your reviews", "Nothing new since then.", items,
                 intro=f"Since {day(since)}.",
                 more_url=url_for("myreviews.index_view"), more_text="All your reviews")


def without_two_factor():
    users = db.session.scalars(access.scope(select(User), User, resource="user").where(
        User.active.is_(True),
        or_(User.tf_primary_method.is_(None), User.tf_totp_secret.is_(None)))
        .order_by(User.email).limit(LIMIT))
    items = [Item(user.full_name or user.email, url_for("user.details_view", id=user.id),
                  user.email, "yellow") for user in users]
    return Queue("no-two-factor", "Accounts without two-factor",
                 "Every active account has two-factor set up.", items,
                 more_url=url_for("user.index_view"), more_text="All accounts")


def failed_mail():
    messages = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.status == "failed").order_by(OutboxMessage.id.desc()).limit(LIMIT))
    items = [Item(f"{m.subject}, to {m.recipient}", url_for("outbox.details_view", id=m.id),
                  f"{m.attempts} attempt{'s' if m.attempts != 1 else ''}", "red")
             for m in messages]
    return Queue("failed-mail", "E-mail that failed", "No e-mail has failed.", items,
                 more_url=url_for("outbox.index_view"), more_text="The outbox")


def recent_refusals(now):
    refused = (AuditAction.permission_denied, AuditAction.not_found)
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action.in_(refused), AuditEvent.created_at >= now - REFUSALS_FOR)
        .options(joinedload(AuditEvent.user))
        .order_by(AuditEvent.id.desc()).limit(LIMIT))
    items = [Item(f"{(e.user.full_name if e.user else None) or e.actor or 'Someone signed out'}: "
                  f"{e.action.label.lower()} at {e.path or 'unknown page'}",
                  url_for("auditevent.details_view", id=e.id),
                  f"{e.created_at:%-d %b %Y %H:%M}", "yellow") for e in events]
    return Queue("refusals", "Refusals in the last 7 days", "Nobody was refused.", items,
                 more_url=url_for("auditevent.index_view", flt0_what_happened_is="refusals"),
                 more_text="All refusals in the audit log")


def queues(user, today=None, now=None):
    """The queues ``user``'s roles call for, each a list of items to act on."""
    today, now = today or date.today(), now or datetime.utcnow()
    roles, warning = access.roles_of(user), periods().warning_days
    found = []
    if access.ADMIN in roles:  # the administrator's own work first
        found += [without_two_factor(), failed_mail(), recent_refusals(now)]
    if roles & access.CSP_WIDE:
        found += [clocks_due(today, warning), decisions_due(today, warning),
                  submitted_to_read(), forms_overdue(today)]
    elif access.CHAIR in roles:
        found += [my_clocks(today, warning),
                  submitted_to_read(access.DECIDE, "Submissions awaiting your decision")]
    if access.PANEL in roles and not roles & (access.CSP_WIDE | {access.CHAIR}):
        found.append(new_to_read(min(user.last_login_at or now, now - NEW_FOR)))
    return found

