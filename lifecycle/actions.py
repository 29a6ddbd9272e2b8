"""The only code that changes a review's stage, holds, Home Office submissions and
publication. Each function checks first and raises ``Refused`` saying what is missing; it
changes the objects in memory only (the caller commits), so it is tested without a database.
Every stage change is kept as a ``ReviewStatusChange``."""
from datetime import date

from dates import day
from lifecycle import stages
from lifecycle.clocks import open_hold
from lifecycle.stages import not_future as _not_future
from models import (Decision, DevelopmentArea, HoldReason, HomeOfficeOutcome,
                    HomeOfficeSubmission, ReviewHold, ReviewStatus, ReviewStatusChange,
                    TargetDateChange)
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


def put_on_hold(review, reason, started_on, user=None, details=None, today=None,
                home_office_told_on=None, proceeding=None):
    """``proceeding``: the review's parallel proceeding causing the hold, if recorded."""
    today = today or date.today()
    reason = HoldReason(reason)
    missing = _told_problems(home_office_told_on, started_on, today)
    if proceeding is not None and proceeding not in review.proceedings:
        missing.append("a parallel proceeding of this review")
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
                                   started_on=started_on, status_before=review.status,
                                   home_office_told_on=home_office_told_on,
                                   proceeding=proceeding))
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


def record_outcome(review, outcome, outcome_on, feedback=None, today=None, panel_on=None,
                   letter_on=None, areas=()):
    """Only a review at "Submitted to Home Office" gets the Quality Assurance Panel's answer:
    "content to publish once listed changes are made" lists its areas for final development
    (one a line), each then tracked until done."""
    today = today or date.today()
    latest = stages.latest_submission(review)
    what = f"record the Home Office outcome for {review.reference}"
    _check(what, list(stages.outcome_missing(review)))
    outcome = HomeOfficeOutcome(outcome)
    areas = [line.strip() for line in areas if line and line.strip()]
    missing = _not_future(outcome_on, "an outcome date", today)
    missing += _not_future(panel_on, "a panel date", today)
    missing += _not_future(letter_on, "a letter date", today)
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
    _check(what, missing)
    latest.outcome = outcome
    latest.outcome_on = outcome_on
    latest.feedback = _clean(feedback)
    latest.panel_on, latest.letter_on = panel_on, letter_on
    latest.areas.extend(DevelopmentArea(description=text) for text in areas)


def attach_panel_letter(submission, letter, letter_on=None, today=None):
    """The panel's letter (``letter``: a file filestore already kept, with key, name and
    content_type) on its submission."""
    missing = [] if submission.outcome is not None else ["the panel's outcome first"]
    missing += _not_future(letter_on, "a letter date", today or date.today())
    _check("attach the panel's letter", missing)
    submission.letter_key, submission.letter_name = letter.key, letter.name
    submission.letter_type = letter.content_type
    if letter_on is not None:
        submission.letter_on = letter_on


def complete_area(area, done_on, today=None):
    """An area for final development is done (publication waits for every one)."""
    missing = _not_future(done_on, "a date done", today or date.today())
    if area.done_on is not None:
        missing.append(f"an open area (this one was done on {day(area.done_on)})")
    outcome_on = area.submission.outcome_on
    if outcome_on is not None and done_on < outcome_on:
        missing.append(f"a date done on or after the panel's outcome ({day(outcome_on)})")
    _check("mark the area for final development done", missing)
    area.done_on = done_on


def _told_problems(told_on, since, today):
    missing = _not_future(told_on, "a date the Home Office was told", today)
    if told_on is not None and since is not None and told_on < since:
        missing.append(f"a date the Home Office was told on or after {day(since)}")
    return missing


def record_home_office_told(review, told_on, today=None):
    """The date the Home Office was told of the decision (to commission or not)."""
    missing = [] if review.decision is not Decision.pending else ["a decision first"]
    missing += _told_problems(told_on, review.decision_on, today or date.today())
    if told_on is None:
        missing.append("the date the Home Office was told")
    _check(f"record when the Home Office was told about {review.reference}", missing)
    review.home_office_told_on = told_on


