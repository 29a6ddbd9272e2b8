"""In a real browser: an agency user opens their IMR request, saves a draft, comes back to it
and submits; the coordinator's grid then shows it submitted. Uses the Playwright fixtures of
tests/browser.py (``live_server``: the app on this test's database; ``signed_in_page(email)``)
loaded by conftest."""
import pytest

from dbtools import review_id
from formtools import POLICE, agency_id, request_id
import world
from world import GATHERING, MANAGER

pytestmark = pytest.mark.browser


def test_agency_user_completes_an_imr_and_the_grid_shows_it(app, live_server, signed_in_page):
    rid = request_id(app, GATHERING, POLICE, "imr")
    police = signed_in_page(world.POLICE)
    police.goto(f"{live_server}/portal/")
    police.click(f"#task-{rid} a")
    police.fill("#lessons", "Lessons typed in the browser")
    police.click("#save-draft")
    assert "Draft saved" in police.inner_text("main")

    police.goto(f"{live_server}/portal/")  # leave, then come back to the draft
    police.click(f"#task-{rid} a")
    assert police.input_value("#lessons") == "Lessons typed in the browser"
    police.check("#declaration_confirmed")
    police.click("#submit-form")
    assert "Check your answers" in police.inner_text("main")
    police.click("#confirm-submit")
    assert "Form submitted" in police.inner_text("#confirmation")
    police.click("text=Read your submitted answers")
    assert police.locator("#answers-form").count() == 0  # read-only now

    manager = signed_in_page(MANAGER)
    manager.goto(f"{live_server}/admin/formrequest/review/{review_id(app, 'DHR-2026-001')}/")
    cell = manager.locator(f"#cell-{agency_id(app, POLICE)}-imr")
    assert cell.get_attribute("data-status") == "submitted"
    assert "Submitted" in cell.inner_text()
