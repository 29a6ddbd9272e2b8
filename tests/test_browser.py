"""In real headless Chromium: sign in with TOTP, create a review through Flask-Admin's form and
see it listed; agency staff land on their portal; a chair's list holds only their reviews."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from models import Review, db

pytestmark = pytest.mark.browser

MANAGER, CHAIR_A, POLICE = "manager@example.org", "chair.a@example.org", "police@example.org"


def listed_references(page):
    return set(page.locator("table.model-list td.col-reference").all_inner_texts())


def test_manager_creates_a_review_and_sees_it_listed(app, signed_in_page):
    page = signed_in_page(MANAGER)
    page.goto("/admin/review/")
    page.get_by_role("link", name="Create").click()
    page.wait_for_url(re.compile(r"/admin/review/new/"))

    notified = date.today() - timedelta(days=3)
    page.fill("#reference", "DHR-2026-099")
    page.fill("#title", "Review concerning Adult Z")
    page.select_option("#review_type", "dardr", force=True)
    page.select_option("#death_type", "suicide", force=True)
    page.fill("#date_of_death", (notified - timedelta(days=7)).isoformat())
    page.fill("#notified_on", notified.isoformat())
    page.select_option("#notifying_agency", label="Northshire Police", force=True)
    page.select_option("#status", "notified", force=True)
    page.locator("input[type=submit][value=Save]").click()

    page.wait_for_url(re.compile(r"/admin/review/(\?.*)?$"))
    assert "successfully created" in page.locator(".alert").first.inner_text()
    assert "DHR-2026-099" in listed_references(page)
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == "DHR-2026-099"))
        assert review.title == "Review concerning Adult Z"
        assert review.review_type.name == "dardr" and review.notified_on == notified
        assert review.notifying_agency.name == "Northshire Police"


def test_agency_user_lands_on_the_portal(signed_in_page):
    page = signed_in_page(POLICE)
    assert re.search(r"/portal/$", page.url)
    assert page.locator("#agency-name").inner_text() == "Northshire Police"
    refused = page.goto("/admin/review/")
    assert refused.status == 403 and "DHR-2026" not in page.content()


def test_chair_lists_only_their_reviews(signed_in_page):
    page = signed_in_page(CHAIR_A)
    page.goto("/admin/review/")
    assert listed_references(page) == {"DHR-2026-001", "DHR-2026-002"}
    assert page.get_by_role("link", name="Create").count() == 0
