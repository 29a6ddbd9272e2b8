"""In a real browser: a review manager puts a review on hold on its page and sees the
completion date move, then takes it off hold. Uses the Playwright fixtures of
tests/browser.py (``live_server``: base URL of the app on this test's database;
``signed_in_page(email)``: a page signed in as that demo account)."""
from datetime import date, datetime, timedelta

import pytest

from playwright.sync_api import expect

from datetools import fill_date  # noqa: E402
from world import GATHERING, MANAGER

pytestmark = pytest.mark.browser


def shown_date(page, selector):
    return datetime.strptime(page.locator(selector).inner_text().strip(), "%d %b %Y").date()


def test_putting_a_review_on_hold_moves_the_completion_date(live_server, signed_in_page):
    page = signed_in_page(MANAGER)
    page.goto(f"{live_server}/admin/review/")
    page.get_by_role("link", name=GATHERING).click()
    expect(page.locator("#review-stage")).to_have_text("Information gathering")
    due = shown_date(page, "#clock-completion .clock-due")

    page.get_by_label("Inquest").check()
    fill_date(page.get_by_role("group", name="On hold from"), date.today() - timedelta(days=10))
    page.get_by_role("button", name="Put on hold").click()

    expect(page.locator("#review-stage")).to_have_text("On hold")
    expect(page.locator("#clock-completion .clock-text")).to_contain_text("Paused")
    # Ten days on hold, and today: the review is still on hold at the end of it.
    assert shown_date(page, "#clock-completion .clock-due") == due + timedelta(days=11)

    page.get_by_role("button", name="Take off hold").click()
    expect(page.locator("#review-stage")).to_have_text("Information gathering")
    assert shown_date(page, "#clock-completion .clock-due") == due + timedelta(days=10)
    expect(page.locator("#history")).to_contain_text("Inquest")
