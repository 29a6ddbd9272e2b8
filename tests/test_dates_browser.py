"""In a real browser: a review manager types 20 11 2026 into the Day, Month, Year boxes of
"Date notified" on the new-review form and reads "20 Nov 2026" on the next page; a
two-digit year is refused with a message naming the field, the boxes keeping what was typed."""
import pytest
from playwright.sync_api import expect
from world import MANAGER

pytestmark = pytest.mark.browser


def type_date(group, day, month, year):
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_a_date_typed_in_three_boxes_is_shown_as_20_nov_2026(live_server, signed_in_page):
    page = signed_in_page(MANAGER)
    page.goto(f"{live_server}/admin/review/new/")
    expect(page.locator('[data-role="datepicker"]')).to_have_count(0)
    page.fill("#reference", "DHR-2026-088")
    page.fill("#title", "Typed in the browser")
    notified = page.get_by_role("group", name="Date notified")
    expect(notified).to_contain_text("For example, 27 3 2026")

    type_date(notified, "20", "11", "26")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("body")).to_contain_text(
        "Date notified must include the year as 4 numbers")
    notified = page.get_by_role("group", name="Date notified")
    expect(notified.get_by_label("Day")).to_have_value("20")
    expect(notified.get_by_label("Year")).to_have_value("26")

    notified.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(lambda url: "/new/" not in url)
    page.goto(f"{live_server}/admin/review/?search=DHR-2026-088")
    row = page.locator("tr", has_text="DHR-2026-088")
    expect(row).to_contain_text("20 Nov 2026")
    row.get_by_role("link", name="DHR-2026-088").click()
    expect(page.locator("#timeline")).to_contain_text("20 Nov 2026")
