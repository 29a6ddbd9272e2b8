"""The only code that changes a review's stage, holds, Home Office submissions and
publication. Each function checks first and raises ``Refused`` saying what is missing; it
changes the objects in memory only (the caller commits), so it is tested without a database.
Every stage change is kept as a ``ReviewStatusChange``."""
from datetime import date

from dates import day
from lifecycle import stages
from lifecycle.clocks import open_hold
from lifecycle.stages import not_future as _not_future
from models import (Decision, HoldReason, HomeOfficeOutcome, HomeOfficeSubmission,
                    ReviewHold, ReviewStatus, ReviewStatusChange)
from models.mixins import utcnow

S = ReviewStatus


class Refused(Exception):
    """A step the review is not ready for; ``str()`` says what is missing."""


def _check(what, missing):
    if missing:
        raise Refused(stages.refusal_message(what, missing))


def _clean(text):
    return (text or "").strip() or None


def _move(review, target, user, reason):
    review.status_changes.append(ReviewStatusChange(
        from_status=review.status, to_status=target, user=user, reason=_clean(reason),
        changed_at=utcnow()))
    review.status = target


def check_dates(review, today=None):
    """The dates typed into a review (its form, a notification) before they are kept:
    nothing that happened lies in the future, nor a notification before the death."""
    _check(f"save {review.reference or 'the review'}",
           stages.date_problems(review, today or date.today()))


def record_creation(review, user=None, today=None):
    """A new review starts at "Notified", awaiting the decision; its history starts here."""
    check_dates(review, today)
    review.status = review.status or S.notified
    review.decision = review.decision or Decision.pending
    review.status_changes.append(ReviewStatusChange(
        from_status=None, to_status=review.status, user=user, reason="Review created",
        changed_at=utcnow()))


def change_status(review, target, user=None, reason=None, decision_on=None, today=None):
    """One step along the life cycle. For the decision steps, ``decision_on`` (if the review
    has no decision date yet) and ``reason`` (as the reasons for no review) are taken in;
    nothing is kept when the step is refused."""
    target = S(target)
    deciding = target in (S.commissioned, S.not_commissioned)
    taken = (review.decision_on, review.decision_reasons)
    if deciding and review.decision_on is None:
        review.decision_on = decision_on
    if target is S.not_commissioned and not _clean(review.decision_reasons):
        review.decision_reasons = _clean(reason)
    missing = stages.refusals(review, target)
    if deciding:
        missing += _not_future(review.decision_on, "a decision date", today or date.today())
    if missing:
        review.decision_on, review.decision_reasons = taken
    _check(f"move {review.reference} to “{target.label}”", missing)
    if target is S.commissioned:
        review.decision = Decision.commission
    elif target is S.not_commissioned:
        review.decision = Decision.no_review
    _move(review, target, user, reason)


def put_on_hold(review, reason, started_on, user=None, details=None, today=None):
    today = today or date.today()
    reason = HoldReason(reason)
    missing = []
    if review.status is S.on_hold:
        missing.append("nothing: the review is already on hold")
    elif review.status not in stages.HOLDABLE:
        missing.append(f"an active stage (a review at “{review.status.label}” cannot be "
                       "put on hold)")
    missing += _not_future(started_on, "a start date", today)
    if started_on < review.notified_on:
        missing.append(f"a start date on or after the notification ({day(review.notified_on)})")
    ended = [hold.ended_on for hold in review.holds if hold.ended_on is not None]
    if ended and started_on < max(ended):
        missing.append(f"a start date on or after the end of the previous hold "
                       f"({day(max(ended))})")
    _check(f"put {review.reference} on hold", missing)
    review.holds.append(ReviewHold(reason=reason, details=_clean(details),
                                   started_on=started_on, status_before=review.status))
    _move(review, S.on_hold, user, reason.label + (f": {details.strip()}" if _clean(details)
                                                   else ""))


def take_off_hold(review, ended_on, user=None, reason=None, today=None):
    """Ends the open hold; the review returns to the stage it was paused at."""
    today = today or date.today()
    hold = open_hold(review)
    if hold is None:
        _check(f"take {review.reference} off hold", ["a hold: the review is not on hold"])
    missing = _not_future(ended_on, "an end date", today)
    if ended_on < hold.started_on:
        missing.append(f"an end date on or after the start of the hold "
                       f"({day(hold.started_on)})")
    _check(f"take {review.reference} off hold", missing)
    hold.ended_on = ended_on
    _move(review, hold.status_before, user, reason or f"Off hold ({hold.reason.label})")


def record_submission(review, sent_on, today=None):
    """Only a review at CSP sign-off (never on hold) goes to the Home Office."""
    today = today or date.today()
    latest = stages.latest_submission(review)
    missing = list(stages.submission_missing(review)) + _not_future(sent_on, "a date sent", today)
    if latest is not None and latest.outcome_on and sent_on < latest.outcome_on:
        missing.append(f"a date sent on or after the last outcome ({day(latest.outcome_on)})")
    if review.decision_on is not None and sent_on < review.decision_on:
        missing.append(f"a date sent on or after the decision ({day(review.decision_on)})")
    _check(f"record a Home Office submission for {review.reference}", missing)
    review.submissions.append(HomeOfficeSubmission(sent_on=sent_on))


def record_outcome(review, outcome, outcome_on, feedback=None, today=None):
    """Only a review at "Submitted to Home Office" gets the Home Office's answer."""
    today = today or date.today()
    latest = stages.latest_submission(review)
    what = f"record the Home Office outcome for {review.reference}"
    _check(what, list(stages.outcome_missing(review)))
    missing = _not_future(outcome_on, "an outcome date", today)
    if outcome_on < latest.sent_on:
        missing.append(f"an outcome date on or after the date sent ({day(latest.sent_on)})")
    _check(what, missing)
    latest.outcome = HomeOfficeOutcome(outcome)
    latest.outcome_on = outcome_on
    latest.feedback = _clean(feedback)


def record_publication(review, published_on, publication_url, today=None):
    latest = stages.latest_submission(review)
    missing = list(stages.approval_missing(review))
    missing += _not_future(published_on, "a publication date", today or date.today())
    if not missing and latest.outcome_on and published_on < latest.outcome_on:
        missing.append(f"a publication date on or after the approval "
                       f"({day(latest.outcome_on)})")
    if not (_clean(publication_url) or "").lower().startswith(("https://", "http://")):
        missing.append("the link to the published report (starting https://)")
    _check(f"record the publication of {review.reference}", missing)
    review.published_on = published_on
    review.publication_url = publication_url.strip()
