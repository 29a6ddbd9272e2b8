"""Every allowed and every refused step of the life cycle (lifecycle.stages and
lifecycle.actions), without a database: each refusal says what is missing."""
from datetime import date

import pytest

from lifecycle import actions, stages
from lifecycle.actions import Refused
from lifecycle_factory import NOTIFIED, hold, make_review, submission
from models import Decision, HoldReason, ReviewStatus

S = ReviewStatus
TODAY = date(2025, 12, 1)
DECIDED = date(2025, 2, 20)
ALLOWED = [(start, end) for start, ends in stages.NEXT_STAGES.items() for end in ends]
REFUSED = [(start, end) for start in S for end in S
           if (start, end) not in ALLOWED and start is not S.on_hold]


def ready_for(start, target):
    """A review at ``start`` with everything ``target`` needs."""
    decided = start not in (S.notified, S.decision_pending)
    review = make_review(status=start, decision_on=DECIDED if decided else None,
                         decision=Decision.no_review if start is S.not_commissioned
                         else Decision.commission if decided else Decision.pending)
    if target in (S.commissioned, S.not_commissioned):
        review.decision_on = DECIDED
    if target is S.not_commissioned:
        review.decision_reasons = "Criteria not met."
    if target is S.closed:
        review.home_office_told_on = date(2025, 3, 1)
    if target is S.submitted_to_home_office:
        review.submissions.append(submission(date(2025, 8, 1)))
    if target is S.resubmission_required:
        review.submissions.append(submission(date(2025, 8, 1), "resubmission_required",
                                             date(2025, 9, 1)))
    if target in (S.approved, S.publication_pending, S.published):
        review.submissions.append(submission(date(2025, 8, 1), "adequate", date(2025, 9, 1)))
    if target is S.published:
        review.published_on, review.publication_url = date(2025, 10, 1), "https://example.org/r"
    return review


@pytest.mark.parametrize("start, target", ALLOWED, ids=lambda s: s.value)
def test_every_allowed_step_is_taken_and_kept_in_the_history(start, target):
    review = ready_for(start, target)
    assert stages.refusals(review, target) == []
    actions.change_status(review, target, user=None, reason="  Panel agreed  ")
    assert review.status is target
    change = review.status_changes[-1]
    assert (change.from_status, change.to_status, change.reason) == (start, target, "Panel agreed")
    assert change.changed_at is not None


@pytest.mark.parametrize("start, target", REFUSED, ids=lambda s: s.value)
def test_every_other_step_is_refused_and_changes_nothing(start, target):
    review = ready_for(start, target)
    with pytest.raises(Refused) as refused:
        actions.change_status(review, target, reason="try")
    assert review.status is start and review.status_changes == []
    message = str(refused.value)
    assert message.startswith(f"Cannot move DHR-TEST-1 to “{target.label}”. Missing: ")
    if target is S.on_hold:
        assert "use “Put on hold”" in message
    elif target is start:
        assert "already at" in message
    elif start is S.closed:
        assert "“Closed” is the last stage" in message
    else:
        assert f"from “{start.label}” the review can move only to" in message


@pytest.mark.parametrize("target", list(S), ids=lambda s: s.value)
def test_nothing_moves_while_on_hold(target):
    review = make_review(status=S.on_hold, decision=Decision.commission, decision_on=DECIDED)
    review.holds.append(hold(date(2025, 5, 1), status_before=S.scoping))
    with pytest.raises(Refused, match="take the review off hold first"):
        actions.change_status(review, target)
    assert review.status is S.on_hold


def missing(review, target):
    return " | ".join(stages.refusals(review, target))


def test_commissioning_needs_a_decision_date_not_before_notification():
    review = make_review(status=S.decision_pending)
    assert "the date of the decision" in missing(review, S.commissioned)
    review.decision_on = NOTIFIED.replace(day=30)
    assert "a decision cannot come before the CSP was notified" in missing(review,
                                                                           S.commissioned)
    with pytest.raises(Refused, match="cannot come before"):
        actions.change_status(review, S.commissioned)
    assert review.decision is Decision.pending


