"""Which stage may follow which (DESIGN section 3) and what each step needs first.

``refusals(review, target)`` lists what is missing, in words a user can act on; an empty list
means the step is allowed. Pure: reads the review's attributes, touches no database.
"""
from dates import day
from models.home_office import HomeOfficeOutcome
from models.review import Decision, ReviewStatus

S = ReviewStatus

NEXT_STAGES = {
    S.notified: (S.decision_pending,),
    S.decision_pending: (S.commissioned, S.not_commissioned),
    S.not_commissioned: (S.closed,),
    S.commissioned: (S.scoping,),
    S.scoping: (S.information_gathering,),
    S.information_gathering: (S.analysis_and_drafting,),
    # Sign-off can fail: the panel or the CSP sends the draft back for more work.
    S.analysis_and_drafting: (S.panel_signoff,),
    S.panel_signoff: (S.csp_signoff, S.analysis_and_drafting),
    S.csp_signoff: (S.submitted_to_home_office, S.analysis_and_drafting),
    S.submitted_to_home_office: (S.approved, S.resubmission_required),
    S.resubmission_required: (S.analysis_and_drafting,),
    S.approved: (S.publication_pending,),
    S.publication_pending: (S.published,),
    S.published: (S.action_plan_monitoring,),
    S.action_plan_monitoring: (S.closed,),
}
# Active stages a review may be paused at for parallel proceedings (publication is often
# delayed until a trial or inquest has ended).
HOLDABLE = frozenset(set(NEXT_STAGES) - {S.not_commissioned, S.published,
                                         S.action_plan_monitoring})


# The Home Office steps follow the life cycle: the report goes to the Home Office once the CSP
# has signed it off (a resubmission goes round drafting and sign-off again), and the Home
# Office answers a review that is at "Submitted to Home Office". Never while on hold.
SUBMITTABLE = frozenset({S.csp_signoff})
ANSWERABLE = frozenset({S.submitted_to_home_office})

# Dates of things that happened: none may lie in the future (checked on the server, whatever
# the browser was told). Holds, submissions and outcomes are checked by their actions.
HAPPENED_ON = (("date_of_death", "a date of death"),
               ("notified_on", "a date the CSP was notified"),
               ("decision_on", "a decision date"),
               ("home_office_told_on", "a date the Home Office was told"),
               ("published_on", "a publication date"))


def not_future(on, what, today):
    """[] or what is missing when ``on`` lies after ``today``."""
    if on is not None and on > today:
        return [f"{what} that is not in the future ({day(on)} is after today, {day(today)})"]
    return []


def date_problems(review, today):
    """What is wrong with the dates typed into a review (its own form, a notification):
    nothing in the future, no notification before the death, no decision before the
    notification."""
    missing = []
    for attribute, what in HAPPENED_ON:
        missing += not_future(getattr(review, attribute, None), what, today)
    for person in getattr(review, "people", None) or ():
        role = getattr(person.role, "label", person.role)  # a form may hold the name still
        whose = person.pseudonym or (str(role).replace("_", " ").lower() if role else "a person")
        missing += not_future(person.date_of_birth, f"a date of birth of {whose}", today)
    death, notified = review.date_of_death, review.notified_on
    if death is not None and notified is not None and notified < death:
        missing.append(f"a date the CSP was notified on or after the death ({day(death)})")
    if review.decision_on is not None and notified is not None and review.decision_on < notified:
        missing.append(f"a decision date on or after the notification ({day(notified)})")
    return missing


def submission_missing(review):
    """What recording a submission to the Home Office needs first (its date aside)."""
    if review.status is S.on_hold:
        yield "the end of the hold: take the review off hold first"
    elif review.status not in SUBMITTABLE:
        yield (f"the CSP's sign-off: a report goes to the Home Office from “{S.csp_signoff.label}”"
               f" (this review is at “{review.status.label}”)")
    if review.decision is not Decision.commission:
        yield "a decision to commission the review"
    latest = latest_submission(review)
    if latest is not None and latest.outcome is None:
        yield f"the outcome of the submission sent on {day(latest.sent_on)}"


def outcome_missing(review):
    """What recording the Home Office's answer needs first (its date aside)."""
    latest = latest_submission(review)
    if review.status is S.on_hold:
        yield "the end of the hold: take the review off hold first"
    elif review.status not in ANSWERABLE:
        yield (f"the review at “{S.submitted_to_home_office.label}” (it is at "
               f"“{review.status.label}”)")
    if latest is None or latest.outcome is not None:
        yield "a submission awaiting its outcome"


