"""The life-cycle corrections of issue 14, without a database: the panel's three outcomes and
its areas for final development, the agreed target date, the Home Office's direction to review,
the dates the Home Office was told, copies to the Library and the Commissioner. Every refusal
says what is missing and changes nothing."""
from datetime import date

import pytest

from hodata import records
from lifecycle import actions, stages
from lifecycle.actions import Refused
from lifecycle_factory import NOTIFIED, hold, make_review, submission
from filestore import StoredFile
from models import Decision, HomeOfficeOutcome, ParallelProceeding, ReviewStatus

S = ReviewStatus
TODAY = date(2025, 12, 1)
DECIDED = date(2025, 2, 20)
SENT = date(2025, 8, 1)
LETTER = StoredFile("k" * 32, "letter.pdf", "application/pdf", 100, "0" * 64)


def state(review):
    """Everything these actions may change, to show that a refusal changed nothing."""
    return (review.status, review.decision, review.home_office_told_on, review.target_date,
            review.target_date_reason, review.directed_on, review.direction_letter_key,
            review.published_on, review.library_sent_on, review.commissioner_sent_on,
            len(review.status_changes), len(review.target_date_changes), len(review.holds),
            [(s.outcome, s.outcome_on, s.panel_on, s.letter_on, s.letter_key,
              [(a.description, a.done_on) for a in s.areas]) for s in review.submissions],
            [(h.home_office_told_on, h.proceeding) for h in review.holds])


def refused(action, review, *args, **kwargs):
    before = state(review)
    with pytest.raises(Refused) as refusal:
        action(*args, **kwargs)
    assert state(review) == before
    return str(refusal.value)


def awaiting_outcome():
    review = make_review(status=S.submitted_to_home_office, decision=Decision.commission,
                         decision_on=DECIDED)
    review.submissions.append(submission(SENT))
    return review


def with_changes(areas=("Add the family's tribute", "Name the agencies not asked")):
    review = awaiting_outcome()
    actions.record_outcome(review, "with_changes", date(2025, 9, 10), today=TODAY,
                           panel_on=date(2025, 9, 1), letter_on=date(2025, 9, 10), areas=areas)
    return review


def test_the_panel_has_three_outcomes_and_with_changes_lists_its_areas():
    assert [o.name for o in HomeOfficeOutcome] == ["adequate", "with_changes",
                                                   "resubmission_required"]
    review = with_changes()
    latest = review.submissions[-1]
    assert latest.outcome is HomeOfficeOutcome.with_changes
    assert (latest.panel_on, latest.letter_on) == (date(2025, 9, 1), date(2025, 9, 10))
    assert [a.description for a in latest.areas] == ["Add the family's tribute",
                                                     "Name the agencies not asked"]
    assert stages.is_approved(review)
    assert not stages.refusals(review, S.approved)


@pytest.mark.parametrize("outcome, kwargs, expected", [
    ("with_changes", {}, "the areas for final development the panel listed"),
    ("adequate", {"areas": ["Fix the chronology"]}, "only “Content to publish once"),
    ("adequate", {"panel_on": date(2025, 7, 1)}, "a panel date on or after the date sent"),
    ("adequate", {"panel_on": date(2025, 9, 5), "letter_on": date(2025, 9, 1)},
     "a letter date on or after the panel"),
    ("adequate", {"letter_on": date(2026, 1, 1)}, "a letter date that is not in the future"),
])
def test_an_outcome_with_wrong_details_is_refused(outcome, kwargs, expected):
    review = awaiting_outcome()
    message = refused(actions.record_outcome, review, review, outcome, date(2025, 9, 10),
                      today=TODAY, **kwargs)
    assert expected in message


def test_publication_is_refused_until_every_area_is_done():
    review = with_changes()
    review.status = S.publication_pending
    message = refused(actions.record_publication, review, review, date(2025, 10, 1),
                      "https://example.org/r", today=TODAY)
    assert "every area for final development done (2 still open" in message
    assert any("2 still open" in m for m in stages.refusals(review, S.published))
    first, second = review.submissions[-1].areas
    records.complete_area(first, date(2025, 9, 20), today=TODAY)
    assert "1 still open" in refused(actions.record_publication, review, review,
                                     date(2025, 10, 1), "https://example.org/r", today=TODAY)
    records.complete_area(second, date(2025, 9, 21), today=TODAY)
    actions.record_publication(review, date(2025, 10, 1), "https://example.org/r", today=TODAY)
    assert review.published_on == date(2025, 10, 1)


def test_an_area_is_done_once_and_not_before_the_outcome():
    review = with_changes()
    area = review.submissions[-1].areas[0]
    assert "on or after the panel's outcome" in refused(
        records.complete_area, review, area, date(2025, 9, 1), today=TODAY)
    assert "not in the future" in refused(records.complete_area, review, area,
                                          date(2026, 1, 1), today=TODAY)
    records.complete_area(area, date(2025, 9, 12), today=TODAY)
    assert "this one was done on 12 Sep 2025" in refused(
        records.complete_area, review, area, date(2025, 9, 13), today=TODAY)


