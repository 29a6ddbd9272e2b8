"""The Home Office data collection return, filled from ``data_collection.toml`` (the one
declarative mapping of our fields to the template's columns), and its completeness check.

Rows are plain values (text, numbers, dates): ``dashboards.xlsx`` writes them. One review's
return and a period's use the same code, reading every review of the batch in a few
statements (people, holds, submissions, agencies involved)."""
import tomllib
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from dashboards.figures_people import AGE_BANDS, SUBJECTS
from lifecycle import clocks as lc
from models import Agency, FormRequest, FormStatus, Person, Review, db
from models.form_request import SUBMITTED_STATES
from models.review import Decision

MAPPING = Path(__file__).with_name("data_collection.toml")
OWNERS = {"review": Review, "person": Person, "agency": Agency}
ENTER = ("review", "person", "review_page")


@dataclass(frozen=True)
class Column:
    heading: str
    field: str
    required: bool = False
    enter: str | None = None

    @property
    def owner(self):
        return self.field.partition(".")[0]

    @property
    def name(self):
        return self.field.partition(".")[2]


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: str  # "review", "person" or "agency": what one row is
    columns: tuple


@dataclass(frozen=True)
class Missing:
    review: str  # reference
    sheet: str
    heading: str
    enter: str | None
    target_id: int  # the review's or person's id (for the link)
    who: str = ""  # which person ("Victim #12"), for people's rows


class MappingError(ValueError):
    pass


@lru_cache(maxsize=4)
def load(path=MAPPING):
    """The mapping, checked: every field is one we hold, every link a known place."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    sheets = []
    for sheet in data.get("sheet", []):
        if sheet.get("rows") not in OWNERS:
            raise MappingError(f"sheet {sheet.get('name')!r}: rows must be one of {list(OWNERS)}")
        columns = tuple(Column(**column) for column in sheet.get("column", []))
        for column in columns:
            _check(column, sheet["rows"])
        sheets.append(Sheet(sheet["name"], sheet["rows"], columns))
    return data.get("title", "Data collection"), tuple(sheets)


def _check(column, rows):
    owner, name = column.owner, column.name
    if owner == "derived":
        known = name in DERIVED
    elif owner in OWNERS and (owner == "review" or owner == rows):
        known = name in OWNERS[owner].__table__.columns and name != "real_name"
    else:
        known = False
    if not known:
        raise MappingError(f"{column.heading!r}: {column.field!r} is not a field we hold here")
    if column.enter is not None and column.enter not in ENTER:
        raise MappingError(f"{column.heading!r}: enter must be one of {ENTER}")


# -- derived values: (batch, review, row) -> value -----------------------------------------------
def _age_band(batch, review, person):
    age = person.age if person.age is not None else _age_at_death(person, review)
    if age is None:
        return None
    if age >= 65:
        return "65+"
    return next((f"{low}-{high}" for low, high in AGE_BANDS if low <= age <= high), "Under 16")


def _age_at_death(person, review):
    if person.date_of_birth is None or review.date_of_death is None:
        return None
    born, died = person.date_of_birth, review.date_of_death
    return died.year - born.year - ((died.month, died.day) < (born.month, born.day))


def _completion_due(batch, review, row):
    if review.decision is not Decision.commission or review.decision_on is None:
        return None
    return lc.completion_due(review.decision_on, review.holds, batch.today, batch.periods)


DERIVED = {
    "csp_name": lambda batch, review, row: batch.csp_name,
    "notifying_agency": lambda batch, review, row: review.notifying_agency
    and review.notifying_agency.name,
    "decision_due": lambda batch, review, row: lc.decision_due(review.notified_on, batch.periods),
    "completion_due": _completion_due,
    "days_on_hold": lambda batch, review, row: lc.days_on_hold(review.holds, date.min, batch.today),
    "first_submitted": lambda batch, review, row: min(
        (s.sent_on for s in review.submissions), default=None),
    "latest_outcome": lambda batch, review, row: next(
        (s.outcome for s in reversed(review.submissions) if s.outcome), None),
    "agency_count": lambda batch, review, row: len(batch.agencies.get(review.id, [])),
    "age_band": _age_band,
    "mental_health": lambda batch, review, person: "; ".join(
        value.label for value in person.mental_health),
    "vulnerabilities": lambda batch, review, person: "; ".join(
        value.label for value in person.vulnerabilities),
    "forms_asked": lambda batch, review, row: row[1],
    "forms_returned": lambda batch, review, row: row[2],
}


@dataclass
class Batch:
    reviews: list
    agencies: dict  # review id -> [(Agency, asked, returned)]
    today: date
    periods: object
    csp_name: str


# What the return reads of each review besides its own columns.
RETURN_LOAD = (selectinload(Review.people).selectinload(Person.traits), selectinload(Review.holds),
               selectinload(Review.submissions), selectinload(Review.notifying_agency))


def read(review_ids, today=None, periods=None):
    """Everything the return needs for these reviews, in seven statements."""
    reviews = db.session.scalars(select(Review).where(Review.id.in_(review_ids))
                                 .options(*RETURN_LOAD)
                                 .order_by(Review.notified_on, Review.reference)).all()
    return batch_of(reviews, today, periods)


def batch_of(reviews, today=None, periods=None):
    """The Batch of reviews already loaded with ``RETURN_LOAD``: one statement more, their
    agencies' forms."""
    from lifecycle.deadlines import periods as configured
    review_ids = [review.id for review in reviews]
    returned = case((FormRequest.status.in_(SUBMITTED_STATES), 1), else_=0)
    agencies = {}
    for review_id, agency, asked, back in db.session.execute(
            select(FormRequest.review_id, Agency, func.count(), func.sum(returned))
            .join(Agency, Agency.id == FormRequest.agency_id)
            .where(FormRequest.review_id.in_(review_ids), FormRequest.status != FormStatus.draft)
            .group_by(FormRequest.review_id, Agency.id).order_by(Agency.name)):
        agencies.setdefault(review_id, []).append((agency, asked, int(back or 0)))
    return Batch(reviews, agencies, today or date.today(), periods or configured(),
                 current_app.config.get("CSP_NAME") or "")


