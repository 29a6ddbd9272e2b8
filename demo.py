"""Demo data: agencies, one account per role (TOTP already set up) and reviews in several
stages, with chairs and panel members on different reviews so that scoping can be seen."""
from datetime import date, timedelta

import pyotp
from flask_security import hash_password
from sqlalchemy import func, select

from agency_forms import demo as forms_demo
from auth import datastore, security
from models import (Agency, DeathType, Decision, MemberRole, Person, PersonRole, Review,
                    ReviewMember, ReviewStatus, ReviewType, Role, RoleName, Sector, User, db)

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

# reference, title, status, notified days ago, decision, members (email, role)
REVIEWS = [
    ("DHR-2026-001", "Review concerning Adult A", ReviewStatus.information_gathering, 120,
     Decision.commission, [("chair.a@example.org", MemberRole.chair),
                           ("panel.a@example.org", MemberRole.panel_member)]),
    ("DHR-2026-002", "Review concerning Adult B", ReviewStatus.scoping, 60, Decision.commission,
     [("chair.a@example.org", MemberRole.chair)]),
    ("DHR-2026-003", "Review concerning Adult C", ReviewStatus.analysis_and_drafting, 200,
     Decision.commission, [("chair.b@example.org", MemberRole.chair),
                           ("panel.b@example.org", MemberRole.panel_member)]),
    ("DHR-2026-004", "Notification: Adult D", ReviewStatus.notified, 5, Decision.pending, []),
    ("DHR-2026-005", "Notification: Adult E", ReviewStatus.decision_pending, 25,
     Decision.pending, []),
    ("DHR-2025-011", "Review concerning Adult F", ReviewStatus.submitted_to_home_office, 300,
     Decision.commission, [("chair.b@example.org", MemberRole.chair)]),
    ("DHR-2025-007", "Review concerning Adult G", ReviewStatus.published, 500,
     Decision.commission, []),
    ("DHR-2025-009", "Notification: Adult H", ReviewStatus.not_commissioned, 90,
     Decision.no_review, []),
]


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
    for reference, title, status, days_ago, decision, members in REVIEWS:
        notified = today - timedelta(days=days_ago)
        review = Review(reference=reference, title=title, status=status, notified_on=notified,
                        review_type=ReviewType.dhr, death_type=DeathType.homicide,
                        date_of_death=notified - timedelta(days=10),
                        notifying_agency=agencies["Northshire Police"], decision=decision,
                        decision_on=notified + timedelta(days=20)
                        if decision is not Decision.pending else None)
        review.members = [ReviewMember(user=users[e], role=role) for e, role in members]
        review.people = [
            Person(role=PersonRole.victim, real_name=f"Victim of {reference}",
                   pseudonym=f"Adult {title[-1]}", age=34, sex="Female"),
            Person(role=PersonRole.perpetrator, real_name=f"Perpetrator of {reference}",
                   pseudonym=f"Adult {title[-1]}{title[-1]}", age=37, sex="Male"),
        ]
        db.session.add(review)
    db.session.commit()
    forms_demo.load(today, users)
    return accounts


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
