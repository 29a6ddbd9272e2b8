"""The only code that changes a review's stage, holds, Home Office submissions and
publication (the Home Office's own records beside them are ``hodata.steps``). Each function checks first and raises ``Refused`` saying what is missing; it
changes the objects in memory only (the caller commits), so it is tested without a database.
Every stage change is kept as a ``ReviewStatusChange``."""
from datetime import date

from dates import day
from lifecycle import stages
from lifecycle.clocks import open_hold
from lifecycle.stages import not_future
from models import (Decision, DevelopmentArea, HoldReason, HomeOfficeOutcome,
                    HomeOfficeSubmission, ReviewHold, ReviewStatus, ReviewStatusChange)
from models.mixins import utcnow

S = ReviewStatus


class Refused(Exception):
    """A step the review is not ready for; ``str()`` says what is missing."""


def check(what, missing):
    if missing:
        raise Refused(stages.refusal_message(what, missing))


def clean(text):
    return (text or "").strip() or None


def move(review, target, user, reason):
    review.status_changes.append(ReviewStatusChange(
        from_status=review.status, to_status=target, user=user, reason=clean(reason),
        changed_at=utcnow()))
    review.status = target


def check_dates(review, today=None):
    """The dates typed into a review (its form, a notification) before they are kept:
    nothing that happened lies in the future, nor a notification before the death."""
    check(f"save {review.reference or 'the review'}",
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
    if target is S.not_commissioned and not clean(review.decision_reasons):
        review.decision_reasons = clean(reason)
    missing = stages.refusals(review, target)
    if deciding:
        missing += not_future(review.decision_on, "a decision date", today or date.today())
    if missing:
        review.decision_on, review.decision_reasons = taken
    check(f"move {review.reference} to “{target.label}”", missing)
    if target is S.commissioned:
        review.decision = Decision.commission
    elif target is S.not_commissioned:
        review.decision = Decision.no_review
    move(review, target, user, reason)


def told_problems(told_on, since, today):
    """What is wrong with the date the Home Office was told of something that began ``since``."""
    missing = not_future(told_on, "a date the Home Office was told", today)
    if told_on is not None and since is not None and told_on < since:
        missing.append(f"a date the Home Office was told on or after {day(since)}")
    return missing


def put_on_hold(review, reason, started_on, user=None, details=None, today=None,
                home_office_told_on=None, proceeding=None):
    """``proceeding``: the review's parallel proceeding causing the hold, if recorded."""
    today = today or date.today()
    reason = HoldReason(reason)
    missing = told_problems(home_office_told_on, started_on, today)
    if proceeding is not None and proceeding not in review.proceedings:
        missing.append("a parallel proceeding of this review")
    if review.status is S.on_hold:
        missing.append("nothing: the review is already on hold")
    elif review.status not in stages.HOLDABLE:
        missing.append(f"an active stage (a review at “{review.status.label}” cannot be "
                       "put on hold)")
    missing += not_future(started_on, "a start date", today)
    if started_on < review.notified_on:
        missing.append(f"a start date on or after the notification ({day(review.notified_on)})")
    ended = [hold.ended_on for hold in review.holds if hold.ended_on is not None]
    if ended and started_on < max(ended):
        missing.append(f"a start date on or after the end of the previous hold "
                       f"({day(max(ended))})")
    check(f"put {review.reference} on hold", missing)
    review.holds.append(ReviewHold(reason=reason, details=clean(details),
                                   started_on=started_on, status_before=review.status,
                                   home_office_told_on=home_office_told_on,
                                   proceeding=proceeding))
    move(review, S.on_hold, user, reason.label + (f": {details.strip()}" if clean(details)
                                                   else ""))


def take_off_hold(review, ended_on, user=None, reason=None, today=None):
    """Ends the open hold; the review returns to the stage it was paused at."""
    today = today or date.today()
    hold = open_hold(review)
    if hold is None:
        check(f"take {review.reference} off hold", ["a hold: the review is not on hold"])
    missing = not_future(ended_on, "an end date", today)
    if ended_on < hold.started_on:
        missing.append(f"an end date on or after the start of the hold "
                       f"({day(hold.started_on)})")
    check(f"take {review.reference} off hold", missing)
    hold.ended_on = ended_on
    move(review, hold.status_before, user, reason or f"Off hold ({hold.reason.label})")


def record_submission(review, sent_on, today=None):
    """Only a review at CSP sign-off (never on hold) goes to the Home Office."""
    today = today or date.today()
    latest = stages.latest_submission(review)
    missing = list(stages.submission_missing(review)) + not_future(sent_on, "a date sent", today)
    if latest is not None and latest.outcome_on and sent_on < latest.outcome_on:
        missing.append(f"a date sent on or after the last outcome ({day(latest.outcome_on)})")
    if review.decision_on is not None and sent_on < review.decision_on:
        missing.append(f"a date sent on or after the decision ({day(review.decision_on)})")
    check(f"record a Home Office submission for {review.reference}", missing)
    review.submissions.append(HomeOfficeSubmission(sent_on=sent_on))


def record_outcome(review, outcome, outcome_on, feedback=None, today=None, panel_on=None,
                   letter_on=None, areas=()):
    """Only a review at "Submitted to Home Office" gets the Quality Assurance Panel's answer:
    "content to publish once listed changes are made" lists its areas for final development
    (one a line), each then tracked until done."""
    today = today or date.today()
    latest = stages.latest_submission(review)
    what = f"record the Home Office outcome for {review.reference}"
    check(what, list(stages.outcome_missing(review)))
    outcome = HomeOfficeOutcome(outcome)
    areas = [line.strip() for line in areas if line and line.strip()]
    missing = not_future(outcome_on, "an outcome date", today)
    missing += not_future(panel_on, "a panel date", today)
    missing += not_future(letter_on, "a letter date", today)
    if outcome_on < latest.sent_on:
        missing.append(f"an outcome date on or after the date sent ({day(latest.sent_on)})")
    if panel_on is not None and panel_on < latest.sent_on:
        missing.append(f"a panel date on or after the date sent ({day(latest.sent_on)})")
    if panel_on is not None and letter_on is not None and letter_on < panel_on:
        missing.append(f"a letter date on or after the panel ({day(panel_on)})")
    if outcome is HomeOfficeOutcome.with_changes and not areas:
        missing.append("the areas for final development the panel listed (one a line)")
    if outcome is not HomeOfficeOutcome.with_changes and areas:
        missing.append("no areas for final development: only “"
                       f"{HomeOfficeOutcome.with_changes.label}” lists them")
    check(what, missing)
    latest.outcome = outcome
    latest.outcome_on = outcome_on
    latest.feedback = clean(feedback)
    latest.panel_on, latest.letter_on = panel_on, letter_on
    latest.areas.extend(DevelopmentArea(description=text) for text in areas)


def record_publication(review, published_on, publication_url, today=None):
    latest = stages.latest_submission(review)
    missing = list(stages.publication_missing(review))
    missing += not_future(published_on, "a publication date", today or date.today())
    if not missing and latest.outcome_on and published_on < latest.outcome_on:
        missing.append(f"a publication date on or after the approval "
                       f"({day(latest.outcome_on)})")
    if not (clean(publication_url) or "").lower().startswith(("https://", "http://")):
        missing.append("the link to the published report (starting https://)")
    check(f"record the publication of {review.reference}", missing)
    review.published_on = published_on
    review.publication_url = publication_url.strip()
