"""Demo form requests: every status, several agencies, tasks for the demo agency users
(police@, health@, housing@example.org), relative to today and deterministic."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from agency_forms import answers
from agency_forms.briefing import default_briefing
from models import (Agency, Answer, Sex, DeathType, FormReminder, FormRequest, FormStatus, FormType,
                    FormVersion, IMRAnalysis, JusticeStatus, ReminderKind, Review,
                    TermOfReference, VersionOutcome, db)

TERMS = (
    "What did your agency know about domestic abuse in the relationship, and how did it respond?",
    "How well did your agency assess risk and share information with other agencies?",
    "Were there barriers to the victim seeking help, including equality and diversity factors?",
)
POLICE, HEALTH, HOUSING = "Northshire Police", "Northshire NHS Foundation Trust", "Northshire Homes"
MENTAL_HEALTH, GP = "Northshire Mental Health Partnership", "Riverside GP Practice"
PROBATION, CHILDREN = "Probation Service North", "Northshire Children's Services"

# review, form type, agency, status, due in days (negative: overdue), versions' outcomes
REQUESTS = [
    ("DHR-2026-001", FormType.involvement, POLICE, FormStatus.accepted, -70, ["accepted"]),
    ("DHR-2026-001", FormType.involvement, HEALTH, FormStatus.accepted, -70, ["accepted"]),
    ("DHR-2026-001", FormType.involvement, HOUSING, FormStatus.accepted, -70, ["accepted"]),
    ("DHR-2026-001", FormType.involvement, GP, FormStatus.accepted, -70, ["accepted"]),
    ("DHR-2026-001", FormType.imr, POLICE, FormStatus.in_progress, 20, []),
    ("DHR-2026-001", FormType.imr, HEALTH, FormStatus.submitted, 5, ["pending"]),
    ("DHR-2026-001", FormType.imr, HOUSING, FormStatus.sent, -3, []),
    ("DHR-2026-001", FormType.imr, MENTAL_HEALTH, FormStatus.returned, 10, ["returned"]),
    ("DHR-2026-001", FormType.imr, GP, FormStatus.accepted, -2, ["accepted"]),
    ("DHR-2026-002", FormType.involvement, POLICE, FormStatus.sent, 14, []),
    ("DHR-2026-002", FormType.involvement, HEALTH, FormStatus.in_progress, 10, []),
    ("DHR-2026-002", FormType.involvement, HOUSING, FormStatus.submitted, 10, ["pending"]),
    ("DHR-2026-002", FormType.involvement, PROBATION, FormStatus.draft, 21, []),
    ("DHR-2026-002", FormType.involvement, CHILDREN, FormStatus.sent, -16, []),
    ("DHR-2026-003", FormType.imr, POLICE, FormStatus.accepted, -40, ["accepted"]),
    ("DHR-2026-003", FormType.imr, HEALTH, FormStatus.accepted, -40, ["accepted"]),
    ("DHR-2026-003", FormType.imr, HOUSING, FormStatus.accepted, -40, ["returned", "accepted"]),
    ("DHR-2026-004", FormType.initial_notification, POLICE, FormStatus.submitted, None,
     ["pending"]),
]
def load(today, users):
    """Add terms of reference and form requests to the demo reviews loaded by demo.load()."""
    agencies = {a.name: a for a in db.session.scalars(select(Agency))}
    for agency in agencies.values():
        agency.senior_contact_email = agency.senior_contact_email or agency.contact_email.replace(
            "dhr@", "director@")
    reviews = {r.reference: r for r in db.session.scalars(select(Review))}
    manager = users["manager@example.org"]
    for reference in ("DHR-2026-001", "DHR-2026-002", "DHR-2026-003"):
        reviews[reference].terms_of_reference = [TermOfReference(position=n, text=text)
                                                for n, text in enumerate(TERMS, start=1)]
    db.session.flush()
    agency_users = {u.agency_id: u for u in users.values() if u.agency_id}
    for reference, form_type, agency_name, status, due_in, outcomes in REQUESTS:
        agency = agencies[agency_name]
        request = _request(reviews[reference], agency, form_type, status, today, due_in, manager)
        author = agency_users.get(agency.id)
        if status is not FormStatus.draft and status is not FormStatus.sent:
            _answer(request, author)
        for number, outcome in enumerate(outcomes, start=1):
            _version(request, number, VersionOutcome[outcome], author, manager, today)
        _reminders(request, today)
    db.session.commit()


def _request(review, agency, form_type, status, today, due_in, manager):
    sent = status is not FormStatus.draft
    request = FormRequest(
        review=review, agency=agency, form_type=form_type, status=status,
        due_on=today + timedelta(days=due_in) if due_in is not None else None,
        briefing=default_briefing(review),
        sent_by=manager if sent else None,
        sent_at=_at(today - timedelta(days=30)) if sent else None)
    db.session.add(request)
    db.session.flush()
    return request


def _answer(request, author):
    """Plausible answers for every question (and declaration) of the request's form."""
    row = answers.answers_for(request, create=True)
    for question in row.QUESTIONS:
        setattr(row, question.key, _sample(question, request))
    for term in answers.terms_for(request):
        db.session.add(IMRAnalysis(request=request, term=term, answer=(
            f"{request.agency.name}'s analysis against term {term.position}: what was known, "
            "what was done, and what should have been done differently.")))
    if request.form_type is not FormType.initial_notification:
        request.declaration_name = author.full_name if author else "Robin Lead"
        request.declaration_role = "Safeguarding lead"
        request.senior_signoff_name = "A. Director"
        request.senior_signoff_role = "Director of Operations"
        request.declaration_confirmed = True
    db.session.flush()


