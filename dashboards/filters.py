"""The dashboard's filters (period of notification, review type, death type, stage, agency)
read from the query string, and the reviews they leave: the population every figure counts.
Which reviews a person's dashboard starts from is ``access.dashboard_reviews``."""
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import case, select

import access
from dates import day
from models import Agency, FormRequest, FormStatus, Review, ReviewHold, db
from models.review import DeathType, ReviewStatus, ReviewType


@dataclass(frozen=True)
class Filters:
    notified_from: date | None = None
    notified_to: date | None = None
    review_type: ReviewType | None = None
    death_type: DeathType | None = None
    stage: ReviewStatus | None = None
    agency_id: int | None = None

    @property
    def is_empty(self):
        return all(getattr(self, f.name) is None for f in fields(self))

    def args(self):
        """The query-string form of these filters (for links: drill-downs, exports)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            out[f.name] = value.isoformat() if isinstance(value, date) else (
                value.name if hasattr(value, "name") else str(value))
        return out

    def described(self, agency_name=None):
        """The filters in words, for headings and the annual export."""
        parts = []
        if self.notified_from or self.notified_to:
            parts.append(f"notified {day(self.notified_from) if self.notified_from else 'any time'}"
                         f" to {day(self.notified_to) if self.notified_to else 'today'}")
        for name in ("review_type", "death_type", "stage"):
            if getattr(self, name) is not None:
                parts.append(getattr(self, name).label)
        if self.agency_id is not None:
            parts.append(f"involving {agency_name or 'one agency'}")
        return ", ".join(parts) or "all reviews"


def _enum(cls, value):
    return cls.__members__.get(value) if value else None


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value):
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def parse(args):
    """Filters from request args; values that are not one of the choices are ignored."""
    return Filters(_date(args.get("notified_from")), _date(args.get("notified_to")),
                   _enum(ReviewType, args.get("review_type")),
                   _enum(DeathType, args.get("death_type")),
                   _enum(ReviewStatus, args.get("stage")), _int(args.get("agency_id")))


def involved(agency_id):
    """Reviews an agency was asked to contribute to (a request sent, not a draft)."""
    return select(FormRequest.review_id).where(FormRequest.agency_id == agency_id,
                                               FormRequest.status != FormStatus.draft)


def stage_expr():
    """The stage a review is at, looking through a hold to the stage it paused."""
    paused = (select(ReviewHold.status_before)
              .where(ReviewHold.review_id == Review.id, ReviewHold.ended_on.is_(None))
              .order_by(ReviewHold.id.desc()).limit(1).scalar_subquery())
    return case((Review.status == ReviewStatus.on_hold, paused), else_=Review.status)


def population(filters, user):
    """SELECT of the ids of the reviews the figures count for ``user`` under ``filters``."""
    query = access.dashboard_reviews(select(Review.id), user)
    if filters.notified_from:
        query = query.where(Review.notified_on >= filters.notified_from)
    if filters.notified_to:
        query = query.where(Review.notified_on <= filters.notified_to)
    if filters.review_type:
        query = query.where(Review.review_type == filters.review_type)
    if filters.death_type:
        query = query.where(Review.death_type == filters.death_type)
    if filters.stage:
        on_hold = filters.stage is ReviewStatus.on_hold
        query = query.where(Review.status == filters.stage if on_hold
                            else stage_expr() == filters.stage)
    if filters.agency_id:
        query = query.where(Review.id.in_(involved(filters.agency_id)))
    return query


def agency_choices():
    return db.session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
