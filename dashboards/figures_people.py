"""Victims and perpetrators: counts of people by each recorded characteristic, and reviews by
death type. Age bands are those of the Home Office data collection."""
from sqlalchemy import case, func, select

from dashboards.registry import Row, Table, figure
from models import Person, Review, db
from models.review import DeathType, PersonRole

NOT_RECORDED = "Not recorded"
NONE_KEY = "(none)"  # the drill key of "Not recorded"
AGE_BANDS = ((16, 19), (20, 24), (25, 34), (35, 44), (45, 54), (55, 64))
SUBJECTS = (PersonRole.victim, PersonRole.perpetrator)


def age_band():
    """The Home Office age band of ``Person.age`` (16-19 ... 65+), in SQL."""
    whens = [(Person.age.between(low, high), f"{low}-{high}") for low, high in AGE_BANDS]
    whens.append((Person.age >= 65, "65+"))
    whens.append((Person.age < 16, "Under 16"))
    return case(*whens, else_=None)


def _by_death_type(ctx, key):
    death = None if key == "none" else DeathType[key]
    return select(Review.id).where(Review.id.in_(ctx.population), Review.death_type == death
                                   if death else Review.death_type.is_(None))


@figure("death_type", "people", "Reviews by death type", drill=_by_death_type)
def death_types(ctx):
    counts = dict(db.session.execute(
        select(Review.death_type, func.count()).where(Review.id.in_(ctx.population))
        .group_by(Review.death_type)).all())
    rows = [Row(kind.name, kind.label, [counts[kind]]) for kind in DeathType if counts.get(kind)]
    if counts.get(None):
        rows.append(Row("none", NOT_RECORDED, [counts[None]]))
    return Table(["Reviews"], rows, counts=(0,))


ATTRIBUTES = {"sex": lambda: Person.sex, "age_band": age_band,
              "ethnicity": lambda: Person.ethnicity,
              "relationship_to_victim": lambda: Person.relationship_to_victim,
              "disability": lambda: Person.disability}


def _people_counts(ctx):
    """Victims and perpetrators counted by every characteristic at once, in one statement
    (one row per combination found), shared by the figures of the page."""
    if "people" not in ctx.cache:
        values = [expression().label(name) for name, expression in ATTRIBUTES.items()]
        ctx.cache["people"] = db.session.execute(
            select(Person.role, *values, func.count()).where(
                Person.review_id.in_(ctx.population), Person.role.in_(SUBJECTS))
            .group_by(Person.role, *values)).all()
    return ctx.cache["people"]


def _people_figure(attribute, title):
    position = list(ATTRIBUTES).index(attribute) + 1

    def drill(ctx, key):
        value = ATTRIBUTES[attribute]()
        test = value.is_(None) if key == NONE_KEY else value == key
        return select(Person.review_id).where(Person.review_id.in_(ctx.population),
                                              Person.role.in_(SUBJECTS), test)

    @figure(f"people_{attribute}", "people", title, drill=drill)
    def compute(ctx):
        counts = {}
        for row in _people_counts(ctx):
            by_role = counts.setdefault(row[position], {})
            by_role[row[0]] = by_role.get(row[0], 0) + row[-1]
        keys = sorted(counts, key=lambda k: (k is None, str(k)))
        rows = [Row(NONE_KEY if key is None else key, key or NOT_RECORDED,
                    [counts[key].get(role, 0) for role in SUBJECTS]) for key in keys]
        return Table(["Victims", "Perpetrators"], rows, counts=(0, 1))
    return compute


_people_figure("sex", "Sex")
_people_figure("age_band", "Age band")
_people_figure("ethnicity", "Ethnicity")
_people_figure("relationship_to_victim", "Relationship to the victim")
_people_figure("disability", "Disability")
