"""The demo reviews as a caseload looks (issue 14): about half intimate partner homicides, a
quarter familial, a quarter suicides following abuse, one victim in four male, a victim over
65, a parricide (an adult son and his mother), a joint review with a safeguarding adult review,
notifications a few days to a month after the death, and pseudonyms that read like names.
``demo.py`` builds each review's people from here; ``load`` adds the rest once the reviews
exist (incident, proceedings, agencies considered, family, target date)."""
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import select

from hodata import records
from models import (AgencyConsidered, Agency, CauseOfDeath, DeathLocation, DeathType,
                    Ethnicity, FamilyContact, MentalHealth, ParallelProceeding, Person,
                    PersonRole, ProceedingKind, Region, Relationship, Religion, Review,
                    ReviewStatus, ReviewType, Sex, SexualOrientation, Verdict, Vulnerability, db)

V, P = PersonRole.victim, PersonRole.perpetrator


class Someone(NamedTuple):
    role: PersonRole
    pseudonym: str | None
    age: int
    sex: Sex
    ethnicity: Ethnicity = Ethnicity.white_british
    relationship: Relationship | None = None  # victim → perpetrator, on the victim
    verdict: Verdict | None = None
    mental_health: tuple = ()
    vulnerabilities: tuple = ()


class Case(NamedTuple):
    death_type: DeathType
    cause: CauseOfDeath
    location: DeathLocation
    notified_after: int  # days from the death to the notification
    flags: tuple
    people: tuple
    review_type: ReviewType = ReviewType.standalone


CASES = {
    # A suicide following coercive control by an ex-partner.
    "DHR-2026-001": Case(DeathType.suicide, CauseOfDeath.other, DeathLocation.residential, 24,
                         ("ipv", "victim_suicide", "coercive_control", "emotional_abuse",
                          "economic_abuse", "separation", "stalking"), (
        Someone(V, "Hannah", 29, Sex.female, relationship=Relationship.ex_partner,
                mental_health=(MentalHealth.depression, MentalHealth.suicidal_thoughts)),
        Someone(P, "Daniel", 33, Sex.male, verdict=Verdict.not_charged,
                vulnerabilities=(Vulnerability.alcohol,)))),
    # A parricide: a son of 44 and his mother of 71, joint with a safeguarding adult review.
    "DHR-2026-002": Case(DeathType.homicide, CauseOfDeath.blunt_instrument,
                         DeathLocation.residential, 6, ("familial_homicide", "parricide",
                                                        "physical_abuse", "economic_abuse"), (
        Someone(V, "Margaret", 71, Sex.female, relationship=Relationship.parent,
                vulnerabilities=(Vulnerability.physical_disability,)),
        Someone(P, "Michael", 44, Sex.male, verdict=Verdict.ongoing,
                mental_health=(MentalHealth.psychosis,),
                vulnerabilities=(Vulnerability.substance_misuse, Vulnerability.housing))),
        ReviewType.joint_sar),
    "DHR-2026-003": Case(DeathType.homicide, CauseOfDeath.sharp_instrument,
                         DeathLocation.residential, 10, ("ipv", "coercive_control",
                                                         "physical_abuse", "children_present",
                                                         "separation"), (
        Someone(V, "Ruth", 34, Sex.female, relationship=Relationship.spouse,
                mental_health=(MentalHealth.anxiety,)),
        Someone(P, "Lee", 37, Sex.male, verdict=Verdict.ongoing))),
    # A male victim of his female partner; no pseudonym agreed yet.
    "DHR-2026-004": Case(DeathType.homicide, CauseOfDeath.sharp_instrument,
                         DeathLocation.residential, 3, ("ipv", "physical_abuse"), (
        Someone(V, None, 41, Sex.male, Ethnicity.black_caribbean,
                relationship=Relationship.partner),
        Someone(P, None, 38, Sex.female, Ethnicity.white_british))),
    # A homicide-suicide of a couple in their seventies.
    "DHR-2026-005": Case(DeathType.homicide_suicide, CauseOfDeath.manual_strangulation,
                         DeathLocation.residential, 12, ("ipv", "homicide_suicide",
                                                         "coercive_control"), (
        Someone(V, None, 76, Sex.female, relationship=Relationship.spouse,
                mental_health=(MentalHealth.dementia,)),
        Someone(P, None, 79, Sex.male, verdict=Verdict.not_charged))),
    # A gay man killed by his partner.
    "DHR-2025-011": Case(DeathType.homicide, CauseOfDeath.hitting_with_weapon,
                         DeathLocation.residential, 15, ("ipv", "physical_abuse",
                                                         "emotional_abuse"), (
        Someone(V, "Tom", 52, Sex.male, relationship=Relationship.cohabitant,
                vulnerabilities=(Vulnerability.alcohol,)),
        Someone(P, "Aaron", 45, Sex.male, verdict=Verdict.murder,
                mental_health=(MentalHealth.ptsd,)))),
    # A young woman killed by her brother: honour-based abuse.
    "DHR-2025-007": Case(DeathType.homicide, CauseOfDeath.ligature_strangulation,
                         DeathLocation.residential, 8, ("familial_homicide",
                                                        "honour_based_abuse", "forced_marriage",
                                                        "coercive_control"), (
        Someone(V, "Priya", 23, Sex.female, Ethnicity.asian_indian,
                relationship=Relationship.sibling),
        Someone(P, "Arjun", 27, Sex.male, Ethnicity.asian_indian, verdict=Verdict.murder))),
    # A suicide where no abuse came to light: no review.
    "DHR-2025-009": Case(DeathType.suicide, CauseOfDeath.other, DeathLocation.public_place, 30,
                         ("victim_suicide",), (
        Someone(V, None, 58, Sex.male, relationship=Relationship.unknown,
                mental_health=(MentalHealth.depression, MentalHealth.suicide_attempts)),)),
}
SEXUAL_ORIENTATION = {"Tom": SexualOrientation.gay_lesbian,
                      "Aaron": SexualOrientation.gay_lesbian}
