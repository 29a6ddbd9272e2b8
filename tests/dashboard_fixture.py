"""Eight reviews notified in 2010 with dates chosen so that every dashboard figure can be
worked out by hand (month-end clocks, overlapping and open holds, late and on-time returns);
the figures are read for the 2010 population with TODAY fixed. The hand computations are in
tests/test_dashboards_figures.py beside what they check."""
from datetime import date, datetime

from sqlalchemy import select

from models import (Agency, FormRequest, FormStatus, FormType, HomeOfficeSubmission, Person,
                    Review, ReviewHold, db)
from models.review import Decision, DeathType, PersonRole, ReviewStatus as S, ReviewType
from models.equality import MentalHealth, Sex, Vulnerability
from models.incident import CauseOfDeath
from models.learning import (Action, ActionStatus, Lesson, Recommendation, RecommendationScope,
                             Theme)
from models.review_hold import HoldReason
from world import HEALTH_AGENCY, POLICE_AGENCY

TODAY = date(2010, 12, 31)
YEAR = {"notified_from": "2010-01-01", "notified_to": "2010-12-31"}

REVIEWS = {  # reference: (notified, decision, decided on, status)
    "FX-1": (date(2010, 1, 31), Decision.commission, date(2010, 2, 28), S.published),
    "FX-2": (date(2010, 1, 31), Decision.commission, date(2010, 3, 1), S.submitted_to_home_office),
    "FX-3": (date(2010, 3, 31), Decision.pending, None, S.decision_pending),
    "FX-4": (date(2010, 12, 10), Decision.pending, None, S.notified),
    "FX-5": (date(2010, 9, 1), Decision.commission, date(2010, 9, 20), S.analysis_and_drafting),
    "FX-6": (date(2010, 8, 1), Decision.commission, date(2010, 8, 20), S.scoping),
    "FX-7": (date(2010, 6, 1), Decision.commission, date(2010, 6, 25), S.on_hold),
    "FX-8": (date(2010, 4, 30), Decision.no_review, date(2010, 5, 31), S.not_commissioned),
}


def _agency(name):
    return db.session.scalar(select(Agency).where(Agency.name == name))


def build():
    """Add the eight reviews; returns {reference: id}."""
    made = {}
    for reference, (notified, decision, decided, status) in REVIEWS.items():
        review = Review(reference=reference, title=f"Fixture {reference}", notified_on=notified,
                        decision=decision, decision_on=decided, status=status,
                        review_type=ReviewType.joint_sar if reference == "FX-8"
                        else ReviewType.standalone,
                        death_type=DeathType.suicide if reference == "FX-8"
                        else DeathType.homicide)
        db.session.add(review)
        made[reference] = review
    one, two, five, six, seven = (made[r] for r in ("FX-1", "FX-2", "FX-5", "FX-6", "FX-7"))
    one.holds = [ReviewHold(reason=HoldReason.criminal_trial, started_on=date(2010, 3, 1),
                            ended_on=date(2010, 3, 11), status_before=S.scoping),
                 ReviewHold(reason=HoldReason.inquest, started_on=date(2010, 3, 5),
                            ended_on=date(2010, 3, 15), status_before=S.scoping)]
    seven.holds = [ReviewHold(reason=HoldReason.inquest, started_on=date(2010, 11, 1),
                              status_before=S.analysis_and_drafting)]
    one.submissions = [HomeOfficeSubmission(sent_on=date(2010, 9, 7))]
    two.submissions = [HomeOfficeSubmission(sent_on=date(2010, 9, 2))]
    police, health = _agency(POLICE_AGENCY), _agency(HEALTH_AGENCY)
    _request(one, police, FormType.involvement, date(2010, 3, 20), FormStatus.accepted,
             datetime(2010, 3, 25, 16, 30))
    _request(one, health, FormType.involvement, date(2010, 3, 20), FormStatus.accepted,
             datetime(2010, 3, 20, 23, 10))
    _request(five, police, FormType.imr, date(2010, 12, 1), FormStatus.in_progress)
    _request(five, health, FormType.imr, date(2011, 1, 15), FormStatus.sent)
    _request(six, police, FormType.involvement, date(2010, 12, 1), FormStatus.draft)
    one.people = [Person(role=PersonRole.victim, real_name="V One", sex=Sex.female, age=30),
                  Person(role=PersonRole.perpetrator, real_name="P One", sex=Sex.male, age=66)]
    two.people = [Person(role=PersonRole.victim, real_name="V Two", sex=Sex.female, age=19)]
    one.people[0].mental_health = [MentalHealth.depression, MentalHealth.anxiety]
    one.people[1].vulnerabilities = [Vulnerability.alcohol]
    one.ipv = one.coercive_control = two.ipv = True
    one.cause_of_death = CauseOfDeath.sharp_instrument
    _learning(one, two, five, police, health)
    db.session.commit()
    return {reference: review.id for reference, review in made.items()}


def _learning(one, two, five, police, health):
    """Lessons, recommendations and actions (counted by hand in test_dashboards_figures)."""
    first, second = Theme(name="FX theme A"), Theme(name="FX theme B")
    db.session.add_all([
        Lesson(review=one, text="L1", agency=police, themes=[first]),
        Lesson(review=one, text="L2", agency=police, themes=[first, second]),
        Lesson(review=two, text="L3", themes=[first]),
        Lesson(review=five, text="L4", agency=health)])
    local = Recommendation(review=one, text="R1", scope=RecommendationScope.local,
                           themes=[first])
    national = Recommendation(review=two, text="R2", scope=RecommendationScope.national,
                              themes=[first])
    other = Recommendation(review=two, text="R3", scope=RecommendationScope.local,
                           themes=[second])
    local.actions = [Action(action_to_take="A1", status=ActionStatus.complete,
                            target_date=date(2010, 10, 1)),
                     Action(action_to_take="A2", status=ActionStatus.on_track,
                            target_date=date(2010, 12, 1))]
    national.actions = [Action(action_to_take="A3", status=ActionStatus.overdue),
                        Action(action_to_take="A4", status=ActionStatus.not_started,
                               target_date=date(2011, 3, 1))]
    db.session.add_all([local, national, other])


def _request(review, agency, form_type, due, status, submitted=None):
    db.session.add(FormRequest(review=review, agency=agency, form_type=form_type, due_on=due,
                               status=status, submitted_at=submitted,
                               sent_at=None if status is FormStatus.draft else datetime(2010, 1, 1)))
