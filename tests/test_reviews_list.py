"""The reviews list: stage, next deadline and days left, sorted and filtered in SQL (no query
per row), the stored deadline kept current by every change, and "My reviews"."""
import re
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

import clock
from dbtools import statements
from lifecycle import actions
from review_helpers import review_by_ref
from models import Decision, HoldReason, Review, ReviewStatus, db
from world import (ADMIN, AT_HOME_OFFICE, CHAIR_A, DECISION_OVERDUE, DUE_SOON, GATHERING, MANAGER,
                   NOTIFIED, NOT_COMMISSIONED, ON_HOLD, PANEL_A, PUBLISHED)

pytestmark = pytest.mark.dates  # reads today

TODAY = clock.today()  # the travelled day, fixed for the run


def references(html):
    return re.findall(r'class="review-link">([^<]+)<', html)


def test_the_list_shows_stage_deadline_and_days_left(app, auth, client):
    auth.login(MANAGER)
    html = client.get("/admin/review/").text
    overdue = review_by_ref(app, DECISION_OVERDUE)
    assert f'href="/admin/review/{overdue.id}/"' in html
    assert "Decision pending" in html and "(Decision due)" in html
    days = (overdue.next_deadline - TODAY).days
    assert f"Overdue: {-days} days overdue" in html
    assert "Due soon: " in html and "clock-amber" in html


def test_default_and_explicit_sort_put_the_most_urgent_first(app, auth, client):
    auth.login(MANAGER)
    default = references(client.get("/admin/review/").text)
    assert default[:4] == [DECISION_OVERDUE, DUE_SOON, NOTIFIED, GATHERING]
    assert set(default[4:]) == {ON_HOLD, AT_HOME_OFFICE, PUBLISHED, NOT_COMMISSIONED}
    page = client.get("/admin/review/").text
    column = re.search(r'href="([^"]*sort=(\d+)[^"]*)"[^>]*>\s*Days left', page)
    assert column, "days left is sortable"
    ascending = references(client.get(column.group(1).replace("&amp;", "&")).text)
    assert ascending == default
    descending = references(client.get(f"/admin/review/?sort={column.group(2)}&desc=1").text)
    assert descending[-4:] == list(reversed(default[:4]))


@pytest.mark.parametrize("value, expected", [
    ("overdue", [DECISION_OVERDUE]),
    ("due_soon", [DUE_SOON]),
    ("attention", [DECISION_OVERDUE, DUE_SOON]),
])
def test_deadline_filter(app, auth, client, value, expected):
    auth.login(MANAGER)
    assert "next_deadline_is" in client.get("/admin/review/").text
    html = client.get(f"/admin/review/?flt0_next_deadline_is={value}").text
    assert references(html) == expected


def test_stage_filter(app, auth, client):
    auth.login(MANAGER)
    html = client.get("/admin/review/?flt0_stage_equals=scoping").text
    assert references(html) == []  # DHR-2026-002 is on hold, paused at scoping
    html = client.get("/admin/review/?flt0_stage_equals=on_hold").text
    assert references(html) == [ON_HOLD]


def test_a_chair_lists_only_their_reviews_and_has_my_reviews(app, auth, client):
    auth.login(CHAIR_A)
    assert sorted(references(client.get("/admin/review/").text)) == [GATHERING,
                                                                     ON_HOLD]
    mine = client.get("/admin/my-reviews/")
    assert mine.status_code == 200
    assert sorted(references(mine.text)) == [GATHERING, ON_HOLD]
    assert 'href="/admin/my-reviews/"' in mine.text  # in the menu
    assert client.get("/admin/my-reviews/?flt0_next_deadline_is=attention").status_code == 200


def test_a_panel_member_has_my_reviews(app, auth, client):
    auth.login(PANEL_A)
    assert references(client.get("/admin/my-reviews/").text) == [GATHERING]


def test_my_reviews_is_narrowed_to_membership_even_for_managers(app, auth, client):
    auth.login(MANAGER)
    assert 'href="/admin/my-reviews/"' not in client.get("/admin/review/").text
    assert references(client.get("/admin/my-reviews/").text) == []
    assert client.get("/admin/my-reviews/new/").status_code in (302, 403)


def test_the_list_costs_the_same_queries_for_many_reviews(app, auth, client):
    auth.login(ADMIN)
    few = statements(app, client, "/admin/review/")
    with app.app_context():
        for number in range(30):
            review = Review(reference=f"DHR-2030-{number:03}", title="Bulk",
                            notified_on=TODAY - timedelta(days=number),
                            status=ReviewStatus.notified, decision=Decision.pending)
            actions.record_creation(review)
            db.session.add(review)
        db.session.commit()
    assert statements(app, client, "/admin/review/") == few


def test_the_stored_deadline_follows_every_change(app):
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == GATHERING))
        review.decision_on = review.decision_on + timedelta(days=3)  # e.g. the edit form
        db.session.commit()
        # Six calendar months from the new decision (clamped at a month's end: a decision
        # moved from 28 Aug to 31 Aug is due 28 Feb either way), whatever day the suite runs.
        start = review.decision_on + relativedelta(months=6)
        assert review.next_deadline == start
        actions.put_on_hold(review, HoldReason.inquest, TODAY - timedelta(days=5))
        db.session.commit()
        assert (review.next_deadline, review.next_deadline_clock) == (None, None)
        actions.take_off_hold(review, TODAY)
        db.session.commit()
        assert review.next_deadline == start + timedelta(days=5)
        review.holds[-1].started_on = TODAY - timedelta(days=2)  # a corrected hold
        db.session.commit()
        assert review.next_deadline == start + timedelta(days=2)


def test_each_role_sees_its_own_menu_however_often_it_is_drawn(app, auth, client):
    for email, has_my_reviews in ((MANAGER, False), (CHAIR_A, True), (MANAGER, False)):
        auth.login(email)
        page = client.get("/admin/review/").text
        assert ('href="/admin/my-reviews/"' in page) is has_my_reviews
        auth.logout()


def test_row_links_carry_the_row_and_the_way_back(app, auth, client):
    auth.login(MANAGER)
    page = client.get("/admin/review/?search=DHR").text
    review = review_by_ref(app, DUE_SOON)
    back = "&amp;url=/admin/review/?search%3DDHR"
    for endpoint in ("details", "edit"):
        assert f'href="/admin/review/{endpoint}/?id={review.id}{back}' in page
    assert f'name="id" type="hidden" value="{review.id}"' in page
