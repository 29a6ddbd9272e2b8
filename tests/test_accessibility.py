"""Accessibility: each demo account's main journey in real Chromium, with axe-core (WCAG 2.2
AA rules) run on every page visited, forms with their errors shown included. No critical and no
serious violation may remain; a failure lists each one with its page and element. The home
page of each role is saved at 1366 px as test-artifacts/home-<role>.png (CI keeps them)."""
import json

import pytest

from browser import ARTIFACTS
from dbtools import review_id
from formtools import HEALTH, request_id
from meetings_helpers import meeting_id
from models import MeetingKind
from world import (ADMIN, ANALYST, AT_HOME_OFFICE, CHAIR_A, DECISION_OVERDUE, GATHERING, MANAGER,
                   PANEL_A, POLICE)

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 1366, 900
BLOCKING = ("critical", "serious")
OWN, DECIDING, SUBMITTED = GATHERING, DECISION_OVERDUE, AT_HOME_OFFICE


class Journey:
    """Visits pages as one user and keeps every blocking violation axe finds on them."""

    def __init__(self, axe, page, who):
        self.axe, self.page, self.who, self.found, self.visited = axe, page, who, [], []
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})

    def check(self, label=None):
        label = label or self.page.url
        self.visited.append(label)
        for violation in self.axe.run(self.page).response["violations"]:
            if violation["impact"] in BLOCKING:
                for node in violation["nodes"]:
                    self.found.append(f"{self.who} · {label} · {violation['impact']} "
                                      f"{violation['id']}: {' '.join(node['target'])} "
                                      f"({violation['help']})")
        return self

    def go(self, path, label=None):
        self.page.goto(path)
        return self.check(label or path)

    def submit_empty(self, path, button, label):
        """Open a form, submit it without answers, check the page that shows the errors."""
        self.page.goto(path)
        self.page.locator(button).first.click()
        self.page.wait_for_load_state()
        assert self.page.locator(".govuk-error-summary, .govuk-error-message, .is-invalid, "
                                 ".invalid-feedback, .fs-error-msg, .flash-warning, .flash-error"
                                 ).count(), label
        return self.check(label)

    def screenshot(self, role):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.goto("/admin/")
        self.page.screenshot(path=str(ARTIFACTS / f"home-{role}.png"), full_page=True)


def journeys(app):
    own, deciding = review_id(app, OWN), review_id(app, DECIDING)
    submitted = review_id(app, SUBMITTED)
    health = request_id(app, OWN, HEALTH, "imr")
    meeting = meeting_id(app, OWN, MeetingKind.panel, upcoming=False)
    return {
        "admin": (ADMIN, lambda j: [
            j.go("/admin/", "home"), j.go("/admin/user/"), j.go("/admin/user/details/?id=1"),
            j.go("/admin/auditevent/"), j.go("/admin/auditevent/?flt0_what_happened_is=refusals"),
            j.go("/admin/outbox/"), j.go("/admin/agency/"),
            j.submit_empty("/admin/agency/new/", "form.admin-form [type=submit]",
                           "new agency, errors shown")]),
        "manager": (MANAGER, lambda j: [
            j.go("/admin/", "home"), j.go("/admin/review/"), j.go(f"/admin/review/{own}/"),
            j.go(f"/admin/review/{submitted}/"),
            j.submit_empty(f"/admin/review/{deciding}/", "#decision-form [type=submit]",
                           "decision, errors shown"),
            j.submit_empty("/admin/review/new/", "form.admin-form [type=submit]",
                           "new review, errors shown"),
            j.go(f"/admin/formrequest/review/{own}/"),
            j.submit_empty(f"/admin/formrequest/review/{own}/", "#distribute-submit",
                           "send forms, errors shown"),
            j.go(f"/admin/formrequest/review/{own}/compare/imr/"),
            j.go("/admin/formrequest/"),
            j.submit_empty("/admin/formrequest/notify/", "#notify-form [type=submit]",
                           "notify a death, errors shown"),
            j.go("/admin/person/"), j.go(f"/admin/review/edit/?id={own}"),
            j.go(f"/admin/meetings/{meeting}/", "meeting page"),
            j.submit_empty(f"/admin/meetings/review/{own}/new", "#meeting-save",
                           "schedule a meeting, errors shown")]),
        "chair": (CHAIR_A, lambda j: [
            j.go("/admin/", "home"), j.go("/admin/my-reviews/"), j.go(f"/admin/review/{own}/"),
            j.go(f"/admin/formrequest/review/{own}/compare/imr/"),
            j.go(f"/admin/formrequest/review/{own}/compare/involvement/"),
            j.submit_empty(f"/admin/formrequest/review/{own}/compare/imr/?one={health}",
                           ".decision-form [type=submit]", "decision on one agency, errors shown")]),
        "panel": (PANEL_A, lambda j: [
            j.go("/admin/", "home"), j.go("/admin/my-reviews/"), j.go(f"/admin/review/{own}/"),
            j.go(f"/admin/formrequest/review/{own}/")]),
        "analyst": (ANALYST, lambda j: [j.go("/admin/", "home")]),
        "agency": (POLICE, lambda j: [j.go("/portal/", "portal index"),
                                      j.go(f"/portal/meetings/{meeting}", "portal meeting")]),
    }


def test_every_role_journey_has_no_serious_accessibility_violation(
        app, axe, browser, live_server, signed_in_page):
    found, visited = [], []
    anonymous = browser.new_context(base_url=live_server)
    try:
        sign_in = Journey(axe, anonymous.new_page(), "signed out")
        sign_in.go("/login", "sign in")
        sign_in.page.fill("#email", CHAIR_A)
        sign_in.page.fill("#password", "not-the-password")
        sign_in.page.click("#submit")
        sign_in.page.wait_for_selector(".govuk-error-summary")
        sign_in.check("sign in, errors shown")
        found += sign_in.found
        visited += sign_in.visited
    finally:
        anonymous.close()
    for role, (email, walk) in journeys(app).items():
        journey = Journey(axe, signed_in_page(email), role)
        journey.check(f"{role} after sign-in")
        walk(journey)
        if role != "agency":
            journey.screenshot(role)
        found += journey.found
        visited += journey.visited
    if found:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "axe-violations.json").write_text(json.dumps(found, indent=2))
    assert len(visited) >= 30
    assert not found, f"{len(found)} serious or critical violations:\n" + "\n".join(found)