def test_the_decision_date_can_come_with_the_step():
    review = make_review(status=S.decision_pending)
    actions.change_status(review, S.commissioned, decision_on=date(2025, 2, 15))
    assert (review.status, review.decision, review.decision_on) == (
        S.commissioned, Decision.commission, date(2025, 2, 15))
    review = make_review(status=S.decision_pending)
    actions.change_status(review, S.not_commissioned, reason="Criteria not met",
                          decision_on=date(2025, 2, 15))
    assert (review.decision, review.decision_reasons) == (Decision.no_review, "Criteria not met")


def test_a_recorded_decision_cannot_be_contradicted():
    review = make_review(status=S.decision_pending, decision=Decision.no_review,
                         decision_on=DECIDED)
    assert "the decision recorded is “No review”" in missing(review, S.commissioned)
    review.decision = Decision.commission
    assert "the decision recorded is “Commission a review”" in missing(review,
                                                                        S.not_commissioned)
    assert "the reasons for not commissioning" in missing(review, S.not_commissioned)


def test_closing_a_review_not_commissioned_needs_the_home_office_told():
    review = make_review(status=S.not_commissioned, decision=Decision.no_review,
                         decision_on=DECIDED)
    assert "the date the Home Office was told" in missing(review, S.closed)


def test_home_office_steps_need_the_matching_submission_and_outcome():
    review = make_review(status=S.csp_signoff, decision=Decision.commission, decision_on=DECIDED)
    assert "a record of the submission" in missing(review, S.submitted_to_home_office)
    review.status = S.submitted_to_home_office
    review.submissions.append(submission(date(2025, 8, 1)))
    assert "outcome “Content to publish” or “Content to publish once" in missing(review, S.approved)
    assert "outcome “Resubmission required”" in missing(review, S.resubmission_required)


def test_publishing_before_the_home_office_approved_is_refused_with_all_that_is_missing():
    review = make_review(status=S.csp_signoff, decision=Decision.commission, decision_on=DECIDED)
    with pytest.raises(Refused) as refused:
        actions.change_status(review, S.published)
    message = str(refused.value)
    for needed in ("from “CSP sign-off” the review can move only to “Submitted to Home Office”",
                   "the Home Office's approval", "the publication date",
                   "the link to the published report"):
        assert needed in message
    review.status = S.publication_pending
    review.submissions.append(submission(date(2025, 8, 1), "resubmission_required",
                                         date(2025, 9, 1)))
    assert "the Home Office's approval" in missing(review, S.published)


def active(status=S.scoping):
    return make_review(status=status, decision=Decision.commission, decision_on=DECIDED)


@pytest.mark.parametrize("stage", sorted(stages.HOLDABLE, key=list(S).index),
                         ids=lambda s: s.value)
def test_a_hold_returns_the_review_to_the_stage_it_paused(stage):
    review = active(stage)
    actions.put_on_hold(review, HoldReason.criminal_trial, date(2025, 6, 1), details="Trial",
                        today=TODAY)
    assert review.status is S.on_hold and review.holds[-1].status_before is stage
    assert review.status_changes[-1].reason == "Criminal trial: Trial"
    actions.take_off_hold(review, date(2025, 7, 1), today=TODAY)
    assert review.status is stage and review.holds[-1].ended_on == date(2025, 7, 1)
    assert [c.to_status for c in review.status_changes] == [S.on_hold, stage]


@pytest.mark.parametrize("stage", [S.not_commissioned, S.published, S.action_plan_monitoring,
                                   S.closed], ids=lambda s: s.value)
def test_finished_stages_cannot_be_put_on_hold(stage):
    with pytest.raises(Refused, match="cannot be put on hold"):
        actions.put_on_hold(active(stage), HoldReason.inquest, date(2025, 6, 1), today=TODAY)


