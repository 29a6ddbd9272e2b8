"""Timeliness of reviews: where each review stands against its clocks, from the same pure
functions as its page (``lifecycle.clocks``: calendar months clamped to the month's end, days
on hold since the decision counted once), read in three statements for the whole population.

"At the current pace": a running review that has spent D active days (not on hold) since the
decision and reached the i-th of the six stages before submission is taken to be (i + 0.5) / 6
of the way; it will miss its deadline if decision + days on hold + D / progress is after it."""
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from statistics import median

from sqlalchemy import func, select

from lifecycle import clocks as lc
from models import HomeOfficeSubmission, Review, ReviewHold, db
from models.review import Decision, ReviewStatus as S

STEPS = (S.commissioned, S.scoping, S.information_gathering, S.analysis_and_drafting,
         S.panel_signoff, S.csp_signoff)


# The clocks' own calendar-month arithmetic (relativedelta, slow), remembered per day: a
# population of 5,000 reviews has far fewer distinct dates.
plus_months = lru_cache(maxsize=16384)(lc.add_months)


def completion_due(decision_on, holds, today, periods):
    """``lifecycle.clocks.completion_due``, with the months remembered."""
    return plus_months(decision_on, periods.completion_months) + timedelta(
        days=lc.days_on_hold(holds, decision_on, today))


@dataclass
class Hold:
    started_on: date
    ended_on: date | None
    status_before: S


@dataclass
class Standing:
    id: int
    decision: str  # within, late, pending, overdue
    completion: str | None  # within, late, running, overdue, paused; None: not commissioned
    target: str | None  # within, late, running, overdue; None: no target recorded
    pace: str | None  # will_miss, on_pace, overdue; None: not running
    to_decision: int | None  # days notified -> decision
    to_completion: int | None  # days decision -> first submission
    on_hold: int  # days on hold in all


def standings(ctx):
    """Each review of the population with its clock states (cached for the page)."""
    if "standings" not in ctx.cache:
        ctx.cache["standings"] = _standings(ctx)
    return ctx.cache["standings"]


def _standings(ctx):
    target = getattr(Review, "target_date", None)
    columns = [Review.id, Review.notified_on, Review.decision, Review.decision_on,
               Review.status] + ([target] if target is not None else [])
    rows = db.session.execute(select(*columns).where(ctx.within(Review.id))).all()
    holds = {}
    for review_id, *hold in db.session.execute(
            select(ReviewHold.review_id, ReviewHold.started_on, ReviewHold.ended_on,
                   ReviewHold.status_before).where(ctx.within(ReviewHold.review_id))):
        holds.setdefault(review_id, []).append(Hold(*hold))
    sent = dict(db.session.execute(
        select(HomeOfficeSubmission.review_id, func.min(HomeOfficeSubmission.sent_on))
        .where(ctx.within(HomeOfficeSubmission.review_id))
        .group_by(HomeOfficeSubmission.review_id)).all())
    return [_standing(row, holds.get(row[0], []), sent.get(row[0]), ctx) for row in rows]


def _standing(row, holds, first_sent, ctx):
    review_id, notified_on, decision, decision_on, status = row[:5]
    target_on = row[5] if len(row) > 5 else None
    today, periods = ctx.today, ctx.periods
    stage = _stage(status, holds)
    commissioned = decision is Decision.commission and decision_on is not None
    completion = pace = None
    if commissioned:
        due = completion_due(decision_on, holds, today, periods)
        completion = _against(due, first_sent, stage, status, today)
        if completion == "running":
            pace = _pace(decision_on, holds, stage, due, today)
        elif completion == "overdue":
            pace = "overdue"
    target = None
    if commissioned and target_on is not None:
        target = _against(target_on, first_sent, stage, S.commissioned, today)
    return Standing(
        review_id, _decision(notified_on, decision_on, stage, today, periods), completion,
        target, pace, (decision_on - notified_on).days if decision_on else None,
        (first_sent - decision_on).days if commissioned and first_sent else None,
        lc.days_on_hold(holds, date.min, today))


def _stage(status, holds):
    if status is not S.on_hold:
        return status
    open_holds = [hold for hold in holds if hold.ended_on is None]
    return open_holds[-1].status_before if open_holds else status


def _decision(notified_on, decision_on, stage, today, periods):
    due = plus_months(notified_on, periods.decision_months)
    if decision_on is not None:
        return "within" if decision_on <= due else "late"
    if stage not in lc.DECIDING:
        return "within"  # decided without a recorded date: the clock shows it met
    return "pending" if today <= due else "overdue"


def _against(due, first_sent, stage, status, today):
    if first_sent is not None:
        return "within" if first_sent <= due else "late"
    if stage in lc.COMPLETED:
        return "within"
    if status is S.on_hold:
        return "paused"
    return "running" if today <= due else "overdue"


def _pace(decision_on, holds, stage, due, today):
    held = lc.days_on_hold(holds, decision_on, today)
    active = (today - decision_on).days - held
    step = STEPS.index(stage) if stage in STEPS else 0
    projected_days = active / ((step + 0.5) / len(STEPS))
    finish = decision_on.toordinal() + held + projected_days
    return "will_miss" if finish > due.toordinal() else "on_pace"


def share(part, whole):
    return round(100 * part / whole) if whole else None


def durations(values):
    values = [value for value in values if value is not None]
    if not values:
        return None, None
    return round(median(values)), max(values)
