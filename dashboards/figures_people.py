"""Victims and perpetrators: counts of people by each characteristic the Home Office collects
(one statement for all of them), their mental health and vulnerabilities (countable rows of
``person_trait``), and reviews by death type. Age bands are the data collection's."""
from enum import Enum

from sqlalchemy import case, func, select

from dashboards.registry import Row, Table, figure
from models import Person, PersonTrait, Review, db
from models.equality import AGE_BANDS, TRAIT_VALUES, TraitKind
from models.review import DeathType, PersonRole

NOT_RECORDED = "Not recorded"
NONE_KEY = "(none)"  # the drill key of "Not recorded"
SUBJECTS = (PersonRole.victim, PersonRole.perpetrator)


def age_band():
    """The Home Office age band of ``Person.age`` (16-19 ... 65+), in SQL (people recorded
    with a date of birth only are banded by the data collection return, not here)."""
    whens = [(Person.age.between(low, high), f"{low}-{high}") for low, high in AGE_BANDS]
    whens.append((Person.age >= 65, "65+"))
    whens.append((Person.age < 16, "Under 16"))
    return case(*whens, else_=None)


def _by_death_type(ctx, key):
    death = None if key == "none" else DeathType[key]
    return select(Review.id).where(ctx.within(Review.id), Review.death_type == death
                                   if death else Review.death_type.is_(None))


@figure("death_type", "people", "Reviews by death type", drill=_by_death_type)
def death_types(ctx):
    counts = dict(db.session.execute(
        select(Review.death_type, func.count()).where(ctx.within(Review.id))
        .group_by(Review.death_type)).all())
    rows = [Row(kind.name, kind.label, [counts[kind]]) for kind in DeathType if counts.get(kind)]
    if counts.get(None):
        rows.append(Row("none", NOT_RECORDED, [counts[None]]))
    return Table(["Reviews"], rows, counts=(0,))


ATTRIBUTES = {"sex": lambda: Person.sex, "age_band": age_band,
              "ethnicity": lambda: Person.ethnicity, "religion": lambda: Person.religion,
              "sexual_orientation": lambda: Person.sexual_orientation,
              "relationship_to_perpetrator": lambda: Person.relationship_to_perpetrator,
              "verdict": lambda: Person.verdict}


def _people_counts(ctx):
    """Victims and perpetrators counted by every characteristic at once, in one statement
    (one row per combination found), shared by the figures of the page."""
    if "people" not in ctx.cache:
        values = [expression().label(name) for name, expression in ATTRIBUTES.items()]
        ctx.cache["people"] = db.session.execute(
            select(Person.role, *values, func.count()).where(
                ctx.within(Person.review_id), Person.role.in_(SUBJECTS))
            .group_by(Person.role, *values)).all()
    return ctx.cache["people"]


def _key(value):
    return NONE_KEY if value is None else value.name if isinstance(value, Enum) else str(value)


def _label(value):
    return NOT_RECORDED if value is None else getattr(value, "label", str(value))


def _rows(counts, order=None):
    keys = sorted(counts, key=order or (lambda k: (k is None, _label(k))))
    return [Row(_key(key), _label(key), [counts[key].get(role, 0) for role in SUBJECTS])
            for key in keys]


def _people_figure(attribute, title):
    position = list(ATTRIBUTES).index(attribute) + 1

    def drill(ctx, key):
        value = ATTRIBUTES[attribute]()
        enum = getattr(value.type, "enum_class", None)
        wanted = enum[key] if enum and key != NONE_KEY else key
        test = value.is_(None) if key == NONE_KEY else value == wanted
        return select(Person.review_id).where(ctx.within(Person.review_id),
                                              Person.role.in_(SUBJECTS), test)

    @figure(f"people_{attribute}", "people", title, drill=drill)
    def compute(ctx):
        counts = {}
        for row in _people_counts(ctx):
            by_role = counts.setdefault(row[position], {})
            by_role[row[0]] = by_role.get(row[0], 0) + row[-1]
        return Table(["Victims", "Perpetrators"], _rows(counts), counts=(0, 1))
    return compute


_people_figure("sex", "Sex")
_people_figure("age_band", "Age band")
_people_figure("ethnicity", "Ethnicity")
_people_figure("religion", "Religion")
_people_figure("sexual_orientation", "Sexual orientation")
_people_figure("relationship_to_perpetrator", "The victim's relationship to the perpetrator")
_people_figure("verdict", "Verdict (perpetrators)")


def _traits_figure(kind, title):
    def drill(ctx, key):
        return select(Person.review_id).join(PersonTrait, PersonTrait.person_id == Person.id) \
            .where(ctx.within(Person.review_id), Person.role.in_(SUBJECTS),
                   PersonTrait.kind == kind, PersonTrait.value == key)

    @figure(f"traits_{kind.name}", "people", title, drill=drill)
    def compute(ctx):
        counts = {}
        for value, role, count in db.session.execute(
                select(PersonTrait.value, Person.role, func.count())
                .join(Person, Person.id == PersonTrait.person_id)
                .where(ctx.within(Person.review_id), Person.role.in_(SUBJECTS),
                       PersonTrait.kind == kind)
                .group_by(PersonTrait.value, Person.role)):
            counts.setdefault(TRAIT_VALUES[kind](value), {})[role] = count
        return Table(["Victims", "Perpetrators"], _rows(counts), counts=(0, 1),
                     note="A person may have several.")
    return compute


_traits_figure(TraitKind.mental_health, "Mental health")
_traits_figure(TraitKind.vulnerability, "Vulnerabilities")
