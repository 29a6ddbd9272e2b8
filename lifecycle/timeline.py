"""The milestones of a review, done and due, in date order (for the review page). Pure."""
from dataclasses import dataclass
from datetime import date

from models.review import Decision


@dataclass(frozen=True)
class Milestone:
    label: str
    on: date
    done: bool
    state_label: str = ""  # for deadlines: the clock's state ("Met", "Due soon", ...)

    @property
    def status_text(self):
        return self.state_label or ("Done" if self.done else "Due")


def _deadline(clock):
    return Milestone(clock.label, clock.due, not clock.running, clock.state_label)


def milestones(review, review_clocks):
    found = [Milestone("Death", review.date_of_death, True) if review.date_of_death else None,
             Milestone("CSP notified", review.notified_on, True)]
    if review.decision_on and review.decision is not Decision.pending:
        found.append(Milestone(f"Decision: {review.decision.label}", review.decision_on, True))
    if review.home_office_told_on:
        found.append(Milestone("Home Office told of the decision", review.home_office_told_on,
                               True))
    found += [_deadline(clock) for clock in review_clocks]
    for number, submission in enumerate(review.submissions, start=1):
        found.append(Milestone("Submitted to the Home Office" if number == 1
                               else f"Resubmitted to the Home Office ({number})",
                               submission.sent_on, True))
        if submission.outcome and submission.outcome_on:
            found.append(Milestone(f"Home Office outcome: {submission.outcome.label}",
                                   submission.outcome_on, True))
    if review.published_on:
        found.append(Milestone("Published", review.published_on, True))
    return sorted((m for m in found if m is not None), key=lambda m: (m.on, not m.done))
