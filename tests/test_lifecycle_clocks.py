"""Clock arithmetic (lifecycle.clocks), without a database: month ends, leap years, holds
that overlap or are still open, RAG states, next deadline and reminder windows."""
from datetime import date, timedelta

import pytest

from config import day_list
from lifecycle import clocks as c
from lifecycle.clocks import Periods
from lifecycle_factory import hold, make_review, submission
from models import ClockName, Decision, ReviewStatus

pytestmark = pytest.mark.dates  # reads today

S = ReviewStatus
PERIODS = Periods(decision_months=1, completion_months=6, windows=(14, 3))


@pytest.mark.parametrize("start, months, expected", [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),   # 31 Jan + 1 month: last day of February
    (date(2024, 1, 31), 1, date(2024, 2, 29)),   # leap year
    (date(2024, 2, 29), 12, date(2025, 2, 28)),  # from a leap day to a common year
    (date(2023, 8, 31), 6, date(2024, 2, 29)),   # six months onto a leap February
    (date(2025, 8, 31), 6, date(2026, 2, 28)),
    (date(2025, 3, 31), 1, date(2025, 4, 30)),
    (date(2025, 12, 15), 1, date(2026, 1, 15)),  # over a year end
    (date(2025, 5, 10), 6, date(2025, 11, 10)),
])
def test_calendar_months_clamp_to_the_month_end(start, months, expected):
    assert c.add_months(start, months) == expected


def test_decision_due_is_one_calendar_month_after_notification():
    assert c.decision_due(date(2025, 1, 31), PERIODS) == date(2025, 2, 28)
    assert c.decision_due(date(2024, 1, 31), PERIODS) == date(2024, 2, 29)
    assert c.decision_due(date(2025, 1, 31), Periods(decision_months=2)) == date(2025, 3, 31)


TODAY = date(2025, 6, 15)
DECIDED = date(2025, 3, 1)


@pytest.mark.parametrize("holds, expected", [
    ([], 0),
    ([(date(2025, 4, 1), date(2025, 4, 11))], 10),                       # end day is back at work
    ([(date(2025, 4, 1), date(2025, 4, 1))], 0),
    ([(date(2025, 4, 1), date(2025, 4, 11)), (date(2025, 5, 1), date(2025, 5, 6))], 15),
    ([(date(2025, 4, 1), date(2025, 4, 21)), (date(2025, 4, 11), date(2025, 5, 1))], 30),  # overlap
    ([(date(2025, 4, 1), date(2025, 5, 1)), (date(2025, 4, 10), date(2025, 4, 20))], 30),  # nested
    ([(date(2025, 4, 1), date(2025, 4, 11)), (date(2025, 4, 1), date(2025, 4, 11))], 10),  # twice
    ([(date(2025, 2, 20), date(2025, 3, 11))], 10),   # only days after the decision count
    ([(date(2025, 1, 1), date(2025, 2, 1))], 0),      # wholly before the decision
    ([(date(2025, 6, 5), None)], 11),                 # open: up to and including today
    ([(TODAY, None)], 1),                             # put on hold today: one day already
    ([(date(2025, 6, 1), date(2025, 6, 10)), (date(2025, 6, 5), None)], 15),  # open overlaps
    ([(date(2025, 6, 20), None)], 0),                 # a start in the future counts nothing yet
])
def test_days_on_hold(holds, expected):
    assert c.days_on_hold([hold(start, end) for start, end in holds], DECIDED, TODAY) == expected


def test_completion_due_adds_six_months_and_every_day_on_hold():
    today = date(2026, 1, 10)
    holds = [hold(date(2025, 9, 1), date(2025, 9, 11)), hold(date(2025, 9, 6), date(2025, 9, 16))]
    assert c.completion_due(date(2025, 8, 31), [], today, PERIODS) == date(2026, 2, 28)
    # 1-16 September on hold (the two holds overlap): 15 days, counted once.
    assert c.completion_due(date(2025, 8, 31), holds, today, PERIODS) == date(2026, 3, 15)


def test_an_open_hold_moves_the_completion_date_every_day():
    holds = [hold(date(2025, 6, 1))]
    first = c.completion_due(DECIDED, holds, TODAY, PERIODS)
    assert c.completion_due(DECIDED, holds, TODAY + timedelta(days=1), PERIODS) == \
        first + timedelta(days=1)
    assert first == date(2025, 9, 1) + timedelta(days=15)


def commissioned(status=S.information_gathering, decision_on=DECIDED, **fields):
    return make_review(status=status, notified_on=date(2025, 2, 10), decision=Decision.commission,
                       decision_on=decision_on, **fields)


def test_a_review_not_commissioned_has_no_completion_clock():
    for review in (make_review(status=S.decision_pending),
                   make_review(status=S.not_commissioned, decision=Decision.no_review,
                               decision_on=date(2025, 2, 20))):
        assert [clock.name for clock in c.clocks(review, TODAY, PERIODS)] == [ClockName.decision]


