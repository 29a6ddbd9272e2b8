"""The demo world reads like a caseload (issue 14) and the Home Office data is countable in
SQL: flags, per-value traits, age bands, the victim → perpetrator relationship."""
from sqlalchemy import func, select

from models import (Person, PersonRole, PersonTrait, Relationship, Review, ReviewType, Sex,
                    TraitKind, age_band, db)
from models.equality import age_on
from world import DUE_SOON, DUE_SOON_VICTIM, ON_HOLD


def test_age_bands():
    assert [age_band(a) for a in (None, 15, 16, 19, 20, 34, 35, 64, 65, 90)] == [
        "unknown", "under 16", "16-19", "16-19", "20-24", "25-34", "35-44", "55-64", "65+",
        "65+"]
    from datetime import date
    assert age_on(date(1980, 6, 2), date(2020, 6, 1)) == 39
    assert age_on(date(1980, 6, 2), date(2020, 6, 2)) == 40


def test_the_demo_world_covers_the_caseload_the_issue_lists(app):
    with app.app_context():
        reviews = {r.reference: r for r in db.session.scalars(select(Review))}
        victims = [p for r in reviews.values() for p in r.people if p.role is PersonRole.victim]
        assert sum(r.ipv for r in reviews.values()) * 2 >= len(reviews)  # about half
        assert any(r.victim_suicide and r.coercive_control for r in reviews.values())
        assert any(p.sex is Sex.male for p in victims)
        assert any(p.age_band == "65+" for p in victims)
        parricide = [r for r in reviews.values() if r.parricide]
        assert parricide and parricide[0].people[0].relationship_to_perpetrator \
            is Relationship.parent and parricide[0].people[1].sex is Sex.male
        assert any(r.review_type is ReviewType.joint_sar for r in reviews.values())
        assert DUE_SOON_VICTIM in reviews[DUE_SOON].title
        assert not any((p.pseudonym or "").startswith("Adult") for p in victims)
        assert len({r.date_of_death and (r.notified_on - r.date_of_death).days
                    for r in reviews.values()}) > 3  # not all notified ten days after
        hold = reviews[ON_HOLD].holds[-1]
        assert hold.proceeding is not None and hold.home_office_told_on is not None
        assert reviews[DUE_SOON].target_date and reviews[DUE_SOON].target_date_changes


def test_sql_counts_traits_per_value(app):
    with app.app_context():
        counts = dict(db.session.execute(
            select(PersonTrait.value, func.count()).where(
                PersonTrait.kind == TraitKind.mental_health).group_by(PersonTrait.value)).all())
        assert counts["depression"] == 2 and counts["psychosis"] == 1
        male_victims = db.session.scalar(select(func.count()).select_from(Person).where(
            Person.role == PersonRole.victim, Person.sex == Sex.male))
        assert male_victims == 3
