"""The incidents: the Home Office return's flags (one boolean column each, summed in one
statement), the cause and the place of death, and the region."""
from sqlalchemy import case, func, select

from dashboards.registry import Row, Table, figure
from models import Review, db
from models.incident import INCIDENT_FLAGS, CauseOfDeath, DeathLocation, Region

NOT_RECORDED = "Not recorded"


def _flagged(ctx, key):
    if key not in dict(INCIDENT_FLAGS):
        raise KeyError(key)
    return select(Review.id).where(ctx.within(Review.id),
                                   getattr(Review, key).is_(True))


@figure("flags", "incident", "Reviews with each feature of the incident", drill=_flagged)
def flags(ctx):
    sums = db.session.execute(select(*(
        func.sum(case((getattr(Review, name).is_(True), 1), else_=0)) for name, _ in
        INCIDENT_FLAGS)).where(ctx.within(Review.id))).one()
    return Table(["Reviews"], [Row(name, label, [int(total or 0)])
                               for (name, label), total in zip(INCIDENT_FLAGS, sums)],
                 counts=(0,), note="A review may have several.")


def _by_column(column_name, enum, title):
    def drill(ctx, key):
        column = getattr(Review, column_name)
        test = column.is_(None) if key == "none" else column == enum[key]
        return select(Review.id).where(ctx.within(Review.id), test)

    @figure(column_name, "incident", title, drill=drill)
    def compute(ctx):
        column = getattr(Review, column_name)
        counts = dict(db.session.execute(select(column, func.count()).where(
            ctx.within(Review.id)).group_by(column)).all())
        rows = [Row(value.name, value.label, [counts[value]]) for value in enum
                if counts.get(value)]
        if counts.get(None):
            rows.append(Row("none", NOT_RECORDED, [counts[None]]))
        return Table(["Reviews"], rows, counts=(0,))
    return compute


_by_column("cause_of_death", CauseOfDeath, "Cause of death")
_by_column("location_of_death", DeathLocation, "Place of death")
_by_column("region", Region, "Region")
