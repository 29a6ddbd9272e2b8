"""The dashboard in real Chromium, as a review manager and as an analyst: plotly's charts drawn
from our own origin under the content security policy (no violation reported), each beside
its table, a drill-down followed, and axe-core finding no serious or critical violation."""
import pytest

from world import ANALYST, MANAGER

pytestmark = pytest.mark.browser
BLOCKING = ("critical", "serious")


# The theme's bootstrap.min.css asks for a Google font on every /admin page; the policy
# refuses it (as it should). Not the dashboard's.
THEME_FONT = "fonts.googleapis.com"


def _open(page, problems):
    page.on("console", lambda message: message.type == "error"
            and THEME_FONT not in message.text and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/admin/dashboards/")
    page.wait_for_selector('.dashboard-chart[data-drawn="true"]')
    charts = page.locator(".dashboard-chart")
    page.wait_for_function("document.querySelectorAll('.dashboard-chart').length === "
                           "document.querySelectorAll('.dashboard-chart[data-drawn]').length")
    assert charts.count() >= 8
    assert page.locator(".dashboard-chart .main-svg").count() >= charts.count()
    assert problems == []  # no script error, no content security policy violation
    return charts.count()


def _blocking(axe, page, problems):
    """axe's serious and critical findings. axe-core itself adds a style the policy refuses:
    what the console says while it runs is axe's, not the page's."""
    found = [f"{v['id']}: {[n['target'] for n in v['nodes']]}"
             for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING]
    page.wait_for_timeout(100)
    problems.clear()
    return found


# Pages and scoping are checked on both backends in test_dashboards_pages; the browser part
# (drawing, accessibility) does not depend on the database, so it runs once.
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_dashboard_as_a_manager_and_as_an_analyst(signed_in_page, axe):
    problems = []
    manager = signed_in_page(MANAGER)
    _open(manager, problems)
    assert _blocking(axe, manager, problems) == []
    assert manager.locator("#figure-stages table th[scope=row] a").count() >= 1
    manager.select_option("#death_type", "homicide")
    manager.click("text=Show figures")
    manager.wait_for_selector('.dashboard-chart[data-drawn="true"]')
    assert problems == []
    assert "Homicide" in manager.inner_text("#dashboard-scope")
    manager.click("#figure-stages table th[scope=row] a >> nth=0")
    manager.wait_for_selector("#drill-reviews")
    assert manager.locator("#drill-reviews tbody tr").count() >= 1
    assert _blocking(axe, manager, problems) == []

    analyst = signed_in_page(ANALYST)
    _open(analyst, problems)
    assert "fewer than 3" in analyst.inner_text("#figure-stages")
    assert analyst.locator("#figure-stages a").count() == 0  # aggregates only: no drilling
    assert _blocking(axe, analyst, problems) == []
