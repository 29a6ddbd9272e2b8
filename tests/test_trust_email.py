"""Issue 7 section 5: every e-mail body is a template under templates/email/, rendered through
mailer.render, with links only from PUBLIC_URL; none of them can carry a person's real name,
date of birth or address, whatever request or review of the demo world it is written for."""
import re
from datetime import date

import pytest
from sqlalchemy import select

import dates
import mailer
from conftest import ROOT
from lifecycle.clocks import clocks
from lifecycle.deadlines import periods
from models import FormRequest, Person, db

PUBLIC = "https://dhr.example.org"
TEMPLATES = sorted(p.stem for p in (ROOT / "templates" / "email").glob("*.txt")
                   if not p.name.startswith("_"))
LINK = re.compile(r"https?://[^\s]+")


@pytest.fixture
def app_config():
    return {"SERVER_NAME_FOR_LINKS": PUBLIC}


def forms_of_dates(value):
    return {value.isoformat(), f"{value:%d/%m/%Y}", f"{value:%d %B %Y}", f"{value:%d %b %Y}",
            dates.day(value), f"{value.day} {value:%B %Y}"}


def secrets_of(people):
    """What must never leave in a mail: each person's real name (and its parts) and dates of
    birth, and addresses where the model has them."""
    found = set()
    for person in people:
        found.add(person.real_name)
        found |= {part for part in person.real_name.split() if part.isalpha() and len(part) > 2}
        if person.date_of_birth:
            found |= forms_of_dates(person.date_of_birth)
        for field in ("address", "home_address", "postcode"):
            if getattr(person, field, None):
                found.add(getattr(person, field))
    return found


# Written about a form request or a review's clock: rendered below for every request of the
# demo world.
FORM_TEMPLATES = ["deadline_reminder", "form_escalation", "form_overdue", "form_reminder",
                  "form_returned", "form_sent", "notification_received"]
# Written about a capability's own rows; each is rendered and checked for names by its tests:
# test_learning_exports (actions), test_meetings_* (meetings, papers, minutes),
# test_report_pages (feedback rounds).
CAPABILITY_TEMPLATES = ["action_overdue_chair", "action_reminder", "meeting_cancelled",
                        "meeting_changed", "meeting_invitation", "minutes_circulated",
                        "paper_missing", "report_feedback_reminder"]


def test_every_template_is_used_and_has_subject_and_body():
    assert TEMPLATES == sorted(FORM_TEMPLATES + CAPABILITY_TEMPLATES)


def test_no_email_template_carries_a_persons_details(app):
    with app.app_context():
        people = db.session.scalars(select(Person)).all()
        assert people, "the demo world has people in its reviews"
        secret = secrets_of(people)
        requests = db.session.scalars(select(FormRequest)).all()
        rendered = 0
        for request in requests:
            review = request.review
            review_clocks = clocks(review, date.today(), periods())
            for name in FORM_TEMPLATES:
                for clock in review_clocks or [None]:
                    if clock is None and name == "deadline_reminder":
                        continue
                    subject, body = mailer.render(
                        name, request=request, review=review, agency=request.agency,
                        overdue_days=3, clock=clock, state="3 days left", missed=False)
                    text = f"{subject}\n{body}"
                    assert subject and body.strip(), name
                    leaked = [s for s in secret if s in text]
                    assert not leaked, (name, review.reference, leaked)
                    links = LINK.findall(text)
                    assert links and all(l.startswith(PUBLIC + "/") for l in links), links
                    rendered += 1
    assert rendered >= len(FORM_TEMPLATES) * len(requests) - len(requests)


def test_a_template_missing_a_value_is_an_error_not_a_blank(app):
    from jinja2 import UndefinedError
    with app.app_context():
        request = db.session.scalars(select(FormRequest)).first()
        with pytest.raises(UndefinedError):
            mailer.render("form_overdue", request=request)  # no overdue_days


def test_dates_in_mails_read_as_people_write_them(app):
    with app.app_context():
        request = db.session.scalars(select(FormRequest).where(
            FormRequest.due_on.is_not(None))).first()
        _, body = mailer.render("form_sent", request=request)
    assert f"It is due on {request.due_on.day} {request.due_on:%b %Y}." in body