def record_hold_told(hold, told_on, today=None):
    """The date the Home Office was told a review went on hold."""
    missing = _told_problems(told_on, hold.started_on, today or date.today())
    if told_on is None:
        missing.append("the date the Home Office was told")
    _check("record when the Home Office was told of the hold", missing)
    hold.home_office_told_on = told_on


DIRECTABLE = frozenset({S.not_commissioned, S.closed})


def direct_commission(review, directed_on, letter, user=None, today=None):
    """The Home Office directs a review the CSP decided against (R (Charnwood BC) v SSHD
    [2025] EWHC 33 (Admin)): "not commissioned" (or closed after it) becomes "commissioned",
    with the direction's date and letter; the CSP's own reasons stay on record."""
    today = today or date.today()
    missing = []
    if review.status not in DIRECTABLE or review.decision is not Decision.no_review:
        missing.append(f"a decision not to review (this review is at “{review.status.label}”)")
    if directed_on is None:
        missing.append("the date of the Home Office's direction")
    else:
        missing += _not_future(directed_on, "a direction date", today)
        if review.decision_on is not None and directed_on < review.decision_on:
            missing.append(f"a direction date on or after the decision ({day(review.decision_on)})")
    if letter is None:
        missing.append("the Home Office's letter of direction")
    _check(f"commission {review.reference} by direction", missing)
    review.directed_on = directed_on
    review.direction_letter_key, review.direction_letter_name = letter.key, letter.name
    review.direction_letter_type = letter.content_type
    review.decision = Decision.commission
    review.home_office_told_on = None  # to be recorded again for the new decision
    _move(review, S.commissioned, user, f"Commissioned by Home Office direction of "
                                        f"{day(directed_on)}")


def set_target_date(review, target_date, reason, user=None, today=None):
    """The agreed target date (beside the statutory clock, which never moves), each change
    kept with its reason."""
    missing = []
    if not _clean(reason):
        missing.append("the reason for the target date")
    if target_date == review.target_date:
        missing.append("a different date (this is the target date already)")
    if target_date is not None and target_date < review.notified_on:
        missing.append(f"a target date after the notification ({day(review.notified_on)})")
    _check(f"set the target date of {review.reference}", missing)
    review.target_date_changes.append(TargetDateChange(
        from_date=review.target_date, to_date=target_date, reason=_clean(reason), changed_by=user,
        changed_at=utcnow()))
    review.target_date, review.target_date_reason = target_date, _clean(reason)


def record_copies_sent(review, library_sent_on=None, commissioner_sent_on=None, today=None):
    """After publication: the dates copies went to the Home Office DHR Library and to the
    Domestic Abuse Commissioner."""
    today = today or date.today()
    missing = [] if review.published_on else ["the publication first"]
    for on, what in ((library_sent_on, "a date sent to the Library"),
                     (commissioner_sent_on, "a date sent to the Commissioner")):
        missing += _not_future(on, what, today)
        if on is not None and review.published_on and on < review.published_on:
            missing.append(f"{what} on or after the publication ({day(review.published_on)})")
    _check(f"record the copies of {review.reference} sent", missing)
    review.library_sent_on = library_sent_on or review.library_sent_on
    review.commissioner_sent_on = commissioner_sent_on or review.commissioner_sent_on


def record_publication(review, published_on, publication_url, today=None):
    latest = stages.latest_submission(review)
    missing = list(stages.publication_missing(review))
    missing += _not_future(published_on, "a publication date", today or date.today())
    if not missing and latest.outcome_on and published_on < latest.outcome_on:
        missing.append(f"a publication date on or after the approval "
                       f"({day(latest.outcome_on)})")
    if not (_clean(publication_url) or "").lower().startswith(("https://", "http://")):
        missing.append("the link to the published report (starting https://)")
    _check(f"record the publication of {review.reference}", missing)
    review.published_on = published_on
    review.publication_url = publication_url.strip()
