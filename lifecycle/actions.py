"""The only code that changes a review's stage, holds, Home Office submissions and
publication. Each function checks first and raises ``Refused`` saying what is missing; it
changes the objects in memory only (the caller commits), so it is tested without a database.
Every stage change is kept as a ``ReviewStatusChange``."""
from datetime import date

from lifecycle import stages
from lifecycle.clocks import open_hold
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


def record_creation(review, user=None):
    """A new review starts at "Notified", awaiting the decision; its history starts here."""
    review.status = review.status or S.notified
    review.decision = review.decision or Decision.pending
    review.status_changes.append(ReviewStatusChange(
        from_status=None, to_status=review.status, user=user, reason="Review created",
        changed_at=utcnow()))


def change_status(review, target, user=None, reason=None, decision_on=None):
    """One step along the life cycle. For the decision steps, ``decision_on`` (if the review
    has no decision date yet) and ``reason`` (as the reasons for no review) are taken in."""
    target = S(target)
    if target in (S.commissioned, S.not_commissioned) and review.decision_on is None:
        review.decision_on = decision_on
    if target is S.not_commissioned and not _clean(review.decision_reasons):
        review.decision_reasons = _clean(reason)
    _check(f"move {review.reference} to “{target.label}”", stages.refusals(review, target))
    if target is S.commissioned:
        review.decision = Decision.commission
    elif target is S.not_commissioned:
        review.decision = Decision.no_review
    _move(review, target, user, reason)


def _not_future(day, what, today):
    return [f"{what} that is not in the future"] if day > today else []


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
        missing.append(f"a start date on or after the notification ({review.notified_on:%d %b %Y})")
    ended = [hold.ended_on for hold in review.holds if hold.ended_on is not None]
    if ended and started_on < max(ended):
        missing.append(f"a start date on or after the end of the previous hold "
                       f"({max(ended):%d %b %Y})")
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
                       f"({hold.started_on:%d %b %Y})")
    _check(f"take {review.reference} off hold", missing)
    hold.ended_on = ended_on
    _move(review, hold.status_before, user, reason or f"Off hold ({hold.reason.label})")


def record_submission(review, sent_on, today=None):
    today = today or date.today()
    latest = stages.latest_submission(review)
    missing = _not_future(sent_on, "a date sent", today)
    if review.decision is not Decision.commission:
        missing.append("a decision to commission the review")
    if latest is not None and latest.outcome is None:
        missing.append(f"the outcome of the submission sent on {latest.sent_on:%d %b %Y}")
    elif latest is not None and latest.outcome_on and sent_on < latest.outcome_on:
        missing.append(f"a date sent on or after the last outcome ({latest.outcome_on:%d %b %Y})")
    _check(f"record a Home Office submission for {review.reference}", missing)
    review.submissions.append(HomeOfficeSubmission(sent_on=sent_on))


def record_outcome(review, outcome, outcome_on, feedback=None, today=None):
    today = today or date.today()
    latest = stages.latest_submission(review)
    what = f"record the Home Office outcome for {review.reference}"
    if latest is None or latest.outcome is not None:
        _check(what, ["a submission awaiting its outcome"])
    missing = _not_future(outcome_on, "an outcome date", today)
    if outcome_on < latest.sent_on:
        missing.append(f"an outcome date on or after the date sent ({latest.sent_on:%d %b %Y})")
    _check(what, missing)
    latest.outcome = HomeOfficeOutcome(outcome)
    latest.outcome_on = outcome_on
    latest.feedback = _clean(feedback)


def record_publication(review, published_on, publication_url):
    latest = stages.latest_submission(review)
    missing = list(stages.approval_missing(review))
    if not missing and latest.outcome_on and published_on < latest.outcome_on:
        missing.append(f"a publication date on or after the approval "
                       f"({latest.outcome_on:%d %b %Y})")
    if not (_clean(publication_url) or "").lower().startswith(("https://", "http://")):
        missing.append("the link to the published report (starting https://)")
    _check(f"record the publication of {review.reference}", missing)
    review.published_on = published_on
    review.publication_url = publication_url.strip()