RELIGION = {"Priya": Religion.sikh, "Arjun": Religion.sikh, "Margaret": Religion.christian}


def people(reference):
    """The review's people (real names stay obviously invented: never shown but to those who
    may read them)."""
    made = []
    for someone in CASES[reference].people:
        person = Person(role=someone.role, real_name=f"{someone.role.label} of {reference}",
                        pseudonym=someone.pseudonym, age=someone.age, sex=someone.sex,
                        ethnicity=someone.ethnicity,
                        relationship_to_perpetrator=someone.relationship,
                        verdict=someone.verdict,
                        sexual_orientation=SEXUAL_ORIENTATION.get(someone.pseudonym,
                                                                  SexualOrientation.heterosexual),
                        religion=RELIGION.get(someone.pseudonym, Religion.no_religion),
                        previous_offending=someone.role is P and someone.verdict is not None,
                        previous_victimisation=someone.role is V)
        person.mental_health = someone.mental_health
        person.vulnerabilities = someone.vulnerabilities
        made.append(person)
    return made


def title(reference, default):
    victim = CASES[reference].people[0].pseudonym
    return f"Review concerning {victim}" if victim and default.startswith("Review") else default


UNSCOPED = {ReviewStatus.notified, ReviewStatus.decision_pending, ReviewStatus.not_commissioned}
SCOPING_YEARS = 3


def incident(review, stage):
    """The incident's data on a new review (before its life cycle is walked), and for a
    commissioned review the terms of reference' scoping period."""
    case = CASES[review.reference]
    review.death_type, review.review_type = case.death_type, case.review_type
    review.date_of_death = review.notified_on - timedelta(days=case.notified_after)
    review.cause_of_death, review.location_of_death = case.cause, case.location
    review.police_force_area, review.region = "Northshire", Region.north_east
    review.victim_count = 1
    for flag in case.flags:
        setattr(review, flag, True)
    if stage not in UNSCOPED:
        death = review.date_of_death
        review.scoping_start = death.replace(year=death.year - SCOPING_YEARS, day=1)
        review.scoping_end = death


def load(today):
    """What the reviews gather as they go: proceedings (the hold naming its inquest), the
    agencies considered, family contacts, an agreed target date."""
    reviews = {r.reference: r for r in db.session.scalars(select(Review))}
    agencies = {a.name: a for a in db.session.scalars(select(Agency))}
    _proceedings(reviews, today)
    for reference in ("DHR-2026-001", "DHR-2026-002", "DHR-2026-003", "DHR-2025-011"):
        review = reviews[reference]
        review.agencies_considered = [
            AgencyConsidered(agency=agencies["Northshire Police"], asked=True),
            AgencyConsidered(agency=agencies["Riverside GP Practice"], asked=True),
            AgencyConsidered(agency=agencies["Northshire Schools"], asked=False,
                             reason_excluded="No children of school age in the household.")]
        review.family_contacts = [FamilyContact(
            name=f"Family contact of {reference}", relationship_to_victim="Sister",
            advocacy_offered_on=review.notified_on + timedelta(days=14),
            advocacy_offered_by="AAFDA", met_panel=reference != "DHR-2026-001",
            agreed_pseudonym=True, saw_draft=reference == "DHR-2025-011")]
    reviews["DHR-2025-007"].family_tribute = True
    records.set_target_date(reviews["DHR-2026-003"], today + timedelta(days=120),
                            "Agreed with the Home Office: the criminal trial is listed first")
    db.session.commit()


def _proceedings(reviews, today):
    held = reviews["DHR-2026-002"]
    inquest = ParallelProceeding(kind=ProceedingKind.inquest, details="Coroner's inquest opened "
                                 "and adjourned", started_on=held.date_of_death + timedelta(days=5),
                                 disclosure_limits="Chronologies not shared with the family "
                                                   "until the coroner agrees.")
    sar = ParallelProceeding(kind=ProceedingKind.sar, details="Joint safeguarding adult review",
                             started_on=held.notified_on + timedelta(days=21))
    held.proceedings.extend([inquest, sar])
    if held.holds:
        held.holds[-1].proceeding = inquest
        held.holds[-1].home_office_told_on = held.holds[-1].started_on + timedelta(days=2)
    reviews["DHR-2026-003"].proceedings.append(ParallelProceeding(
        kind=ProceedingKind.criminal_trial, details="Crown Court trial",
        started_on=today - timedelta(days=40), next_hearing_on=today + timedelta(days=60),
        disclosure_limits="No panel papers to the defence; the report waits for the verdict."))
