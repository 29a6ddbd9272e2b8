"""Demo learning: lessons and recommendations on several reviews, actions in every status
(led by the demo agencies, so their users have actions to update), and one recommendation of
DHR-2026-003 that repeats one of the published review DHR-2025-007."""
from datetime import timedelta

from sqlalchemy import select

import learning
from learning import similar
from models import (ActionStatus, Agency, LessonSource, RecommendationScope, Review, Theme,
                    User, db)

POLICE, HEALTH, HOUSING = "Northshire Police", "Northshire NHS Foundation Trust", "Northshire Homes"
GP, SAFE_HAVEN = "Riverside GP Practice", "Safe Haven Domestic Abuse Service"
DASH = "Risk assessment (including DASH)"
SHARING = "Information sharing"
CURIOSITY = "Professional curiosity and routine enquiry"

# review: [(lesson text, source, agency, themes)]
LESSONS = {
    "DHR-2025-007": [
        ("Officers attending three call-outs did not complete a DASH risk assessment, so the "
         "escalating risk was never scored.", LessonSource.imr, POLICE, [DASH]),
        ("The GP practice did not ask about domestic abuse when the victim presented with "
         "injuries.", LessonSource.imr, GP, [CURIOSITY]),
    ],
    "DHR-2026-001": [
        ("Housing knew of rent arrears caused by the perpetrator's control of money but did "
         "not recognise it as economic abuse.", LessonSource.panel_meeting, HOUSING,
         ["Economic abuse", "Housing"]),
        ("Information held by health visitors was not shared with the MARAC.",
         LessonSource.chronology, HEALTH, [SHARING, "Multi-agency working and MARAC"]),
    ],
    "DHR-2026-003": [
        ("A DASH risk assessment was not completed after the reported strangulation.",
         LessonSource.imr, POLICE, [DASH, "Non-fatal strangulation"]),
    ],
}

# review: [(text, scope, agencies, national bodies, themes, [(action, lead, due in, status)])]
RECOMMENDATIONS = {
    "DHR-2025-007": [
        ("Northshire Police should ensure that a DASH risk assessment is completed at every "
         "domestic abuse incident, and audit compliance quarterly.", RecommendationScope.local,
         [POLICE], "", [DASH],
         [("Issue a force-wide briefing and add DASH completion to the supervisor checklist",
           POLICE, -120, ActionStatus.complete)]),
        ("GP practices should routinely ask about domestic abuse when patients present with "
         "unexplained injuries.", RecommendationScope.local, [GP], "", [CURIOSITY],
         [("Deliver IRIS training to every practice", GP, -30, ActionStatus.overdue)]),
    ],
    "DHR-2026-001": [
        ("Northshire Homes should train tenancy officers to recognise economic abuse behind "
         "rent arrears.", RecommendationScope.local, [HOUSING], "", ["Economic abuse"],
         [("Run economic abuse training for all tenancy officers", HOUSING, 45,
           ActionStatus.on_track),
          ("Add an economic abuse prompt to the arrears procedure", HOUSING, 10,
           ActionStatus.at_risk)]),
        ("Agencies should share information with the MARAC whenever a referral is made, and "
         "the Home Office should publish guidance on it.", RecommendationScope.national,
         [HEALTH, POLICE], "Home Office", [SHARING],
         [("Agree an information-sharing protocol for MARAC referrals", HEALTH, 90,
           ActionStatus.not_started),
          ("Record every MARAC referral on the force system", POLICE, -5,
           ActionStatus.overdue)]),
    ],
    "DHR-2026-003": [
        # Repeats DHR-2025-007's first recommendation, reworded.
        ("The police must make sure officers complete the DASH risk assessment at each domestic "
         "abuse call-out, with regular audits of compliance.", RecommendationScope.local,
         [POLICE], "", [DASH, "Non-fatal strangulation"],
         [("Refresh DASH training, including non-fatal strangulation", POLICE, 30,
           ActionStatus.on_track)]),
    ],
}
OUTCOME = "Briefing issued to every officer; the audit found DASH completed in 96% of incidents."


def load(today):
    learning.ensure_themes()
    agencies = {a.name: a for a in db.session.scalars(select(Agency))}
    themes = {t.name: t for t in db.session.scalars(select(Theme))}
    reviews = {r.reference: r for r in db.session.scalars(select(Review))}
    manager = db.session.scalar(select(User).where(User.email == "manager@example.org"))
    owners = {u.agency_id: u for u in db.session.scalars(select(User).where(
        User.agency_id.is_not(None)))}
    for reference, lessons in LESSONS.items():
        for text, source, agency, names in lessons:
            learning.add_lesson(reviews[reference], text, source, manager, agencies[agency],
                                themes=[themes[n] for n in names])
    for reference, recommendations in RECOMMENDATIONS.items():
        review = reviews[reference]
        for text, scope, addressed, bodies, names, actions in recommendations:
            recommendation = learning.add_recommendation(
                review, text, scope, agencies=[agencies[a] for a in addressed],
                national_bodies=bodies, themes=[themes[n] for n in names],
                lessons=[lesson for lesson in review.lessons
                         if set(names) & {t.name for t in lesson.themes}])
            for what, lead, due_in, status in actions:
                lead_agency = agencies[lead]
                learning.add_action(
                    recommendation, what, lead_agency, owner=owners.get(lead_agency.id),
                    target_date=today + timedelta(days=due_in), status=status,
                    key_milestones="Plan agreed by the agency's board",
                    outcome=OUTCOME if status is ActionStatus.complete else None,
                    completed_on=today - timedelta(days=130)
                    if status is ActionStatus.complete else None)
    db.session.commit()
    for kind, model in similar.MODELS.items():
        ids = db.session.scalars(select(model.id)).all()
        if ids:
            similar.embed_rows(kind, *ids)
    db.session.commit()