def _value(column, batch, review, row):
    owner, name = column.owner, column.name
    if owner == "derived":
        value = DERIVED[name](batch, review, row)
    elif owner == "review":
        value = getattr(review, name)
    elif owner == "agency":
        value = getattr(row[0], name)
    else:
        value = getattr(row, name)
    if isinstance(value, Enum):
        return getattr(value, "label", value.name)
    return value


def _rows_of(sheet, batch, review):
    if sheet.rows == "review":
        return [review]
    if sheet.rows == "person":
        return [person for person in review.people if person.role in SUBJECTS]
    return batch.agencies.get(review.id, [])


def fill(batch, sheets):
    """{sheet name: [row values]} and the list of Missing, for every review of the batch."""
    filled, missing = {sheet.name: [] for sheet in sheets}, []
    for review in batch.reviews:
        for sheet in sheets:
            for row in _rows_of(sheet, batch, review):
                values = [_value(column, batch, review, row) for column in sheet.columns]
                filled[sheet.name].append(values)
                missing.extend(_missing(sheet, review, row, values))
    return filled, missing


def _missing(sheet, review, row, values):
    for column, value in zip(sheet.columns, values):
        if column.required and value in (None, ""):
            person = sheet.rows == "person"
            yield Missing(review.reference, sheet.name, column.heading, column.enter,
                          row.id if person and column.enter == "person" else review.id,
                          str(row) if person else "")


def completeness(review_id, today=None):
    """The missing fields of one review's return."""
    _, sheets = load()
    return fill(read([review_id], today), sheets)[1]


def completeness_of(review, today=None):
    """``completeness`` of a review already loaded with ``RETURN_LOAD`` (the review page's)."""
    _, sheets = load()
    return fill(batch_of([review], today), sheets)[1]


def notified_between(start, end):
    """SELECT of the ids of the reviews a period's return covers: notified in [start, end]."""
    query = select(Review.id)
    if start:
        query = query.where(Review.notified_on >= start)
    if end:
        query = query.where(Review.notified_on <= end)
    return query


def reviews_notified_between(start, end):
    return list(db.session.scalars(notified_between(start, end)))
