"""Analysts never see a count of 1 or 2, through any filter or any pair of filtered views.

First the rule itself, for every pair of counts up to 400; then the real dashboard, built for
an analyst over every combination of five filters (108 views) of the demo world
and the 2010 fixture, with the smallest-population refusal turned off so that the rounding
alone is tested: every shown count stands for its true count, and subtracting any shown cell
of one view from the same cell of another never pins a number of 1 or 2."""
import itertools

import pytest
from sqlalchemy import select

import dashboards
from dashboard_fixture import TODAY, build
from dashboards import suppression as s
from dashboards.filters import parse
from models import Agency, User, db
from world import ANALYST, HEALTH_AGENCY, POLICE_AGENCY

pytestmark = pytest.mark.both_backends  # the dashboards' SQL


def test_the_rule_for_every_pair_of_counts():
    assert s.shown_count(0) == 0 and s.shown_count(1) == s.shown_count(2) == s.FEWER_THAN_3
    assert [s.shown_count(n) for n in (3, 7, 8, 12, 13)] == [5, 5, 10, 10, 15]
    counts = range(0, 401)
    for first in counts:
        shown = s.shown_count(first)
        low, high = s.possible(shown)
        assert low <= first <= high and shown not in (1, 2)
        for second in counts:
            other = s.shown_count(second)
            low, high = s.difference(shown, other)
            assert low <= first - second <= high
            assert not s.singles_out(shown, other), (first, second)
    assert s.shown_measure(123, 9) == s.NOT_SHOWN and s.shown_measure(123, 10) == 125


OPTIONS = {
    "period": [{}, {"notified_from": "2010-01-01", "notified_to": "2010-12-31"},
               {"notified_from": "2025-01-01"}],
    "review_type": [None, "standalone", "joint_sar"],
    "death_type": [None, "suicide"],
    "stage": [None, "analysis_and_drafting"],
    "agency_id": [None, POLICE_AGENCY, HEALTH_AGENCY],
}


@pytest.fixture
def app_config():
    return {"DASHBOARD_MIN_POPULATION": 0}


def _views(app):
    """{filters: {(figure, row, column): (true count, shown)}} for every combination."""
    with app.app_context():
        build()
        analyst = db.session.scalar(select(User).where(User.email == ANALYST))
        agencies = dict(db.session.execute(select(Agency.name, Agency.id)).all())
        views = {}
        for period, *rest in itertools.product(*OPTIONS.values()):
            args = dict(period)
            for name, value in zip(list(OPTIONS)[1:], rest):
                if value is not None:
                    args[name] = str(agencies[value]) if name == "agency_id" else value
            board = dashboards.build(analyst, parse(args), TODAY)
            assert board.aggregates_only and not board.refused
            cells = {}
            for _, figures in board.panels:
                for shown in figures:
                    for row, values in zip(shown.table.rows, shown.cells):
                        for column in shown.table.counts:
                            cells[(shown.figure.id, row.key, column)] = (
                                row.values[column], values[column])
                        for value_column, group in shown.table.floor:
                            if row.values[group] < s.MIN_GROUP:
                                assert values[value_column] in (s.NOT_SHOWN, None)
            views[tuple(sorted(args.items()))] = cells
        return views


# The rule does not depend on the backend (both compute the same figures:
# test_dashboards_figures), so the 108 views are built once, on SQLite.
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_no_filter_or_pair_of_filters_singles_anyone_out(app):
    views = _views(app)
    assert len(views) == 108
    small = pairs_small = 0
    for cells in views.values():
        for true, shown in cells.values():
            low, high = s.possible(shown)
            assert low <= true <= high and shown not in (1, 2)
            small += true in (1, 2)
    for first, second in itertools.combinations(views.values(), 2):
        for key in first.keys() | second.keys():
            true1, shown1 = first.get(key, (0, 0))
            true2, shown2 = second.get(key, (0, 0))
            low, high = s.difference(shown1, shown2)
            assert low <= true1 - true2 <= high
            assert not (low == high and low in (1, 2)), key
            pairs_small += 0 < abs(true1 - true2) < 3
    assert small > 50 and pairs_small > 500  # the data has the small numbers to hide
