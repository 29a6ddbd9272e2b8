"""In-memory reviews for the pure life-cycle tests: ORM objects never added to a session."""
from datetime import date

from models import (Decision, HomeOfficeOutcome, HomeOfficeSubmission, Review, ReviewHold,
                    ReviewStatus)

NOTIFIED = date(2025, 1, 31)


def make_review(status=ReviewStatus.notified, notified_on=NOTIFIED, decision=Decision.pending,
                decision_on=None, **fields):
    return Review(reference="DHR-TEST-1", title="Test", status=status, notified_on=notified_on,
                  decision=decision, decision_on=decision_on, **fields)


def hold(started_on, ended_on=None, status_before=ReviewStatus.scoping):
    return ReviewHold(reason="inquest", started_on=started_on, ended_on=ended_on,
                      status_before=status_before)


def submission(sent_on, outcome=None, outcome_on=None):
    return HomeOfficeSubmission(sent_on=sent_on,
                                outcome=HomeOfficeOutcome(outcome) if outcome else None,
                                outcome_on=outcome_on)