def _sample(question, request):
    if question.kind == "choice":
        fixed = {Answer: Answer.yes, DeathType: DeathType.homicide,
                 JusticeStatus: JusticeStatus.charged, Sex: Sex.female}
        return fixed.get(question.choices, list(question.choices)[0])
    if question.kind == "date":
        return request.review.date_of_death
    if question.kind == "int":
        return 34
    if question.key == "victim_name":
        return f"Victim of {request.review.reference}"
    if question.key == "suspect_name":
        return f"Perpetrator of {request.review.reference}"
    fixed = {"notifier_email": "duty.inspector@northshire-police.example.org",
             "notifier_phone": "01632 960000"}
    if question.key in fixed:
        return fixed[question.key]
    return f"{question.label}: answer from {request.agency.name}."


def _version(request, number, outcome, author, manager, today):
    submitted = _at(today - timedelta(days=12 - 4 * number))
    decided = outcome is not VersionOutcome.pending
    comment = ("Please add the dates of the contacts in 2025 and the risk assessment levels."
               if outcome is VersionOutcome.returned else None)
    db.session.add(FormVersion(
        request=request, number=number, data=answers.snapshot(request), submitted_by=author,
        submitted_at=submitted, outcome=outcome, decided_by=manager if decided else None,
        decided_at=submitted + timedelta(days=2) if decided else None, comment=comment))
    request.submitted_by, request.submitted_at = author, submitted
    if decided:
        request.decided_by, request.decided_at = manager, submitted + timedelta(days=2)
        request.decision_comment = comment
    db.session.flush()


def _reminders(request, today):
    """Overdue requests show the chasing that already happened."""
    overdue = request.days_overdue(today)
    if not overdue:
        return
    for days_before in (7, 2):
        db.session.add(FormReminder(request=request, kind=ReminderKind.before_due,
                                    sent_on=request.due_on - timedelta(days=days_before)))
    db.session.add(FormReminder(request=request, kind=ReminderKind.overdue,
                                sent_on=request.due_on + timedelta(days=1)))
    if overdue >= 14:
        db.session.add(FormReminder(request=request, kind=ReminderKind.escalation,
                                    sent_on=request.due_on + timedelta(days=14)))


def _at(day):
    return datetime.combine(day, time(10, 0))

