"""Agencies: involvement and the scorecard of their returns (forms sent to them), one grouped
query each. Chronology returns join the scorecard when chronologies are stored."""
from sqlalchemy import case, func, select

from dashboards.filters import involved
from dashboards.registry import Row, Table, figure
from dashboards.sql import as_date, days_between
from models import Agency, FormRequest, FormStatus, Review, db
from models.form_request import FILLABLE


def _involving(ctx, key):
    return select(Review.id).where(ctx.within(Review.id),
                                   Review.id.in_(involved(int(key))))


def _sent(ctx):
    return (ctx.within(FormRequest.review_id), FormRequest.status != FormStatus.draft)


@figure("involvement", "agencies", "Reviews each agency was asked to contribute to",
        drill=_involving)
def involvement(ctx):
    return Table(["Reviews"], [Row(str(row[0]), row[1], [row[2]]) for row in _returns(ctx)],
                 counts=(0,))


def _returns(ctx):
    """Per agency: reviews involved, returns on time, late, days late, outstanding, overdue:
    one statement shared by both figures."""
    if "returns" not in ctx.cache:
        ctx.cache["returns"] = _returns_query(ctx)
    return ctx.cache["returns"]


def _returns_query(ctx):
    submitted = as_date(FormRequest.submitted_at)
    returned = FormRequest.submitted_at.is_not(None) & FormRequest.due_on.is_not(None)
    late = returned & (submitted > FormRequest.due_on)
    outstanding = FormRequest.status.in_(FILLABLE)
    overdue = outstanding & FormRequest.due_on.is_not(None) & (FormRequest.due_on < ctx.today)
    return db.session.execute(
        select(Agency.id, Agency.name, func.count(func.distinct(FormRequest.review_id)),
               func.sum(case((returned & ~late, 1), else_=0)),
               func.sum(case((late, 1), else_=0)),
               func.sum(case((late, days_between(FormRequest.due_on, submitted)), else_=0)),
               func.sum(case((outstanding, 1), else_=0)),
               func.sum(case((overdue, 1), else_=0)))
        .join(FormRequest, FormRequest.agency_id == Agency.id).where(*_sent(ctx))
        .group_by(Agency.id, Agency.name).order_by(Agency.name)).all()


@figure("scorecard", "agencies", "Returns on time, late and outstanding", drill=_involving)
def scorecard(ctx):
    table_rows = []
    for id, name, _, on_time, late_count, days_late, owed, owed_late in _returns(ctx):
        mean_late = round(days_late / late_count) if late_count else None
        table_rows.append(Row(str(id), name, [int(on_time), int(late_count), mean_late,
                                              int(owed), int(owed_late)]))
    return Table(["Returned on time", "Returned late", "Average days late", "Outstanding now",
                  "Of which overdue"], table_rows, counts=(0, 1, 3, 4), floor=((2, 1),))