@pytest.mark.parametrize("started_on, expected", [
    (date(2025, 12, 2), "a start date that is not in the future"),
    (date(2025, 1, 1), "a start date on or after the notification"),
    (date(2025, 4, 15), "on or after the end of the previous hold (1 May 2025)"),
])
def test_hold_dates_are_checked(started_on, expected):
    review = active()
    review.holds.append(hold(date(2025, 4, 1), date(2025, 5, 1)))
    with pytest.raises(Refused, match=expected.replace("(", r"\(").replace(")", r"\)")):
        actions.put_on_hold(review, HoldReason.inquest, started_on, today=TODAY)
    assert review.status is S.scoping and len(review.holds) == 1


def test_a_review_on_hold_cannot_be_put_on_hold_again():
    review = active()
    actions.put_on_hold(review, HoldReason.inquest, date(2025, 6, 1), today=TODAY)
    with pytest.raises(Refused, match="already on hold"):
        actions.put_on_hold(review, HoldReason.inquest, date(2025, 6, 2), today=TODAY)


@pytest.mark.parametrize("ended_on, expected", [
    (date(2025, 5, 31), "an end date on or after the start of the hold"),
    (date(2025, 12, 2), "an end date that is not in the future"),
])
def test_taking_off_hold_checks_the_end_date(ended_on, expected):
    review = active()
    actions.put_on_hold(review, HoldReason.inquest, date(2025, 6, 1), today=TODAY)
    with pytest.raises(Refused, match=expected):
        actions.take_off_hold(review, ended_on, today=TODAY)
    assert review.status is S.on_hold


def test_taking_off_hold_needs_a_hold():
    with pytest.raises(Refused, match="the review is not on hold"):
        actions.take_off_hold(active(), date(2025, 6, 1), today=TODAY)


def test_submissions_outcomes_and_publication():
    review = active(S.csp_signoff)
    actions.record_submission(review, date(2025, 8, 1), today=TODAY)
    with pytest.raises(Refused, match="the outcome of the submission sent on 1 Aug 2025"):
        actions.record_submission(review, date(2025, 8, 2), today=TODAY)
    review.status = S.submitted_to_home_office  # an outcome waits for the stage (issue 8)
    with pytest.raises(Refused, match="an outcome date on or after the date sent"):
        actions.record_outcome(review, "adequate", date(2025, 7, 1), today=TODAY)
    with pytest.raises(Refused, match="the Home Office's approval"):
        actions.record_publication(review, date(2025, 10, 1), "https://example.org/r")
    actions.record_outcome(review, "resubmission_required", date(2025, 9, 1), "More on GP",
                           today=TODAY)
    review.status = S.csp_signoff  # amended and signed off again
    with pytest.raises(Refused, match="a date sent on or after the last outcome"):
        actions.record_submission(review, date(2025, 8, 20), today=TODAY)
    actions.record_submission(review, date(2025, 10, 1), today=TODAY)
    review.status = S.submitted_to_home_office
    actions.record_outcome(review, "adequate", date(2025, 11, 1), today=TODAY)
    with pytest.raises(Refused, match="a submission awaiting its outcome"):
        actions.record_outcome(review, "adequate", date(2025, 11, 2), today=TODAY)
    with pytest.raises(Refused, match="starting https://"):
        actions.record_publication(review, date(2025, 11, 20), "javascript:alert(1)")
    with pytest.raises(Refused, match="on or after the approval"):
        actions.record_publication(review, date(2025, 10, 20), "https://example.org/r")
    actions.record_publication(review, date(2025, 11, 20), " https://example.org/r ")
    assert (review.published_on, review.publication_url) == (date(2025, 11, 20),
                                                            "https://example.org/r")
    assert [s.outcome.value for s in review.submissions] == ["resubmission_required", "adequate"]


def test_only_a_commissioned_review_goes_to_the_home_office():
    with pytest.raises(Refused, match="a decision to commission"):
        actions.record_submission(make_review(status=S.decision_pending), date(2025, 8, 1),
                                  today=TODAY)
