"""The /admin home page is a work queue per role: each queue lists only rows the user may see
(through ``access``), every item links to a page that opens for them, and the page costs the
same number of SQL statements however long the queues are."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

import demo
from dbtools import review_id, statements
from models import (FormRequest, FormStatus, OutboxMessage, Review, ReviewStatus,
                    ReviewStatusChange, db)
from models.mixins import utcnow
from security_helpers import FOREIGN, OWN
from test_page_queries import add_rows
from world import (ADMIN, ANALYST, CHAIR_A, DECISION_OVERDUE, GATHERING, HOUSING_AGENCY, MANAGER,
                   NOTIFIED, PANEL_A, POLICE)

pytestmark = pytest.mark.dates  # reads today

QUEUES = {  # account -> the queues its home page shows, in order
    MANAGER: ["clocks", "decisions", "submitted", "overdue-forms"],
    ADMIN: ["no-two-factor", "failed-mail", "refusals",
                          "clocks", "decisions", "submitted", "overdue-forms"],
    CHAIR_A: ["clocks", "submitted"],
    PANEL_A: ["new"],
    ANALYST: [],
}


def queue_ids(html):
    return re.findall(r'<section class="queue" id="queue-([\w-]+)"', html)


def queue(html, name):
    """The text and links of one queue as the user sees it."""
    match = re.search(rf'<section class="queue" id="queue-{name}".*?</section>', html, re.S)
    assert match, name
    block = match.group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)), re.findall(
        r'<li><a href="([^"]+)"', block)


def opens(client, urls):
    return {url: client.get(url.split("#")[0]).status_code for url in urls}


@pytest.mark.parametrize("email", sorted(QUEUES))
def test_each_role_sees_its_own_queues(client, auth, email):
    auth.login(email)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert queue_ids(page.text) == QUEUES[email]
    assert page.text.count("<h1") == 1 and '<html lang="en-GB">' in page.text


def test_the_manager_sees_clocks_decisions_and_forms_and_each_item_opens(client, auth):
    auth.login(MANAGER)
    html = client.get("/admin/").text
    clocks, links = queue(html, "clocks")
    assert "DHR-2026-005: Decision due" in clocks and "overdue" in clocks
    decisions, decision_links = queue(html, "decisions")
    assert NOTIFIED in decisions and DECISION_OVERDUE in decisions
    submitted, submitted_links = queue(html, "submitted")
    assert "Northshire Police, Initial notification" in submitted
    overdue, overdue_links = queue(html, "overdue-forms")
    assert HOUSING_AGENCY in overdue and "Contact: dhr@northshire-homes.example.org" in overdue
    every = links + decision_links + submitted_links + overdue_links
    assert len(every) >= 8 and set(opens(client, every).values()) == {200}


def test_a_chair_sees_only_their_reviews_and_what_waits_for_their_decision(app, client, auth):
    auth.login(CHAIR_A)
    html = client.get("/admin/").text
    clocks, clock_links = queue(html, "clocks")
    waiting, waiting_links = queue(html, "submitted")
    assert GATHERING in clocks and GATHERING in waiting
    for other in (FOREIGN, NOTIFIED, DECISION_OVERDUE):
        assert other not in html, other
    assert waiting_links and set(opens(client, clock_links + waiting_links).values()) == {200}
    assert "Awaiting your decision".lower() in waiting.lower()


def test_a_panel_member_sees_what_is_new_on_their_reviews_only(app, client, auth):
    with app.app_context():
        for reference in (OWN, FOREIGN):
            review = db.session.scalar(select(Review).where(Review.reference == reference))
            db.session.add(ReviewStatusChange(review=review, from_status=review.status,
                                              to_status=ReviewStatus.analysis_and_drafting,
                                              changed_at=utcnow(), reason="Moved on"))
        db.session.commit()
    auth.login(PANEL_A)
    text, links = queue(client.get("/admin/").text, "new")
    assert f"{OWN}: moved to Analysis and drafting" in text and FOREIGN not in text
    assert set(opens(client, links).values()) == {200}


def test_the_admin_sees_accounts_without_two_factor_failed_mail_and_refusals(app, client, auth):
    with app.app_context():
        user, _ = demo.create_user("new.starter@example.org", "New Starter", ["panel_member"])
        user.tf_primary_method = None
        user.tf_totp_secret = None
        db.session.add(OutboxMessage(recipient="x@example.org", subject="Form due",
                                     body="b", status="failed", attempts=3))
        db.session.commit()
    auth.login(CHAIR_A)
    assert client.get(f"/admin/review/{review_id(app, FOREIGN)}/").status_code == 404
    auth.logout()
    auth.login(ADMIN)
    html = client.get("/admin/").text
    no_tf, no_tf_links = queue(html, "no-two-factor")
    mail, mail_links = queue(html, "failed-mail")
    refusals, refusal_links = queue(html, "refusals")
    assert "New Starter" in no_tf and "Casey Chair" not in no_tf
    assert "Form due, to x@example.org" in mail and "3 attempts" in mail
    assert f"Casey Chair: refused record at /admin/review/{review_id(app, FOREIGN)}/" in refusals
    assert set(opens(client, no_tf_links + mail_links + refusal_links).values()) == {200}


def test_the_analyst_is_led_to_their_dashboard(client, auth):
    auth.login(ANALYST)
    html = client.get("/admin/").text
    assert 'id="analyst-dashboard"' in html and "Home Office data collection" in html
    assert 'href="/admin/dashboards/">Open the dashboard</a>' in html
    assert "DHR-2026" not in html


def test_an_agency_user_is_refused_the_home_page(client, auth):
    auth.login(POLICE)
    assert client.get("/admin/").status_code == 403


@pytest.mark.parametrize("email", [MANAGER, ADMIN,
                                   CHAIR_A, PANEL_A])
def test_home_pages_cost_the_same_for_longer_queues(app, client, auth, email):
    auth.login(email)
    before = statements(app, client, "/admin/")
    add_rows(app)
    with app.app_context():  # more overdue forms and more submissions waiting
        for request in db.session.scalars(select(FormRequest).where(
                FormRequest.status == FormStatus.sent)):
            request.due_on = date.today() - timedelta(days=2)
        db.session.commit()
    assert statements(app, client, "/admin/") == before
