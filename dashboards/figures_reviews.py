"""Reviews by stage and their timeliness."""
from sqlalchemy import func, select

from dashboards.registry import Row, Table, figure
from dashboards.timeliness import durations, standings
from models import Review, db
from models.review import ReviewStatus

NOT_RECORDED = "Not recorded"


def _by_status(ctx, key):
    return select(Review.id).where(ctx.within(Review.id),
                                   Review.status == ReviewStatus[key])


@figure("stages", "stages", "Reviews by stage", drill=_by_status)
def reviews_by_stage(ctx):
    counts = dict(db.session.execute(
        select(Review.status, func.count()).where(ctx.within(Review.id))
        .group_by(Review.status)).all())
    rows = [Row(stage.name, stage.label, [counts.get(stage, 0)]) for stage in ReviewStatus
            if counts.get(stage)]
    return Table(["Reviews"], rows, counts=(0,))


def _standing_drill(attribute):
    def drill(ctx, key):
        ids = [s.id for s in standings(ctx) if getattr(s, attribute) == key]
        return select(Review.id).where(Review.id.in_(ids))
    return drill


def _states_table(ctx, attribute, labels, share_of):
    counts = {}
    for standing in standings(ctx):
        state = getattr(standing, attribute)
        if state is not None:
            counts[state] = counts.get(state, 0) + 1
    rows = [Row(key, label, [counts.get(key, 0)]) for key, label in labels.items()]
    return Table(["Reviews"], rows, counts=(0,), share=("within", share_of) if share_of else None)


DECISION_STATES = {"within": "Decided within the decision period", "late": "Decided late",
                   "pending": "Awaiting decision, in time", "overdue": "Awaiting decision, overdue"}
COMPLETION_STATES = {"within": "Completed within the statutory period",
                     "late": "Completed late", "running": "Running, in time",
                     "overdue": "Running, overdue", "paused": "On hold"}
TARGET_STATES = {"within": "Completed within the agreed target", "late": "Completed after it",
                 "running": "Running, in time", "overdue": "Running, past the target"}
PACE_STATES = {"will_miss": "Will miss the deadline at the current pace",
               "on_pace": "On pace to meet it", "overdue": "Already overdue"}


@figure("decisions", "stages", "Decisions within the decision period",
        drill=_standing_drill("decision"))
def decisions(ctx):
    return _states_table(ctx, "decision", DECISION_STATES, ("within", "late"))


@figure("completion", "stages", "Completed within the statutory period",
        drill=_standing_drill("completion"))
def completion(ctx):
    return _states_table(ctx, "completion", COMPLETION_STATES, ("within", "late"))


@figure("target", "stages", "Completed within the agreed target",
        drill=_standing_drill("target"))
def target(ctx):
    table = _states_table(ctx, "target", TARGET_STATES, ("within", "late"))
    if not hasattr(Review, "target_date"):
        table.note = "Agreed target dates are not recorded yet."
    return table


@figure("pace", "stages", "Reviews that will miss their deadline",
        drill=_standing_drill("pace"))
def pace(ctx):
    table = _states_table(ctx, "pace", PACE_STATES, ())
    table.note = ("Pace: the share of the six stages before submission reached (half of the "
                  "current one counted), against the days since the decision, holds left out.")
    return table


@figure("durations", "stages", "Durations in days", measures=True)
def review_durations(ctx):
    found = standings(ctx)
    rows = []
    for label, values in (
            ("Notification to decision", [s.to_decision for s in found]),
            ("Decision to submission to the Home Office", [s.to_completion for s in found]),
            ("Days on hold (reviews ever on hold)", [s.on_hold for s in found if s.on_hold])):
        middle, longest = durations(values)
        rows.append(Row("", label, [middle, longest,
                                    len([v for v in values if v is not None])]))
    return Table(["Median", "Longest", "Reviews"], rows, counts=(2,), chart="",
                 floor=((0, 2), (1, 2)))
