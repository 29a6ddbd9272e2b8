"""The issue's flow in real Chromium: a review manager adds a lesson (themes suggested from its
text), a recommendation ("seen before" shows the earlier review's while it is typed) and an
action; the police update the action in the portal; the manager exports the action plan and
downloads it. axe-core runs on each learning page visited."""
import re

import pytest
from openpyxl import load_workbook

from dbtools import review_id
from world import DUE_SOON, MANAGER, POLICE, PUBLISHED

pytestmark = pytest.mark.browser
ACTION = "Audit every DASH form completed after a strangulation report"


def no_blocking_violations(axe, page, label, found):
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in ("critical", "serious"):
            found.append(f"{label}: {violation['id']} {violation['nodes'][0]['target']}")


def test_lesson_recommendation_action_update_and_export(app, signed_in_page, axe, tmp_path):
    rid, problems = review_id(app, DUE_SOON), []
    page = signed_in_page(MANAGER)
    page.goto(f"/admin/learning/review/{rid}/")
    page.click("text=Add a lesson")
    page.fill("#text-lesson", "Officers did not complete a DASH risk assessment after the "
                              "reported strangulation.")
    page.wait_for_selector(".theme-suggestions:has-text('Risk assessment (including DASH)')")
    page.check("#source-lesson-1")  # from a panel meeting... or any source
    no_blocking_violations(axe, page, "learning page", problems)
    page.click("#lesson-submit")
    assert "Lesson added." in page.inner_text("main")
    assert "Risk assessment (including DASH)" in page.inner_text("#lessons")

    page.click("text=Add a recommendation")
    page.fill("#text-recommendation", "Police officers must always complete the DASH risk "
                                      "assessment at domestic abuse incidents and audit it.")
    page.wait_for_selector(f".seen-before-live-list li:has-text('{PUBLISHED}')")
    page.click("#recommendation-submit")
    assert "Recommendation added." in page.inner_text("main")
    assert PUBLISHED in page.inner_text("#seen-before")
    page.fill("#action_to_take", ACTION)
    page.select_option("#lead_agency", label="Northshire Police")
    page.fill("#target_date", "1")
    page.fill("#target_date-month", "6")
    page.fill("#target_date-year", "2027")
    no_blocking_violations(axe, page, "recommendation page", problems)
    page.click("#action-submit")
    assert "Action added to the plan." in page.inner_text("main")

    police = signed_in_page(POLICE)
    police.click(f"#actions-to-update a:has-text('{ACTION}')")
    police.wait_for_selector("#update-form")
    assert ACTION in police.inner_text("#action-summary")
    police.fill("#note", "Audit started in two districts")
    police.select_option("#status", "on_track")
    no_blocking_violations(axe, police, "portal action page", problems)
    police.click("#update-submit")
    assert "Progress update saved." in police.inner_text("main")
    assert "Audit started in two districts" in police.inner_text("#updates")

    page.goto(f"/admin/learning/review/{rid}/plan/")
    assert "On track" in page.locator(f"tr:has-text('{ACTION}')").inner_text()
    no_blocking_violations(axe, page, "plan page", problems)
    page.click("#job-start-plan_xlsx")
    page.wait_for_url(re.compile(r"/plan/#jobs$"))
    link = page.locator("#jobs-plan_xlsx .job-download-link")
    link.wait_for(state="visible")
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "plan.xlsx"
    info.value.save_as(path)
    assert info.value.suggested_filename.startswith(f"Action plan {DUE_SOON}")
    rows = list(load_workbook(path)["Action plan"].iter_rows(values_only=True))
    assert [row for row in rows if row[2] == ACTION][0][3] == "Northshire Police"
    assert problems == []
