"""E-mails about forms leave our secure system: they carry a link and a task, never the names
of people in a review (real names or pseudonyms) nor the circumstances."""
from datetime import date, timedelta

from sqlalchemy import select

from agency_forms import notification, workflow
from formtools import last_outbox_id, outbox
from agency_forms import chasing
from models import (Agency, DeathType, FormRequest, FormStatus, FormType, JusticeStatus, Person,
                    Review, User, db)
from world import MANAGER, ON_HOLD, POLICE


def people_names():
    names = set()
    for person in db.session.scalars(select(Person)):
        names |= {person.real_name, person.pseudonym} - {None}
    return names


def test_form_emails_carry_no_names(app):
    start = last_outbox_id(app)
    with app.app_context():
        manager = db.session.scalar(select(User).where(User.email == MANAGER))
        police = db.session.scalar(select(User).where(User.email == POLICE))
        agencies = db.session.scalars(select(Agency).limit(4)).all()
        review = db.session.scalar(select(Review).where(Review.reference == ON_HOLD))
        created = workflow.distribute(review, agencies, FormType.imr, manager,
                                      briefing="Adult B and Adult BB, born 1980 and 1978")
        for request in created:
            chasing.chase_now(request.id, manager.id)
            for offset in (-7, 1, 20):
                chasing.chase_request(request.id, request.due_on + timedelta(days=offset))
        submitted = db.session.scalar(select(FormRequest).where(
            FormRequest.status == FormStatus.submitted,
            FormRequest.form_type != FormType.initial_notification))
        workflow.decide(submitted, manager, accept=False, comment="Adult B's dates, please")
        notification.submit_notification({
            "victim_name": "Zara Quill", "date_of_death": date(2026, 1, 5),
            "place_of_death": "Flat 3, High Street", "death_type": DeathType.homicide,
            "circumstances": "Found by a neighbour", "suspect_name": "Yusuf Quill",
            "justice_status": JusticeStatus.charged, "notifier_name": "DS Taylor",
            "notifier_role": "Detective Sergeant", "notifier_email": "ds@example.org"},
            police.agency, police)
        db.session.commit()
        names = people_names() | {"Zara", "Quill", "Yusuf"}
    messages = outbox(app, start)
    kinds = {m.subject for m in messages}
    assert len(kinds) >= 5, kinds  # request, reminder, escalation, returned, notified
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        assert not [name for name in names if name in text], text
        assert "Adult B" not in text and "High Street" not in text and "neighbour" not in text