def test_the_letter_is_attached_to_an_answered_submission_only():
    review = awaiting_outcome()
    assert "the panel's outcome first" in refused(
        records.attach_panel_letter, review, review.submissions[-1], LETTER)
    review = with_changes()
    records.attach_panel_letter(review.submissions[-1], LETTER, today=TODAY)
    assert review.submissions[-1].letter_name == "letter.pdf"


def test_the_target_date_keeps_its_history_and_needs_a_reason():
    review = make_review(status=S.scoping, decision=Decision.commission, decision_on=DECIDED)
    assert "the reason" in refused(records.set_target_date, review, review, date(2026, 3, 1),
                                   " ")
    assert "after the notification" in refused(records.set_target_date, review, review,
                                               date(2024, 1, 1), "Typo")
    records.set_target_date(review, date(2026, 3, 1), "Agreed with the Home Office")
    records.set_target_date(review, date(2026, 6, 1), "Trial moved to April")
    assert "a different date" in refused(records.set_target_date, review, review,
                                         date(2026, 6, 1), "Again")
    assert [(c.from_date, c.to_date, c.reason) for c in review.target_date_changes] == [
        (None, date(2026, 3, 1), "Agreed with the Home Office"),
        (date(2026, 3, 1), date(2026, 6, 1), "Trial moved to April")]
    assert review.target_date_reason == "Trial moved to April"


def not_commissioned():
    return make_review(status=S.not_commissioned, decision=Decision.no_review,
                       decision_on=DECIDED, decision_reasons="Criteria not met.")


def test_the_home_office_may_direct_a_review_the_csp_decided_against():
    review = not_commissioned()
    assert "the Home Office's letter of direction" in refused(
        records.direct_commission, review, review, date(2025, 4, 1), None, today=TODAY)
    assert "on or after the decision" in refused(
        records.direct_commission, review, review, date(2025, 2, 1), LETTER,
        today=TODAY)
    records.direct_commission(review, date(2025, 4, 1), LETTER, today=TODAY)
    assert (review.status, review.decision) == (S.commissioned, Decision.commission)
    assert review.decision_reasons == "Criteria not met."  # the CSP's reasons stay on record
    assert review.status_changes[-1].reason == "Commissioned by Home Office direction of 1 Apr 2025"
    assert "a decision not to review" in refused(
        records.direct_commission, review, review, date(2025, 4, 2), LETTER, today=TODAY)


def test_a_commissioned_review_cannot_be_directed():
    review = make_review(status=S.scoping, decision=Decision.commission, decision_on=DECIDED)
    assert "a decision not to review" in refused(
        records.direct_commission, review, review, date(2025, 4, 1), LETTER, today=TODAY)


def test_the_date_the_home_office_was_told_of_the_decision():
    review = make_review(status=S.decision_pending)
    assert "a decision first" in refused(records.record_home_office_told, review, review,
                                         date(2025, 3, 1), today=TODAY)
    review = make_review(status=S.commissioned, decision=Decision.commission, decision_on=DECIDED)
    assert "on or after 20 Feb 2025" in refused(records.record_home_office_told, review, review,
                                                date(2025, 2, 1), today=TODAY)
    records.record_home_office_told(review, date(2025, 2, 25), today=TODAY)
    assert review.home_office_told_on == date(2025, 2, 25)


def test_a_hold_records_when_the_home_office_was_told_and_its_proceeding():
    review = make_review(status=S.scoping, decision=Decision.commission, decision_on=DECIDED)
    trial = ParallelProceeding(kind="criminal_trial")
    stranger = ParallelProceeding(kind="inquest")
    review.proceedings.append(trial)
    assert "a parallel proceeding of this review" in refused(
        actions.put_on_hold, review, review, "criminal_trial", date(2025, 5, 1),
        proceeding=stranger, today=TODAY)
    assert "told on or after 1 May 2025" in refused(
        actions.put_on_hold, review, review, "criminal_trial", date(2025, 5, 1),
        home_office_told_on=date(2025, 4, 1), today=TODAY)
    actions.put_on_hold(review, "criminal_trial", date(2025, 5, 1), proceeding=trial,
                        home_office_told_on=date(2025, 5, 3), today=TODAY)
    assert (review.holds[-1].proceeding, review.holds[-1].home_office_told_on) == (
        trial, date(2025, 5, 3))
    late = hold(date(2025, 6, 1))
    assert "not in the future" in refused(records.record_hold_told, review, late,
                                          date(2026, 1, 1), today=TODAY)
    records.record_hold_told(late, date(2025, 6, 2), today=TODAY)
    assert late.home_office_told_on == date(2025, 6, 2)


def test_copies_to_the_library_and_the_commissioner_follow_publication():
    review = make_review(status=S.approved, decision=Decision.commission, decision_on=DECIDED,
                         notified_on=NOTIFIED)
    assert "the publication first" in refused(records.record_copies_sent, review, review,
                                              date(2025, 10, 2), today=TODAY)
    review.published_on = date(2025, 10, 1)
    assert "on or after the publication" in refused(
        records.record_copies_sent, review, review, None, date(2025, 9, 1), today=TODAY)
    records.record_copies_sent(review, date(2025, 10, 2), date(2025, 10, 3), today=TODAY)
    assert (review.library_sent_on, review.commissioner_sent_on) == (date(2025, 10, 2),
                                                                     date(2025, 10, 3))
