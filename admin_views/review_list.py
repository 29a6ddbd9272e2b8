"""What the reviews list shows about the clocks: stage, next deadline and days left, from the
stored ``Review.next_deadline`` (kept current by ``lifecycle.deadlines``), so that sorting and
the deadline filter run in SQL, without loading each review's holds."""
from datetime import date, timedelta

from flask import g, url_for
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from markupsafe import Markup, escape
from sqlalchemy import func, literal

from dates import day
from lifecycle.clocks import STATE_LABELS, days_left_text, rag
from lifecycle.deadlines import periods
from models import ClockName, Review

# Reviews without a running clock sort after every deadline.
DEADLINE_ORDER = func.coalesce(Review.next_deadline, literal(date.max))


def warning_days():
    return periods().warning_days


def html(template, *values):
    """``template`` filled with ``values``, escaped. The list fills it for each of its rows:
    ``str.format`` costs a third of ``Markup.format``, which formats in Python."""
    return Markup(template.format(*map(escape, values)))


def clock_badge(state, text):
    """Colour and words together: the state never rests on colour alone."""
    return html('<span class="badge clock clock-{0}">{1}: {2}</span>', state,
                STATE_LABELS[state], text)


def reference_link(view, context, model, name):
    return html('<a href="{0}" class="review-link">{1}</a>', review_page_url(model.id),
                model.reference)


def review_page_url(review_id):
    """``url_for("review.page", review_id=...)`` for each row of the list, routed once per
    request: url_for per row was a thirtieth of the list's time."""
    if "review_page_url" not in g:
        head, _, tail = url_for("review.page", review_id=0).rpartition("/0/")
        g.review_page_url = head + "/{0}/" + tail
    return g.review_page_url.format(int(review_id))


def next_deadline_text(view, context, model, name):
    if model.next_deadline is None:
        return ""
    due = day(model.next_deadline)
    return f"{due} ({ClockName(model.next_deadline_clock).label})" \
        if model.next_deadline_clock else due


def days_left(model):
    return None if model.next_deadline is None else (model.next_deadline - date.today()).days


def days_left_badge(view, context, model, name):
    days = days_left(model)
    if days is None:
        return ""
    return clock_badge(rag(days, warning_days()), days_left_text(days))


def days_left_export(view, context, model, name):
    return days_left(model)


class DeadlineFilter(BaseSQLAFilter):
    """Next deadline: overdue, due within the warning window, or either."""

    def __init__(self, warning_days):
        self.warning_days = warning_days
        super().__init__(Review.next_deadline, "Next deadline", options=(
            ("overdue", "Overdue"), ("due_soon", f"Due within {warning_days} days"),
            ("attention", f"Overdue or due within {warning_days} days")))

    def apply(self, query, value, alias=None):
        column, today = self.get_column(alias), date.today()
        horizon = today + timedelta(days=self.warning_days)
        if value == "overdue":
            return query.filter(column < today)
        if value == "due_soon":
            return query.filter(column >= today, column <= horizon)
        return query.filter(column <= horizon)

    def operation(self):
        return "is"
