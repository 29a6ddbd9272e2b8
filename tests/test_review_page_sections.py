"""The review page is built from declared sections (``@admin_views.review_page.section``), each
shown to the roles that may read its resource and each costing the same statements however
many rows it lists; its actions read as "what happens next": only the steps possible now,
the decision as one question, and the steps not possible yet explained."""
from flask_login import login_user
from markupsafe import Markup
from sqlalchemy import event, select

from admin_views import review_page
from conftest import csrf_token
from dbtools import review_id
from models import Review, ReviewStatus, User, db
from review_helpers import snapshot
from test_page_queries import OWN, add_rows
from world import ADMIN, AT_HOME_OFFICE, CHAIR_A, DECISION_OVERDUE, MANAGER

S = ReviewStatus
EXPECTED = ["header", "next-steps", "timeline", "home-office-data", "holds", "home-office",
            "people", "family", "history", "forms", "chronology", "meetings", "learning", "report", "exports"]


def page(client, app, reference):
    return client.get(f"/admin/review/{review_id(app, reference)}/")


def post(client, app, reference, action, **data):
    token = csrf_token(client.get("/home", follow_redirects=True).text)
    return client.post(f"/admin/review/{review_id(app, reference)}/{action}",
                       data={"csrf_token": token, **data})


def test_every_area_fills_the_registry_and_the_page_shows_each_section(app, client, auth):
    assert sorted(app.extensions["review_sections"]) == sorted(EXPECTED)
    auth.login(MANAGER)
    html = page(client, app, OWN).text
    anchors = {"header": "review-header", "next-steps": "actions", "people": "people"}
    positions = [html.index(f'id="{anchors.get(name, name)}"') for name in EXPECTED]
    assert positions[2:9] == sorted(positions[2:9])  # main column in registry order
    assert html.count("<h1") == 1 and "<main" in html


def test_a_section_is_shown_only_to_roles_that_may_read_its_resource(app, client, auth):
    @review_page.section("audit-trail", "Audit trail", needs="audit_event", order=300,
                         column="wide")
    def audit_trail(review, context):
        return Markup(f'<section id="audit-trail">{review.reference}</section>')

    sections = app.extensions["review_sections"]
    sections[audit_trail.review_section.id] = audit_trail.review_section
    try:
        auth.login(CHAIR_A)
        assert 'id="audit-trail"' not in page(client, app, OWN).text
        auth.logout()
        auth.login(ADMIN)
        assert 'id="audit-trail"' in page(client, app, OWN).text
    finally:
        del sections["audit-trail"]


def section_costs(app, reference):
    """Statements each section costs to render for the review manager."""
    costs = {}
    with app.test_request_context(f"/admin/review/{review_id(app, reference)}/"):
        login_user(db.session.scalar(select(User).where(User.email == MANAGER)))
        review = review_page.load_for_page(review_id(app, reference))
        context = review_page.page_context(review)
        for name, section in app.extensions["review_sections"].items():
            seen = []
            listener = lambda *args: seen.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                section.render(review, context)
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            costs[name] = len(seen)
    return costs


def test_each_section_costs_the_same_for_more_rows(app):
    before = section_costs(app, OWN)
    add_rows(app)
    assert section_costs(app, OWN) == before
    assert before["forms"] >= 1  # the grid runs its own scoped query


def test_the_decision_is_one_question_with_radios(app, client, auth):
    auth.login(MANAGER)
    html = page(client, app, DECISION_OVERDUE).text
    assert 'id="decision-form"' in html and "Will there be a review?" in html
    assert html.count('name="target" id="target') == 2 and 'type="radio"' in html
    assert 'id="stage-commissioned"' not in html and 'id="stage-not_commissioned"' not in html


def test_a_decision_without_an_answer_shows_the_error_summary_and_keeps_what_was_typed(
        app, client, auth):
    auth.login(MANAGER)
    before = snapshot(app, DECISION_OVERDUE)
    response = post(client, app, DECISION_OVERDUE, "stage", step="decision", target="",
                    decision_on="", reason="Family asked for one")
    assert response.status_code == 400
    assert 'class="govuk-error-summary"' in response.text
    assert '<a href="#target">Choose whether there will be a review.</a>' in response.text
    assert 'id="target-error"' in response.text
    assert "Family asked for one</textarea>" in response.text
    assert snapshot(app, DECISION_OVERDUE) == before


def test_answering_the_decision_commissions_the_review(app, client, auth):
    auth.login(MANAGER)
    response = post(client, app, DECISION_OVERDUE, "stage", step="decision",
                    target="commissioned", decision_on=str(_notified(app, DECISION_OVERDUE)),
                    reason="")
    assert response.status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == DECISION_OVERDUE))
        assert review.status is S.commissioned
    assert "Stage changed." in page(client, app, DECISION_OVERDUE).text


def test_a_step_not_possible_yet_is_explained_not_offered(app, client, auth):
    auth.login(MANAGER)
    html = page(client, app, AT_HOME_OFFICE).text  # submitted, no outcome yet
    assert "Not possible yet" in html
    assert 'id="missing-approved"' in html and "outcome" in html.split(
        'id="missing-approved"')[1].split("</li>")[0]
    assert 'id="stage-approved"' not in html and 'id="outcome-form"' in html


def test_readers_see_no_steps(app, client, auth):
    auth.login(CHAIR_A)
    html = page(client, app, OWN).text
    assert 'id="read-only-note"' in html and "<form method=\"post\" action=\"/admin/review" \
        not in html


def _notified(app, reference):
    with app.app_context():
        return db.session.scalar(select(Review.notified_on).where(Review.reference == reference))
