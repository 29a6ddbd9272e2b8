"""In a real browser: an agency user uploads their chronology, sees the preview with the one
rejected row and its reason, imports it and reads what it imported, and the coordinator finds
the rows in the consolidated chronology; axe-core finds no serious or critical violation on
either page."""
import pytest

from chronology_files import csv_bytes
from chronology_helpers import ask_for_chronologies, review_id
from world import MANAGER, ON_HOLD, POLICE, POLICE_AGENCY

pytestmark = pytest.mark.browser

ROWS = [["Northshire Police: chronology"], [],
        ["Date of contact", "Details", "Outcome"],
        ["03/03/2021", "Officers attended the address after a neighbour's call", "Advice"],
        ["12/04/2021", "Welfare visit arranged with the housing officer", ""],
        ["30/02/2021", "A visit on a day that does not exist", ""]]


def _blocking(axe, page):
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}"
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_upload_preview_commit_then_the_coordinator_reads_it(app, signed_in_page, axe):
    rid = ask_for_chronologies(app, ON_HOLD, POLICE_AGENCY)[POLICE_AGENCY]
    page = signed_in_page(POLICE)
    page.goto(f"/portal/requests/{rid}")
    page.wait_for_selector("#upload-form")
    page.set_input_files("#file", {"name": "police chronology.csv", "mimeType": "text/csv",
                                   "buffer": csv_bytes(ROWS)})
    page.click("#upload-button")
    page.wait_for_selector("#rejected-rows")
    rejected = page.inner_text("#rejected-rows")
    assert "6" in rejected and "30/02/2021 is an impossible date" in rejected
    assert "2 rows will be imported" in page.inner_text("#preview-summary")
    page.click("#commit-button")
    page.wait_for_selector(".govuk-notification-banner, .alert-success, [role=status]")
    assert "2 entries imported" in page.inner_text("main")
    imported = page.inner_text("#imported-entries")
    assert "Officers attended the address after a neighbour's call" in imported
    assert _blocking(axe, page) == []

    coordinator = signed_in_page(MANAGER)
    coordinator.goto(f"/admin/chronology/review/{review_id(app, ON_HOLD)}/")
    table = coordinator.inner_text("#chronology-table")
    assert "Officers attended the address after a neighbour's call" in table
    assert "Welfare visit arranged with the housing officer" in table
    assert "does not exist" not in table
    assert _blocking(axe, coordinator) == []
