"""Each dashboard figure against the hand-worked fixture of tests/dashboard_fixture.py (eight
reviews notified in 2010, read on 31 Dec 2010), on both backends."""
import pytest
from sqlalchemy import select

import dashboards
from dashboard_fixture import TODAY, YEAR, build
from dashboards.filters import parse
from models import Agency, User, db
from world import HEALTH_AGENCY, MANAGER, POLICE_AGENCY

pytestmark = pytest.mark.both_backends  # the dashboards' SQL


@pytest.fixture
def board(app):
    """(figures by id as {row label: values}, drill(figure, key) -> references)."""
    with app.app_context():
        ids = build()
        manager = db.session.scalar(select(User).where(User.email == MANAGER))
        built = dashboards.build(manager, parse(YEAR), TODAY)
        tables = {shown.figure.id: {row.label: row.values for row in shown.table.rows}
                  for _, figures in built.panels for shown in figures}
        notes = {shown.figure.id: shown.note for _, figures in built.panels for shown in figures}
        references = {id: ref for ref, id in ids.items()}

        def drill(figure, key, **more):
            query = dashboards.drill(manager, figure, key, parse({**YEAR, **more}), TODAY)
            return {references[id] for id in db.session.scalars(query)}
        agencies = dict(db.session.execute(select(Agency.name, Agency.id)).all())
        yield built, tables, notes, drill, agencies, manager


def test_reviews_by_stage_and_decisions(board):
    built, tables, notes, drill, _, _ = board
    assert built.reviews == 8
    assert tables["stages"] == {"Notified": [1], "Decision pending": [1],
                                "Not commissioned": [1], "Scoping": [1],
                                "Analysis and drafting": [1], "Submitted to Home Office": [1],
                                "Published": [1], "On hold": [1]}
    # Due one calendar month after notification, clamped to the month's end: 31 Jan -> 28 Feb
    # (FX-1 decided 28 Feb: in time; FX-2 on 1 Mar: late); 30 Apr -> 30 May (FX-8 on 31 May:
    # late); 31 Mar -> 30 Apr, still pending on 31 Dec (FX-3: overdue); 10 Dec -> 10 Jan.
    assert tables["decisions"] == {"Decided within the decision period": [4],
                                   "Decided late": [2], "Awaiting decision, in time": [1],
                                   "Awaiting decision, overdue": [1]}
    assert notes["decisions"] == "67% of those finished were in time."
    assert drill("decisions", "late") == {"FX-2", "FX-8"}
    assert drill("decisions", "overdue") == {"FX-3"}


def test_completion_holds_and_pace(board):
    _, tables, notes, drill, _, _ = board
    # FX-1: 28 Feb + 6 months = 28 Aug, + 14 days on hold (1-11 Mar and 5-15 Mar overlap:
    # 1-15 Mar counted once) = 11 Sep; sent 7 Sep: within. FX-2: 1 Mar + 6 months = 1 Sep,
    # sent 2 Sep: late. FX-7: on hold since 1 Nov: paused. FX-5 and FX-6 running.
    assert tables["completion"] == {"Completed within the statutory period": [1],
                                    "Completed late": [1], "Running, in time": [2],
                                    "Running, overdue": [0], "On hold": [1]}
    assert drill("completion", "paused") == {"FX-7"}
    # FX-5: 102 days since 20 Sep at the 4th of 6 stages (3.5/6 of the way): 175 days in all,
    # finishing 13 Mar 2011 before its due 20 Mar. FX-6: 133 days at the 2nd (1.5/6): 532.
    assert tables["pace"]["Will miss the deadline at the current pace"] == [1]
    assert tables["pace"]["On pace to meet it"] == [1]
    assert drill("pace", "will_miss") == {"FX-6"}
    assert drill("pace", "on_pace") == {"FX-5"}


def test_durations(board):
    _, tables, _, _, _, _ = board
    # Notification to decision: 28, 29, 19, 19, 24, 31 days -> median 26, longest 31.
    assert tables["durations"]["Notification to decision"] == [26, 31, 6]
    # Decision to submission: FX-1 28 Feb -> 7 Sep = 191, FX-2 1 Mar -> 2 Sep = 185.
    assert tables["durations"]["Decision to submission to the Home Office"] == [188, 191, 2]
    # On hold: FX-1 14 days, FX-7 1 Nov to 31 Dec inclusive = 61 -> median 37.5 -> 38.
    assert tables["durations"]["Days on hold (reviews ever on hold)"] == [38, 61, 2]