def latest_submission(review):
    return review.submissions[-1] if review.submissions else None


# The Quality Assurance Panel's outcomes that let the review go on to publication ("with
# changes" only once every area for final development is done).
APPROVING = frozenset({HomeOfficeOutcome.adequate, HomeOfficeOutcome.with_changes})


def is_approved(review):
    latest = latest_submission(review)
    return latest is not None and latest.outcome in APPROVING


def open_areas(review):
    """The areas for final development of the latest submission not yet done."""
    latest = latest_submission(review)
    return [area for area in (latest.areas if latest is not None else ()) if area.done_on is None]


def _decision_date(review):
    if review.decision_on is None:
        yield "the date of the decision (enter it with this step, or edit the review)"
    elif review.decision_on < review.notified_on:
        yield (f"a decision date on or after the notification ({day(review.notified_on)}): "
               "a decision cannot come before the CSP was notified")


def _commission(review):
    yield from _decision_date(review)
    if review.decision is Decision.no_review:
        yield "a decision to commission (the decision recorded is “No review”)"


def _not_commission(review):
    yield from _decision_date(review)
    if review.decision is Decision.commission:
        yield "a decision not to commission (the decision recorded is “Commission a review”)"
    if not (review.decision_reasons or "").strip():
        yield "the reasons for not commissioning a review (the Home Office is told them)"


def _close(review):
    if review.status is S.not_commissioned and review.home_office_told_on is None:
        yield "the date the Home Office was told of the decision (edit the review)"


def _submitted(review):
    latest = latest_submission(review)
    if latest is None or latest.outcome is not None:
        yield "a record of the submission to the Home Office (the date it was sent)"


def _outcome(*expected):
    def check(review):
        latest = latest_submission(review)
        if latest is None or latest.outcome not in expected:
            names = " or ".join(f"“{outcome.label}”" for outcome in expected)
            yield f"the Home Office's outcome {names} on the latest submission"
    return check


def approval_missing(review):
    """What going on towards publication needs first: the panel's approval."""
    if not is_approved(review):
        yield (f"the Home Office's approval (“{HomeOfficeOutcome.adequate.label}” or "
               f"“{HomeOfficeOutcome.with_changes.label}” on the latest submission)")


def publication_missing(review):
    """What publishing needs first: the approval, and every area for final development the
    panel listed done."""
    missing = list(approval_missing(review))
    yield from missing
    areas = [] if missing else open_areas(review)
    if areas:
        listed = "; ".join(f"“{area.description[:60]}”" for area in areas)
        yield f"every area for final development done ({len(areas)} still open: {listed})"


def _published(review):
    yield from publication_missing(review)
    if review.published_on is None:
        yield "the publication date"
    if not (review.publication_url or "").strip():
        yield "the link to the published report"


REQUIREMENTS = {
    S.commissioned: _commission,
    S.not_commissioned: _not_commission,
    S.closed: _close,
    S.submitted_to_home_office: _submitted,
    S.approved: _outcome(HomeOfficeOutcome.adequate, HomeOfficeOutcome.with_changes),
    S.resubmission_required: _outcome(HomeOfficeOutcome.resubmission_required),
    S.publication_pending: approval_missing,
    S.published: _published,
}


def next_stages(review):
    return () if review.status is S.on_hold else NEXT_STAGES.get(review.status, ())


def _wrong_stage(review, target):
    if target is review.status:
        return f"nothing: the review is already at “{target.label}”"
    if target is S.on_hold:
        return "the hold details: use “Put on hold”"
    options = NEXT_STAGES.get(review.status, ())
    if not options:
        return f"a stage to move to: “{review.status.label}” is the last stage"
    names = " or ".join(f"“{stage.label}”" for stage in options)
    return (f"an earlier step: from “{review.status.label}” the review can move only to "
            f"{names}")


def refusals(review, target):
    """What is missing before ``review`` may move to ``target``; [] when it may."""
    target = S(target)
    if review.status is S.on_hold:
        return ["the end of the hold: take the review off hold first"]
    missing = []
    if target not in NEXT_STAGES.get(review.status, ()):
        missing.append(_wrong_stage(review, target))
    if target is not review.status:
        missing.extend(REQUIREMENTS.get(target, lambda review: ())(review))
    return missing


def refusal_message(what, missing):
    return f"Cannot {what}. Missing: " + "; ".join(missing) + "."
