"""Demo data: agencies, one account per role (TOTP already set up) and reviews in several
stages (one overdue, one on hold, one due soon), with chairs and panel members on different
reviews so that scoping can be seen."""
from datetime import date, datetime, time, timedelta

import pyotp
from flask_security import hash_password
from sqlalchemy import func, select

from hodata import demo as caseload
from agency_forms import demo as forms_demo
from meetings import demo as meetings_demo
from report import demo as report_demo
from chronology import demo as chronology_demo
from learning import demo as learning_demo
from auth import datastore, security
from lifecycle import actions
from lifecycle.clocks import add_months
from models import (Agency, HoldReason, MemberRole, Review, ReviewMember, ReviewStatus, RoleName,
                    Sector, User, db)

DEMO_PASSWORD = "demo-password-2026"

AGENCIES = [
    ("Northshire Police", Sector.police), ("Northshire NHS Foundation Trust", Sector.health),
    ("Northshire Mental Health Partnership", Sector.mental_health),
    ("Riverside GP Practice", Sector.gp), ("Northern Ambulance Service", Sector.ambulance),
    ("Probation Service North", Sector.probation), ("HMP Northgate", Sector.prison),
    ("Northshire Adult Social Care", Sector.adult_social_care),
    ("Northshire Children's Services", Sector.childrens_social_care),
    ("Northshire Homes", Sector.housing), ("Northshire Schools", Sector.education),
    ("Safe Haven Domestic Abuse Service", Sector.voluntary),
]

USERS = [
    ("admin@example.org", "Alex Admin", [RoleName.admin], None),
    ("manager@example.org", "Morgan Manager", [RoleName.review_manager], None),
    ("chair.a@example.org", "Casey Chair", [RoleName.chair], None),
    ("chair.b@example.org", "Jordan Chair", [RoleName.chair], None),
    ("panel.a@example.org", "Pat Panel", [RoleName.panel_member], None),
    ("panel.b@example.org", "Robin Panel", [RoleName.panel_member], None),
    ("police@example.org", "Sam Police", [RoleName.agency_user], "Northshire Police"),
    ("health@example.org", "Taylor Health", [RoleName.agency_user],
     "Northshire NHS Foundation Trust"),
    ("housing@example.org", "Drew Housing", [RoleName.agency_user], "Northshire Homes"),
    ("analyst@example.org", "Avery Analyst", [RoleName.analyst], None),
]

# reference, title, stage, notified days ago (None: set by the clock it demonstrates), members
REVIEWS = [
    ("DHR-2026-001", "Review concerning Adult A", ReviewStatus.information_gathering, 120,
     [("chair.a@example.org", MemberRole.chair), ("panel.a@example.org", MemberRole.panel_member)]),
    ("DHR-2026-002", "Review concerning Adult B", ReviewStatus.scoping, 60,  # on hold
     [("chair.a@example.org", MemberRole.chair)]),
    ("DHR-2026-003", "Review concerning Adult C", ReviewStatus.analysis_and_drafting, None,
     [("chair.b@example.org", MemberRole.chair), ("panel.b@example.org", MemberRole.panel_member)]),
    ("DHR-2026-004", "Notification: Adult D", ReviewStatus.notified, 5, []),
    ("DHR-2026-005", "Notification: Adult E", ReviewStatus.decision_pending, 40, []),  # overdue
    ("DHR-2025-011", "Review concerning Adult F", ReviewStatus.submitted_to_home_office, 300,
     [("chair.b@example.org", MemberRole.chair)]),
    ("DHR-2025-007", "Review concerning Adult G", ReviewStatus.published, 500, []),
    ("DHR-2025-009", "Notification: Adult H", ReviewStatus.not_commissioned, 90, []),
]
ON_HOLD = {"DHR-2026-002": (HoldReason.inquest, 20)}  # reason, days ago
DUE_SOON = {"DHR-2026-003": 10}  # completion due in this many days
DECISION_AFTER = 20  # days from notification to the decision, for decided reviews


def is_embedded(uri):
    return uri.startswith("sqlite")


def has_users():
    return db.session.scalar(select(func.count(User.id))) > 0


def current_code(b32_secret):
    return pyotp.TOTP(b32_secret).now()


def ensure_roles():
    for role in RoleName:
        datastore.find_or_create_role(name=role.name, description=role.label)
    db.session.flush()