def test_agency_scorecard(board):
    _, tables, _, drill, agencies, _ = board
    # Police: FX-1 returned 5 days late, FX-5's IMR overdue since 1 Dec; its FX-6 draft was
    # never sent, so FX-6 is not counted. Health: FX-1 on time (23:10 on the due day), FX-5
    # outstanding, not yet due.
    assert tables["involvement"] == {HEALTH_AGENCY: [2], POLICE_AGENCY: [2]}
    assert tables["scorecard"][POLICE_AGENCY] == [0, 1, 5, 1, 1]
    assert tables["scorecard"][HEALTH_AGENCY] == [1, 0, None, 1, 0]
    assert drill("involvement", str(agencies[POLICE_AGENCY])) == {"FX-1", "FX-5"}


def test_people_and_filters(board, app):
    _, tables, _, drill, agencies, manager = board
    assert tables["people_sex"] == {"Female": [2, 0], "Male": [0, 1]}
    assert tables["people_age_band"] == {"16-19": [1, 0], "25-34": [1, 0], "65+": [0, 1]}
    assert tables["death_type"] == {"Homicide": [7], "Suicide": [1]}
    assert drill("people_sex", "male") == {"FX-1"}
    assert drill("stages", "on_hold", agency_id=str(agencies[POLICE_AGENCY])) == set()
    assert drill("death_type", "suicide", review_type="joint_sar") == {"FX-8"}
    filtered = dashboards.build(manager, parse({**YEAR, "agency_id": str(
        agencies[HEALTH_AGENCY])}), TODAY)
    assert filtered.reviews == 2
    stages = {row.label: row.values for _, figures in filtered.panels for shown in figures
              if shown.figure.id == "stages" for row in shown.table.rows}
    assert stages == {"Published": [1], "Analysis and drafting": [1]}
    held = dashboards.build(manager, parse({**YEAR, "stage": "analysis_and_drafting"}), TODAY)
    assert held.reviews == 2  # FX-5, and FX-7 paused at that stage


def test_learning(board):
    _, tables, _, drill, _, _ = board
    # Lessons: FX-1 two (police; themes A, and A and B), FX-2 one (no agency; A), FX-5 one
    # (health; no theme). All notified in 2010.
    assert tables["themes_by_year"] == {"FX theme A": [3, 3], "FX theme B": [1, 1]}
    assert tables["lessons_by_agency"] == {POLICE_AGENCY: [2], HEALTH_AGENCY: [1],
                                           "No one agency": [1]}
    assert tables["recommendations_by_scope"] == {"Local": [2], "Regional": [0],
                                                  "National": [1]}
    # A1 complete, A2 on track but its target (1 Dec) passed, A3 overdue, A4 not started.
    assert tables["actions_by_status"] == {
        "Not started": [1], "On track": [1], "At risk": [0], "Overdue": [1], "Complete": [1],
        "Past their target date, not complete": [2]}
    assert drill("actions_by_status", "past_target") == {"FX-1", "FX-2"}
    # Theme A is recommended on in FX-1 and FX-2; theme B in FX-2 only.
    assert tables["repeated"] == {"FX theme A": [2, 2]}


def test_incidents_and_traits(board):
    _, tables, _, drill, _, _ = board
    flags = tables["flags"]
    assert flags["Intimate partner violence"] == [2] and flags["Coercive control"] == [1]
    assert sum(values[0] for values in flags.values()) == 3
    assert tables["cause_of_death"] == {"Sharp instrument": [1], "Not recorded": [7]}
    assert drill("flags", "coercive_control") == {"FX-1"}
    assert tables["traits_mental_health"] == {"Anxiety": [1, 0], "Depression": [1, 0]}
    assert tables["traits_vulnerability"] == {"Alcohol": [0, 1]}
    assert drill("traits_vulnerability", "alcohol") == {"FX-1"}
