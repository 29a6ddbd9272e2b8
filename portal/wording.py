"""How the portal words a form's state: the task list's status tags, days left, and times in
Europe/London ("1 Dec 2026 14:05"), whatever the server's clock zone."""
from datetime import date

import dates
from models import FormStatus

# The task list pattern: what the agency must do next, in its words (sent and in progress are
# both theirs to do; the difference is whether anything has been saved yet).
TASK_STATUS = {
    FormStatus.sent: ("To do", "todo"),
    FormStatus.in_progress: ("In progress", "in-progress"),
    FormStatus.returned: ("Returned — changes needed", "returned"),
    FormStatus.submitted: ("Submitted", "submitted"),
    FormStatus.accepted: ("Accepted", "accepted"),
}


def task_status(item):
    """(words, css modifier) of a task's tag."""
    return TASK_STATUS.get(item.status, (item.status.label, "other"))


def days_left(item, today=None):
    """'Due today', '3 days left', '2 days overdue', or None once the agency owes nothing."""
    if item.due_on is None or not item.is_fillable:
        return None
    days = (item.due_on - (today or date.today())).days
    if days == 0:
        return "Due today"
    plural = "" if abs(days) == 1 else "s"
    return f"{days} day{plural} left" if days > 0 else f"{-days} day{plural} overdue"


def london_time(moment, fmt=None):
    """A stored UTC time as people here read it: '1 Dec 2026 14:05' (or ``fmt``)."""
    if moment is None:
        return "—"
    return dates.local(moment).strftime(fmt) if fmt else dates.when(moment)


def long_date(day):
    return dates.day(day, "—")
