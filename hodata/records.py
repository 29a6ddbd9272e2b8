"""The Home Office's records beside a review's stages: when the Home Office was told (of the
decision, of a hold), its direction to review, the agreed target date and its history, the QA
Panel's letter and areas for final development, and the copies sent after publication. Like
``lifecycle.actions``: each checks first and raises ``Refused`` saying what is missing, and
changes the objects in memory only (the caller commits)."""
from datetime import date

from dates import day
from lifecycle.actions import check, clean, move, told_problems
from lifecycle.stages import not_future
from models import Decision, INCIDENT_FLAGS, ReviewStatus, TargetDateChange
from models.mixins import utcnow

S = ReviewStatus


def flags_of(review):
    """The labels of the incident's flags that are set."""
    return [label for name, label in INCIDENT_FLAGS if getattr(review, name)]


def prompts(review):
    """Dates the Home Office expects that are not recorded yet (shown in "what happens
    next")."""
    due = []
    if review.decision is not Decision.pending and review.home_office_told_on is None:
        due.append("told")
    if any(hold.home_office_told_on is None for hold in review.holds):
        due.append("hold_told")
    return due


def attach_panel_letter(submission, letter, letter_on=None, today=None):
    """The panel's letter (``letter``: a file filestore already kept, with key, name and
    content_type) on its submission."""
    missing = [] if submission.outcome is not None else ["the panel's outcome first"]
    missing += not_future(letter_on, "a letter date", today or date.today())
    check("attach the panel's letter", missing)
    submission.letter_key, submission.letter_name = letter.key, letter.name
    submission.letter_type = letter.content_type
    if letter_on is not None:
        submission.letter_on = letter_on


def complete_area(area, done_on, today=None):
    """An area for final development is done (publication waits for every one)."""
    missing = not_future(done_on, "a date done", today or date.today())
    if area.done_on is not None:
        missing.append(f"an open area (this one was done on {day(area.done_on)})")
    outcome_on = area.submission.outcome_on
    if outcome_on is not None and done_on < outcome_on:
        missing.append(f"a date done on or after the panel's outcome ({day(outcome_on)})")
    check("mark the area for final development done", missing)
    area.done_on = done_on


def record_home_office_told(review, told_on, today=None):
    """The date the Home Office was told of the decision (to commission or not)."""
    missing = [] if review.decision is not Decision.pending else ["a decision first"]
    missing += told_problems(told_on, review.decision_on, today or date.today())
    if told_on is None:
        missing.append("the date the Home Office was told")
    check(f"record when the Home Office was told about {review.reference}", missing)
    review.home_office_told_on = told_on


def record_hold_told(hold, told_on, today=None):
    """The date the Home Office was told a review went on hold."""
    missing = told_problems(told_on, hold.started_on, today or date.today())
    if told_on is None:
        missing.append("the date the Home Office was told")
    check("record when the Home Office was told of the hold", missing)
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
        missing += not_future(directed_on, "a direction date", today)
        if review.decision_on is not None and directed_on < review.decision_on:
            missing.append(f"a direction date on or after the decision ({day(review.decision_on)})")
    if letter is None:
        missing.append("the Home Office's letter of direction")
    check(f"commission {review.reference} by direction", missing)
    review.directed_on = directed_on
    review.direction_letter_key, review.direction_letter_name = letter.key, letter.name
    review.direction_letter_type = letter.content_type
    review.decision = Decision.commission
    review.home_office_told_on = None  # to be recorded again for the new decision
    move(review, S.commissioned, user, f"Commissioned by Home Office direction of "
                                        f"{day(directed_on)}")


def set_target_date(review, target_date, reason, user=None, today=None):
    """The agreed target date (beside the statutory clock, which never moves), each change
    kept with its reason."""
    missing = []
    if not clean(reason):
        missing.append("the reason for the target date")
    if target_date == review.target_date:
        missing.append("a different date (this is the target date already)")
    if target_date is not None and target_date < review.notified_on:
        missing.append(f"a target date after the notification ({day(review.notified_on)})")
    check(f"set the target date of {review.reference}", missing)
    review.target_date_changes.append(TargetDateChange(
        from_date=review.target_date, to_date=target_date, reason=clean(reason), changed_by=user,
        changed_at=utcnow()))
    review.target_date, review.target_date_reason = target_date, clean(reason)


def record_copies_sent(review, library_sent_on=None, commissioner_sent_on=None, today=None):
    """After publication: the dates copies went to the Home Office DHR Library and to the
    Domestic Abuse Commissioner."""
    today = today or date.today()
    missing = [] if review.published_on else ["the publication first"]
    for on, what in ((library_sent_on, "a date sent to the Library"),
                     (commissioner_sent_on, "a date sent to the Commissioner")):
        missing += not_future(on, what, today)
        if on is not None and review.published_on and on < review.published_on:
            missing.append(f"{what} on or after the publication ({day(review.published_on)})")
    check(f"record the copies of {review.reference} sent", missing)
    review.library_sent_on = library_sent_on or review.library_sent_on
    review.commissioner_sent_on = commissioner_sent_on or review.commissioner_sent_on
