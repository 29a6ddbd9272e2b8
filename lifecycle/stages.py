"""Which stage may follow which (DESIGN section 3) and what each step needs first.

``refusals(review, target)`` lists what is missing, in words a user can act on; an empty list
means the step is allowed. Pure: reads the review's attributes, touches no database.
"""
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


def latest_submission(review):
    return review.submissions[-1] if review.submissions else None


def is_approved(review):
    latest = latest_submission(review)
    return latest is not None and latest.outcome is HomeOfficeOutcome.adequate


def _decision_date(review):
    if review.decision_on is None:
        yield "the date of the decision (enter it with this step, or edit the review)"
    elif review.decision_on < review.notified_on:
        yield (f"a decision date on or after the notification ({review.notified_on:%d %b %Y}): "
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


def _outcome(expected):
    def check(review):
        latest = latest_submission(review)
        if latest is None or latest.outcome is not expected:
            yield f"the Home Office's outcome “{expected.label}” on the latest submission"
    return check


def approval_missing(review):
    """What publishing needs first, if the Home Office has not approved the report."""
    if not is_approved(review):
        yield "the Home Office's approval (an “Adequate” outcome on the latest submission)"


def _published(review):
    yield from approval_missing(review)
    if review.published_on is None:
        yield "the publication date"
    if not (review.publication_url or "").strip():
        yield "the link to the published report"


REQUIREMENTS = {
    S.commissioned: _commission,
    S.not_commissioned: _not_commission,
    S.closed: _close,
    S.submitted_to_home_office: _submitted,
    S.approved: _outcome(HomeOfficeOutcome.adequate),
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
