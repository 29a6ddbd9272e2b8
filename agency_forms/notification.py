"""An initial notification of a death opens a review in the ``notified`` stage: the review, the
people named, the notification itself (a submitted form request of the notifying agency) and
an e-mail to the review managers."""
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from agency_forms import answers, mail
from agency_forms.fields import posted_answers
from agency_forms.workflow import Incomplete
from lifecycle import actions
from models import (FormRequest, FormStatus, FormType, FormVersion, NotificationForm, Person,
                    PersonRole, Review, ReviewStatus, ReviewType, db)
from models.mixins import utcnow

ATTEMPTS = 3  # two people notifying at the same moment may compute the same reference


def next_reference(year):
    prefix = f"{current_app.config['REFERENCE_PREFIX']}-{year}-"
    references = db.session.scalars(select(Review.reference).where(
        Review.reference.like(prefix + "%")))
    numbers = [int(ref[len(prefix):]) for ref in references if ref[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def submit_notification(values, agency, user, today=None, notified_on=None):
    """Create the review from the notification's answers; returns the new review.
    ``notified_on`` is the day the CSP was told (default today): it starts the decision
    clock. Dates are checked by the life cycle's rules (``actions.Refused``) before anything
    is created."""
    gaps = NotificationForm.unanswered(values)
    if gaps:
        raise Incomplete(gaps)
    today = today or date.today()
    notified_on = notified_on or today
    actions.check_dates(Review(reference="the notification", notified_on=notified_on,
                               date_of_death=values.get("date_of_death")), today)
    for attempt in range(ATTEMPTS):
        try:  # a savepoint: a reference taken at the same moment undoes only this attempt
            with db.session.begin_nested():
                review, request = _build(values, agency, user, today, notified_on)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
            continue
        db.session.add(FormVersion(request=request, number=1, data=answers.snapshot(request),
                                   submitted_by=user, submitted_at=request.submitted_at))
        mail.death_notified(review, agency)
        db.session.flush()
        return review


@dataclass(frozen=True)
class Notified:
    """What came of a notification: the review it opened, or what stopped it, in words."""
    review: Review | None = None
    problem: str | None = None


def notify(form, agency, user):
    """The portal's and the admin's notification (``form``: ``fields.notification_form``,
    validated) from ``agency``: the review it opened, or the problem."""
    try:
        review = submit_notification(posted_answers(form, NotificationForm.QUESTIONS), agency,
                                     user, notified_on=form.notified_on.data)
    except Incomplete as gaps:
        return Notified(problem="Still needed: " + "; ".join(gaps.gaps) + ".")
    except actions.Refused as refused:
        return Notified(problem=str(refused))
    return Notified(review=review)


def review_request(review):
    """The notification form request that opened ``review``."""
    return db.session.scalar(select(FormRequest).where(
        FormRequest.review_id == review.id,
        FormRequest.form_type == FormType.initial_notification))


def _build(values, agency, user, today, notified_on):
    now = utcnow()
    review = Review(reference=next_reference(today.year), title=f"Notification from {agency}",
                    review_type=ReviewType.standalone, status=ReviewStatus.notified,
                    notified_on=notified_on, date_of_death=values.get("date_of_death"),
                    death_type=values.get("death_type"), notifying_agency=agency)
    request = FormRequest(review=review, agency=agency, form_type=FormType.initial_notification,
                          status=FormStatus.submitted, sent_by=user, sent_at=now,
                          submitted_by=user, submitted_at=now)
    notification = NotificationForm(request=request)
    for question in NotificationForm.QUESTIONS:
        setattr(notification, question.key, answers.blank_to_none(values.get(question.key)))
    db.session.add_all([review, request, notification])
    review.people.append(Person(role=PersonRole.victim, real_name=values["victim_name"],
                                age=values.get("victim_age"), sex=values.get("victim_sex"),
                                date_of_birth=values.get("victim_date_of_birth")))
    if values.get("suspect_name"):
        review.people.append(Person(role=PersonRole.perpetrator,
                                    real_name=values["suspect_name"],
                                    age=values.get("suspect_age"), sex=values.get("suspect_sex"),
                                    relationship_to_victim=values.get("suspect_relationship")))
    return review, request
