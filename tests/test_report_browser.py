"""In a real browser: the chair and a panel member edit the same section at once, each in
their own browser context; autosave merges their changes and both edits survive. Each sees
that the other is editing."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from models import ReportSection, Review, db
from test_accessibility import Journey
from world import CHAIR_A, GATHERING, PANEL_A

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_two_people_editing_one_section_both_edits_survive(app, live_server, signed_in_page,
                                                        axe):
    with app.app_context():
        section_id = db.session.scalar(select(ReportSection.id).join(Review).where(
            Review.reference == GATHERING, ReportSection.heading == "Background"))
    url = f"{live_server}/admin/report/section/{section_id}/"
    chair, panel = signed_in_page(CHAIR_A), signed_in_page(PANEL_A)
    chair.goto(url)
    panel.goto(url)
    chair_text = chair.locator("#body").input_value()
    chair.locator("#body").fill("The chair's opening paragraph.\n\n" + chair_text)
    panel.locator("#body").fill(panel.locator("#body").input_value()
                                + "\n\nThe panel member's closing paragraph.")
    for page in (chair, panel):
        expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved"))
    expect(panel.locator("#others-here")).to_contain_text("Chair")
    with app.app_context():
        body = db.session.get(ReportSection, section_id).body
    assert body.count("The chair's opening paragraph.") == 1
    assert body.count("The panel member's closing paragraph.") == 1
    chair.reload()
    expect(chair.locator("#preview")).to_contain_text("The panel member's closing paragraph.")
    # The report's pages pass axe's WCAG checks as the accessibility tests run them.
    journey = Journey(axe, chair, "chair")
    journey.check("section")
    journey.go(f"{live_server}/admin/report/section/{section_id}/revisions/?old=1&new=2")
    with app.app_context():
        review_id = db.session.get(ReportSection, section_id).review_id
    journey.go(f"{live_server}/admin/report/review/{review_id}/")
    assert journey.found == [], "\n".join(journey.found)
