"""In real headless Chromium: sign in with TOTP, create a review through Flask-Admin's form and
see it listed; agency staff land on their portal; a chair's list holds only their reviews."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from datetools import fill_date
from models import Review, db
from world import (CHAIR_A, DUE_SOON, DUE_SOON_VICTIM, GATHERING, MANAGER, ON_HOLD, POLICE,
                   POLICE_AGENCY)

pytestmark = pytest.mark.browser


def listed_references(page):
    return set(page.locator("table.model-list td.col-reference").all_inner_texts())


def review_by_reference(app, reference):
    """The stored review as plain values (read in its own app context)."""
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == reference))
        return {"id": review.id, "title": review.title, "type": review.review_type.name,
                "notified_on": review.notified_on,
                "agency": review.notifying_agency and review.notifying_agency.name}


def test_manager_creates_a_review_and_sees_it_listed(app, signed_in_page):
    page = signed_in_page(MANAGER)
    page.goto("/admin/review/")
    page.get_by_role("link", name="Create").click()
    page.wait_for_url(re.compile(r"/admin/review/new/"))

    notified = date.today() - timedelta(days=3)
    page.fill("#reference", "DHR-2026-099")
    page.fill("#title", "Review concerning Adult Z")
    page.select_option("#review_type", "joint_sar", force=True)
    page.select_option("#death_type", "suicide", force=True)
    fill_date(page.get_by_role("group", name="Date of death"), notified - timedelta(days=7))
    fill_date(page.get_by_role("group", name="Date notified"), notified)
    page.select_option("#notifying_agency", label=POLICE_AGENCY, force=True)
    page.locator("input[type=submit][value=Save]").click()

    page.wait_for_url(re.compile(r"/admin/review/(\?.*)?$"))
    assert "successfully created" in page.locator(".govuk-notification-banner").first.inner_text()
    assert "DHR-2026-099" in listed_references(page)
    row = page.locator("tr", has=page.locator("td.col-reference", has_text="DHR-2026-099"))
    assert "Joint review with a safeguarding adult review" in row.inner_text()  # labels
    review = review_by_reference(app, "DHR-2026-099")
    assert review == {"id": review["id"], "title": "Review concerning Adult Z", "type": "joint_sar",
                      "notified_on": notified, "agency": POLICE_AGENCY}

    details = page.goto(f"/admin/review/details/?id={review['id']}")
    assert details.status == 200
    assert "Joint review with a safeguarding adult review" in page.locator("#record-details").inner_text()


def test_agency_user_lands_on_the_portal(signed_in_page):
    page = signed_in_page(POLICE)
    assert re.search(r"/portal/$", page.url)
    assert page.locator("#agency-name").inner_text() == POLICE_AGENCY
    refused = page.goto("/admin/review/")
    assert refused.status == 403 and "DHR-2026" not in page.content()


def test_chair_lists_only_their_reviews(app, signed_in_page):
    page = signed_in_page(CHAIR_A)
    page.goto("/admin/review/")
    assert listed_references(page) == {GATHERING, ON_HOLD}
    assert page.get_by_role("link", name="Create").count() == 0
    others = review_by_reference(app, DUE_SOON)
    assert page.goto(f"/admin/review/details/?id={others['id']}").status == 404
    assert DUE_SOON_VICTIM not in page.content()