def load(today=None):
    """Create the demo data and return the accounts (with their TOTP secrets in base32)."""
    today = today or date.today()
    ensure_roles()
    agencies = {name: Agency(name=name, sector=sector,
                             contact_email=f"dhr@{name.lower().replace(' ', '-')[:30]}.example.org")
                for name, sector in AGENCIES}
    db.session.add_all(agencies.values())
    accounts, users = [], {}
    for email, name, roles, agency in USERS:
        user, secret = create_user(email, name, [r.name for r in roles], agencies.get(agency))
        users[email] = user
        accounts.append({"email": email, "password": DEMO_PASSWORD, "roles": [r.name for r in roles],
                         "agency": agency, "totp_secret": secret, "name": name})
    for reference, title, stage, days_ago, members in REVIEWS:
        notified = _notified_on(reference, days_ago, today)
        review = Review(reference=reference, title=caseload.title(reference, title),
                        notified_on=notified, notifying_agency=agencies["Northshire Police"])
        caseload.incident(review, stage)  # death, its type and date, the Home Office's data
        review.members = [ReviewMember(user=users[e], role=role) for e, role in members]
        review.people = caseload.people(reference)
        _walk(review, stage, notified + timedelta(days=DECISION_AFTER), today)
        if reference in ON_HOLD:
            reason, hold_days_ago = ON_HOLD[reference]
            _hold(review, reason, today - timedelta(days=hold_days_ago), today)
        db.session.add(review)
    db.session.commit()
    forms_demo.load(today, users)
    caseload.load(today)
    meetings_demo.load(today)
    report_demo.load(today, users)
    chronology_demo.load(today)
    learning_demo.load(today)
    return accounts


def _notified_on(reference, days_ago, today):
    if reference in DUE_SOON:  # decided so that completion falls due in DUE_SOON days
        decided = add_months(today + timedelta(days=DUE_SOON[reference]), -6)
        return decided - timedelta(days=DECISION_AFTER)
    return today - timedelta(days=days_ago)


# The canonical path; demo reviews walk it through lifecycle.actions, as a user would.
PATH = [ReviewStatus.decision_pending, ReviewStatus.commissioned, ReviewStatus.scoping,
        ReviewStatus.information_gathering, ReviewStatus.analysis_and_drafting,
        ReviewStatus.panel_signoff, ReviewStatus.csp_signoff,
        ReviewStatus.submitted_to_home_office, ReviewStatus.approved,
        ReviewStatus.publication_pending, ReviewStatus.published]


def _stamp(review, day):
    review.status_changes[-1].changed_at = datetime.combine(day, time(10))


def _walk(review, stage, decided, today):
    """Bring a new review to ``stage`` with a full, dated stage history."""
    review.status = ReviewStatus.notified
    actions.record_creation(review)
    _stamp(review, review.notified_on)
    if stage is ReviewStatus.notified:
        return
    actions.change_status(review, ReviewStatus.decision_pending)
    _stamp(review, review.notified_on + timedelta(days=1))
    if stage is ReviewStatus.decision_pending:
        return
    if stage is ReviewStatus.not_commissioned:
        review.home_office_told_on = decided + timedelta(days=3)
        actions.change_status(review, stage, reason="The death does not meet the criteria for "
                              "a review.", decision_on=decided)
        return _stamp(review, decided)
    steps = PATH[1:PATH.index(stage) + 1]
    spacing = max((today - decided).days // (len(steps) + 1), 1)
    for number, step in enumerate(steps):
        day = decided + timedelta(days=number * spacing)
        _prepare(review, step, day, today)
        actions.change_status(review, step, decision_on=decided)
        _stamp(review, day)


def _prepare(review, step, day, today):
    """What a step needs first (see lifecycle.stages.REQUIREMENTS)."""
    if step is ReviewStatus.submitted_to_home_office:
        actions.record_submission(review, day, today=today)
    elif step is ReviewStatus.approved:
        actions.record_outcome(review, "adequate", day, "Adequate, with minor comments.",
                               today=today)
    elif step is ReviewStatus.published:
        actions.record_publication(review, day, "https://www.example.org/dhr/"
                                   + review.reference.lower())


def _hold(review, reason, started_on, today):
    actions.put_on_hold(review, reason, started_on, today=today)
    _stamp(review, started_on)


def create_user(email, name, role_names, agency=None, password=DEMO_PASSWORD):
    """An active user with TOTP already enrolled; returns (user, base32 secret)."""
    factory = security._totp_factory
    totp_secret = factory.generate_totp_secret()
    user = datastore.create_user(email=email, full_name=name, password=hash_password(password),
                                 roles=role_names, agency=agency, active=True)
    user.tf_totp_secret = totp_secret
    user.tf_primary_method = "authenticator"
    security.mf_recovery_codes_util.create_recovery_codes(user)
    return user, factory.get_totp_b32_key(totp_secret)
