"""Finding 9 (issue 8), content security policy: no 'unsafe-inline' for scripts or styles, and
the pages still work in a real browser with no violation reported: the admin list and its
bulk action, an edit form with selects and an inline "Add" button, the review page, the
portal. Violations are caught both from the console and from securitypolicyviolation events
(recorded by a script Playwright injects, which the page's policy does not govern)."""
import re

import pytest
from playwright.sync_api import expect

from dbtools import review_id
from formtools import POLICE, request_id
import world
from world import ADMIN, GATHERING, MANAGER

pytestmark = pytest.mark.browser
ADMIN, MANAGER, POLICE_USER = ADMIN, MANAGER, world.POLICE
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' '
                              + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


class Watch:
    """Everything a page reports about the content security policy."""

    def __init__(self, page):
        self.page, self.console = page, []
        page.on("console", lambda message: self.console.append(message.text))
        page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))

    def problems(self):
        recorded = self.page.evaluate("window.__cspViolations || []")
        said = [text for text in self.console
                if "Content Security Policy" in text or text.startswith("page error")]
        return recorded + said  # none expected: no page asks for anything the policy refuses


def watched(signed_in_page, email):
    page = signed_in_page(email)
    page.context.add_init_script(RECORD_VIOLATIONS)
    return page, Watch(page)


def visit(page, watch, url):
    response = page.goto(url)
    assert response.status == 200, url
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "'nonce-" in policy
    page.wait_for_load_state("load")
    assert watch.problems() == [], (url, watch.problems())


def test_admin_list_and_bulk_action_work_under_the_policy(live_server, signed_in_page):
    page, watch = watched(signed_in_page, MANAGER)
    visit(page, watch, f"{live_server}/admin/formrequest/")
    page.locator("input.action-checkbox").first.check()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="With selected").click()
    page.get_by_role("link", name="Chase now").click()
    expect(page.locator("#action_form")).to_have_count(1)
    page.wait_for_timeout(200)
    assert dialogs and "reminder" in dialogs[0], dialogs  # the action's own confirmation
    page.get_by_role("link", name="Add Filter").click()
    page.locator("a.filter").first.click()
    expect(page.locator(".filter-op").first).to_be_visible()
    assert watch.problems() == [], "\n".join(watch.problems())


def test_edit_form_with_selects_and_inline_rows(app, live_server, signed_in_page):
    rid = review_id(app, GATHERING)
    page, watch = watched(signed_in_page, MANAGER)
    visit(page, watch, f"{live_server}/admin/review/edit/?id={rid}")
    expect(page.locator("select").first).to_be_attached()
    add = page.locator("[data-fa-inline-add]").first
    rows = page.locator(f"#{add.get_attribute('data-fa-inline-add')} > .inline-field-list"
                        " > .inline-field")
    before = rows.count()
    add.click()
    expect(rows).to_have_count(before + 1)  # Flask-Admin's "Add Person", by our handler
    assert watch.problems() == [], "\n".join(watch.problems())


def test_review_page_under_the_policy(app, live_server, signed_in_page):
    rid = review_id(app, GATHERING)
    page, watch = watched(signed_in_page, MANAGER)
    visit(page, watch, f"{live_server}/admin/review/{rid}/")
    expect(page.locator("#review-stage")).to_be_visible()
    assert watch.problems() == [], "\n".join(watch.problems())


def test_portal_under_the_policy(app, live_server, signed_in_page):
    rid = request_id(app, GATHERING, POLICE, "imr")
    page, watch = watched(signed_in_page, POLICE_USER)
    visit(page, watch, f"{live_server}/portal/")
    visit(page, watch, f"{live_server}/portal/requests/{rid}")
    page.locator("textarea").first.fill("Typed under the policy")
    page.get_by_role("button", name=re.compile("Save draft", re.I)).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Draft saved")
    assert watch.problems() == [], "\n".join(watch.problems())


def test_sign_in_pages_under_the_policy(browser, live_server):
    context = browser.new_context(base_url=live_server)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    watch = Watch(page)
    visit(page, watch, f"{live_server}/login")
    visit(page, watch, f"{live_server}/reset")
    context.close()


def member_count(app):
    from sqlalchemy import func, select
    from models import ReviewMember, db
    with app.app_context():
        return db.session.scalar(select(func.count(ReviewMember.id)))


def test_delete_still_asks_first(app, live_server, signed_in_page):
    """The delete button's confirmation (an inline handler in Flask-Admin's template) comes
    from our script now: dismissing it deletes nothing, accepting it deletes the row."""
    page, watch = watched(signed_in_page, MANAGER)
    visit(page, watch, f"{live_server}/admin/reviewmember/")
    before = member_count(app)
    answers = iter([False, True])
    messages = []

    def answer(dialog):
        messages.append(dialog.message)
        dialog.accept() if next(answers) else dialog.dismiss()

    page.on("dialog", answer)
    page.locator("[data-fa-confirm]").first.click()
    page.wait_for_timeout(300)
    assert member_count(app) == before and messages == [
        "Are you sure you want to delete this record?"]
    with page.expect_navigation():
        page.locator("[data-fa-confirm]").first.click()
    assert member_count(app) == before - 1
    assert watch.problems() == [], "\n".join(watch.problems())


def test_edit_form_with_an_ajax_select(app, live_server, signed_in_page):
    from sqlalchemy import select
    from models import ReviewMember, db
    with app.app_context():
        member = db.session.scalars(select(ReviewMember.id)).first()
    page, watch = watched(signed_in_page, MANAGER)
    visit(page, watch, f"{live_server}/admin/reviewmember/edit/?id={member}")
    expect(page.locator(".select2-container").first).to_be_visible()
    page.locator(".select2-container").first.click()
    page.keyboard.type("chair")
    expect(page.locator(".select2-result, .select2-results li").first).to_be_visible()
    assert watch.problems() == [], "\n".join(watch.problems())