@pytest.mark.parametrize("today, state, days_left, text", [
    (date(2025, 2, 1), c.GREEN, 27, "On track: 27 days left"),
    (date(2025, 2, 14), c.AMBER, 14, "Due soon: 14 days left"),   # window edge is amber
    (date(2025, 2, 13), c.GREEN, 15, "On track: 15 days left"),
    (date(2025, 2, 27), c.AMBER, 1, "Due soon: 1 day left"),
    (date(2025, 2, 28), c.AMBER, 0, "Due soon: Due today"),
    (date(2025, 3, 1), c.RED, -1, "Overdue: 1 day overdue"),
    (date(2025, 3, 10), c.RED, -10, "Overdue: 10 days overdue"),
])
def test_decision_clock_rag_state_and_words(today, state, days_left, text):
    clock = c.decision_clock(make_review(status=S.decision_pending), today, PERIODS)
    assert (clock.due, clock.state, clock.days_left, clock.text) == \
        (date(2025, 2, 28), state, days_left, text)


def test_decision_clock_stops_at_the_decision_on_time_or_late():
    on_time = make_review(status=S.commissioned, decision=Decision.commission,
                          decision_on=date(2025, 2, 20))
    late = make_review(status=S.commissioned, decision=Decision.commission,
                       decision_on=date(2025, 3, 5))
    assert c.decision_clock(on_time, TODAY, PERIODS).state == c.MET
    assert c.decision_clock(on_time, TODAY, PERIODS).text == "Met on 20 Feb 2025"
    assert c.decision_clock(late, TODAY, PERIODS).state == c.LATE


def test_completion_clock_running_paused_and_met():
    running = c.completion_clock(commissioned(), TODAY, PERIODS)
    assert (running.due, running.state, running.days_left) == (date(2025, 9, 1), c.GREEN, 78)

    on_hold = commissioned(status=S.on_hold)
    on_hold.holds.append(hold(date(2025, 6, 1), status_before=S.information_gathering))
    paused = c.completion_clock(on_hold, TODAY, PERIODS)
    assert paused.state == c.PAUSED and not paused.running
    assert paused.due == date(2025, 9, 1) + timedelta(days=15)

    sent = commissioned(status=S.submitted_to_home_office)
    sent.submissions.append(submission(date(2025, 8, 20)))
    assert c.completion_clock(sent, TODAY, PERIODS).state == c.MET
    late = commissioned(status=S.analysis_and_drafting)  # back after a resubmission request
    late.submissions.append(submission(date(2025, 9, 20), "resubmission_required",
                                       date(2025, 10, 1)))
    assert c.completion_clock(late, TODAY, PERIODS).state == c.LATE


def test_next_deadline_is_the_earliest_running_clock():
    review = make_review(status=S.decision_pending)
    assert c.next_deadline(c.clocks(review, TODAY, PERIODS)) == (date(2025, 2, 28),
                                                                  ClockName.decision)
    review = commissioned()
    assert c.next_deadline(c.clocks(review, TODAY, PERIODS)) == (date(2025, 9, 1),
                                                                  ClockName.completion)
    on_hold = commissioned(status=S.on_hold)
    on_hold.holds.append(hold(date(2025, 6, 1)))
    assert c.next_deadline(c.clocks(on_hold, TODAY, PERIODS)) == (None, None)


@pytest.mark.parametrize("days_left, window", [
    (30, None), (15, None), (14, "14d"), (10, "14d"), (4, "14d"), (3, "3d"), (0, "3d"),
    (-1, "missed"), (-40, "missed"),
])
def test_reminder_window(days_left, window):
    clock = c.Clock(ClockName.decision, TODAY, c.rag(days_left, 14), days_left=days_left)
    assert c.reminder_window(clock, PERIODS) == window


def test_no_reminder_for_a_met_or_paused_clock():
    for state in (c.MET, c.LATE, c.PAUSED):
        assert c.reminder_window(c.Clock(ClockName.completion, TODAY, state), PERIODS) is None


def test_windows_and_periods_are_settings():
    assert day_list("14,3") == (14, 3)
    assert day_list(" 3, 14,14 ,") == (14, 3)
    assert day_list((7,)) == (7,)
    with pytest.raises(ValueError):
        day_list("14,-1")
    periods = Periods.from_config({"DECISION_PERIOD_MONTHS": "2", "COMPLETION_PERIOD_MONTHS": 9,
                                   "REMINDER_WINDOWS_DAYS": "21,7,1"})
    assert periods == Periods(2, 9, (21, 7, 1)) and periods.warning_days == 21
    review = make_review(status=S.decision_pending)
    assert c.decision_clock(review, TODAY, periods).due == date(2025, 3, 31)
