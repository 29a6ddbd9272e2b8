"""The dashboard pages through the real app: who may open what, drill-downs scoped as
everywhere (a chair never reaches another chair's review), the analyst's suppressed view, the
plotly script from our own origin, the board's figures, and the review page's return section."""
import io
import re

from openpyxl import load_workbook

from dbtools import review_id
from world import (ADMIN, ANALYST, AT_HOME_OFFICE, CHAIR_A, CHAIR_B, DUE_SOON, GATHERING,
                   MANAGER, ON_HOLD, PANEL_A, POLICE)

DASH = "/admin/dashboards/"


def drill_refs(html):
    return set(re.findall(r'href="/admin/review/\d+/">(DHR-[\d-]+)<', html))


def test_each_role_sees_its_own_dashboard(app, auth, client):
    auth.login(MANAGER)
    page = client.get(DASH)
    assert page.status_code == 200
    assert "8 reviews: all reviews." in page.text
    assert 'type="application/json" id="dashboard-charts"' in page.text
    assert "/admin/dashboards/plotly.min.js?v=" in page.text
    assert 'href="/admin/dashboards/reviews/?figure=stages&amp;key=on_hold"' in page.text
    script = client.get(re.search(r'src="(/admin/dashboards/plotly.min.js[^"]*)"', page.text)[1])
    assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert script.cache_control.max_age >= 86400 and b"plotly" in script.data[:2000]
    drill = client.get(DASH + "reviews/?figure=stages&key=on_hold")
    assert drill_refs(drill.text) == {ON_HOLD}
    auth.logout()

    auth.login(CHAIR_A)  # chairs DHR-2026-001 and -002 only
    page = client.get(DASH)
    assert "2 reviews: all reviews." in page.text
    assert drill_refs(client.get(DASH + "reviews/?figure=stages&key=analysis_and_drafting")
                      .text) == set()
    everything = set()
    for figure, key in (("decisions", "within"), ("stages", "on_hold"),
                        ("stages", "information_gathering"), ("death_type", "homicide")):
        everything |= drill_refs(client.get(DASH + f"reviews/?figure={figure}&key={key}").text)
    assert everything == {GATHERING, ON_HOLD}
    assert DUE_SOON not in client.get(DASH + "reviews/?figure=death_type&key=homicide").text
    auth.logout()


def test_a_chair_cannot_drill_into_another_chairs_review(app, auth, client):
    auth.login(CHAIR_B)  # chairs DHR-2026-003 and DHR-2025-011
    for figure, key in (("stages", "information_gathering"), ("stages", "on_hold"),
                        ("death_type", "homicide"), ("decisions", "within")):
        found = drill_refs(client.get(DASH + f"reviews/?figure={figure}&key={key}").text)
        assert found <= {DUE_SOON, AT_HOME_OFFICE}, (figure, found)
        assert GATHERING not in found and ON_HOLD not in found
    assert client.get(f"/admin/review/{review_id(app, GATHERING)}/").status_code == 404
    assert client.get(DASH + "reviews/?figure=nosuch&key=x").status_code == 404


def test_analysts_see_aggregates_only(app, auth, client):
    auth.login(ANALYST)
    page = client.get(DASH)
    assert page.status_code == 200
    assert 'id="suppression-note"' in page.text
    assert "fewer than 3" in page.text
    assert "/admin/dashboards/reviews/" not in page.text  # no drill links
    assert client.get(DASH + "reviews/?figure=stages&key=on_hold").status_code == 403
    assert client.get(f"/admin/review/{review_id(app, GATHERING)}/").status_code == 403
    # Eight reviews, cut by one filter: too few to show.
    small = client.get(DASH + "?death_type=homicide")
    assert 'id="too-few"' in small.text and 'id="figure-stages"' not in small.text
    assert client.get(DASH + "data-collection/").status_code == 403


def test_agency_users_and_panel_members_are_refused(app, auth, client):
    auth.login(POLICE)
    for url in (DASH, DASH + "reviews/?figure=stages&key=on_hold", DASH + "annual.xlsx",
                DASH + "plotly.min.js"):
        assert client.get(url).status_code in (302, 403), url
    auth.logout()
    auth.login(PANEL_A)
    for url in (DASH, DASH + "reviews/?figure=stages&key=on_hold", DASH + "data-collection/"):
        assert client.get(url).status_code == 403, url


def test_the_boards_figures_are_the_dashboards_tables(app, auth, client):
    auth.login(ADMIN)
    response = client.get(DASH + "annual.xlsx?notified_from=2020-01-01")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert "Reviews by stage" in book.sheetnames
    rows = list(book["Reviews by stage"].values)
    assert ("On hold", 1) in rows
    assert list(book["Summary"].values)[3] == ("Reviews", 8)
