"""The statutory clocks of a review (DESIGN section 3), computed from its dates, never typed.

Decision due: notified + DECISION_PERIOD_MONTHS calendar months (31 Jan + 1 month is the last
day of February). Completion due: decision + COMPLETION_PERIOD_MONTHS months + every day spent
on hold since the decision (overlapping holds count once; an open hold counts up to and
including today, so the date moves while the hold lasts). Pure functions: no database.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from config import day_list
from dates import day
from models.reminder import ClockName
from models.review import Decision, ReviewStatus

S = ReviewStatus
GREEN, AMBER, RED = "green", "amber", "red"  # running clocks
MET, LATE, PAUSED = "met", "late", "paused"
RUNNING = (GREEN, AMBER, RED)
STATE_LABELS = {GREEN: "On track", AMBER: "Due soon", RED: "Overdue", MET: "Met",
                LATE: "Met late", PAUSED: "Paused (on hold)"}
MISSED = "missed"

DECIDING = {S.notified, S.decision_pending}
# Stages at which the report has gone to the Home Office: the completion clock has stopped.
COMPLETED = {S.submitted_to_home_office, S.resubmission_required, S.approved,
             S.publication_pending, S.published, S.action_plan_monitoring, S.closed}


@dataclass(frozen=True)
class Periods:
    decision_months: int = 1
    completion_months: int = 6
    windows: tuple = (14, 3)  # warning windows in days before a deadline, largest first

    @classmethod
    def from_config(cls, config):
        return cls(int(config["DECISION_PERIOD_MONTHS"]), int(config["COMPLETION_PERIOD_MONTHS"]),
                   day_list(config["REMINDER_WINDOWS_DAYS"]))

    @property
    def warning_days(self):
        return max(self.windows, default=0)


@dataclass(frozen=True)
class Clock:
    name: ClockName
    due: date
    state: str
    days_left: int | None = None  # running clocks only; negative when overdue
    done_on: date | None = None

    @property
    def label(self):
        return self.name.label

    @property
    def running(self):
        return self.state in RUNNING

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def text(self):
        """The state in words, so that it never rests on colour alone."""
        if self.state == PAUSED:
            return "Paused while the review is on hold"
        if not self.running:
            return f"{self.state_label} on {day(self.done_on)}" if self.done_on \
                else self.state_label
        return f"{self.state_label}: {days_left_text(self.days_left)}"


def days_left_text(days):
    if days is None:
        return ""
    if days == 0:
        return "Due today"
    count = f"{abs(days)} day{'s' if abs(days) != 1 else ''}"
    return f"{count} left" if days > 0 else f"{count} overdue"


def rag(days_left, warning_days):
    if days_left < 0:
        return RED
    return AMBER if days_left <= warning_days else GREEN


def add_months(day, months):
    """Calendar months, clamped to the month's end (31 Jan + 1 -> 28 or 29 Feb)."""
    return day + relativedelta(months=months)


def days_on_hold(holds, since, today):
    """Days on hold on or after ``since``. A hold covers [started_on, ended_on); an open hold
    runs to the end of today. Overlapping holds are counted once."""
    spans = sorted((hold.started_on, hold.ended_on or today + timedelta(days=1))
                   for hold in holds)
    total, reached = 0, since
    for start, end in spans:
        start = max(start, reached)
        if end > start:
            total += (end - start).days
            reached = end
    return total


def decision_due(notified_on, periods):
    return add_months(notified_on, periods.decision_months)


def completion_due(decision_on, holds, today, periods):
    return add_months(decision_on, periods.completion_months) + timedelta(
        days=days_on_hold(holds, decision_on, today))


def open_hold(review):
    """The hold a review on hold is paused by; None when it is not on hold."""
    if review.status is not S.on_hold:
        return None
    return next((hold for hold in review.holds if hold.ended_on is None), None)


def current_stage(review):
    """The stage a review is at, looking through a hold to the stage it paused."""
    hold = open_hold(review)
    return hold.status_before if hold else review.status


def _running(name, due, today, periods):
    days = (due - today).days
    return Clock(name, due, rag(days, periods.warning_days), days_left=days)


def _done(name, due, done_on):
    late = done_on is not None and done_on > due
    return Clock(name, due, LATE if late else MET, done_on=done_on)


def decision_clock(review, today, periods):
    due = decision_due(review.notified_on, periods)
    if review.decision_on is not None:
        return _done(ClockName.decision, due, review.decision_on)
    if current_stage(review) not in DECIDING:
        return _done(ClockName.decision, due, None)
    return _running(ClockName.decision, due, today, periods)


def completion_clock(review, today, periods):
    """None for reviews not commissioned: they have no completion clock."""
    if review.decision is not Decision.commission or review.decision_on is None:
        return None
    due = completion_due(review.decision_on, review.holds, today, periods)
    first_sent = min((s.sent_on for s in review.submissions), default=None)
    if first_sent is not None:
        return _done(ClockName.completion, due, first_sent)
    if current_stage(review) in COMPLETED:
        return _done(ClockName.completion, due, None)
    if review.status is S.on_hold:
        return Clock(ClockName.completion, due, PAUSED)
    return _running(ClockName.completion, due, today, periods)


def clocks(review, today, periods):
    found = [decision_clock(review, today, periods), completion_clock(review, today, periods)]
    return [clock for clock in found if clock is not None]


def next_deadline(review_clocks):
    """(due date, clock name) of the earliest running clock, or (None, None)."""
    running = [clock for clock in review_clocks if clock.running]
    if not running:
        return None, None
    first = min(running, key=lambda clock: clock.due)
    return first.due, first.name


def reminder_window(clock, periods):
    """Which reminder a running clock calls for today: "missed" once overdue, else the
    narrowest warning window it has entered ("3d" before "14d"), else None."""
    if not clock.running:
        return None
    if clock.days_left < 0:
        return MISSED
    entered = [window for window in periods.windows if clock.days_left <= window]
    return f"{min(entered)}d" if entered else None
