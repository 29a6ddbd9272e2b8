"""The review page /admin/review/<id>/ and its actions, through the real app: what it shows,
each action with CSRF, refusals that say what is missing, and scoping (404 for a review one
may not see, 403 for acting without the right, agency users kept out)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

import clock
from conftest import csrf_token
from dates import day
from dbtools import audit_count, review_id
from review_helpers import AGENCY, review_by_ref, snapshot
from models import AuditAction, Decision, Review, ReviewStatus, ReviewStatusChange, User, db
from world import (ADMIN, ANALYST, AT_HOME_OFFICE, CHAIR_A, CHAIR_B, DECISION_OVERDUE, DUE_SOON,
                   DUE_SOON_VICTIM, GATHERING, MANAGER, PANEL_A)

pytestmark = pytest.mark.dates  # reads today

S = ReviewStatus
TODAY = clock.today()  # the travelled day, fixed for the run


def page_url(app, reference):
    return f"/admin/review/{review_id(app, reference)}/"


def post(client, app, reference, action, **data):
    """POST an action as the page's form would (token from any page the user can open)."""
    token = csrf_token(client.get("/home", follow_redirects=True).text)
    return client.post(page_url(app, reference) + action, data={"csrf_token": token, **data})


def test_the_page_shows_clocks_milestones_people_and_placeholders(app, auth, client):
    auth.login(MANAGER)
    before = audit_count(app, AuditAction.view)
    page = client.get(page_url(app, DUE_SOON))
    assert page.status_code == 200
    html = page.text
    assert 'id="review-reference">DHR-2026-003<' in html
    assert 'id="review-stage">Analysis and drafting<' in html
    assert 'id="clock-completion" data-state="amber"' in html
    assert "Due soon: " in html and "days left" in html  # words, not colour alone
    assert 'id="clock-decision" data-state="met"' in html
    for section in ("timeline", "members", "people", "holds", "home-office", "history",
                    "actions", "forms", "chronology", "meetings", "learning", "report"):
        assert f'id="{section}"' in html, section
    assert DUE_SOON_VICTIM in html and "Victim of" not in html  # pseudonyms only
    assert "Jordan Chair" in html and "Completion due" in html
    assert "Decision pending → Commissioned" not in html  # history is a table, not strings
    assert html.count('name="csrf_token"') >= 2
    assert 'id="stage-panel_signoff"' in html and 'id="hold-form"' in html
    assert audit_count(app, AuditAction.view) == before + 1


def test_a_step_with_a_reason_is_recorded_with_who_and_why(app, auth, client):
    auth.login(MANAGER)
    response = post(client, app, GATHERING, "stage", target="analysis_and_drafting",
                    reason="All returns in")
    assert response.status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == GATHERING))
        change = review.status_changes[-1]
        assert review.status is S.analysis_and_drafting
        assert (change.from_status, change.to_status, change.reason, change.user.email) == (
            S.information_gathering, S.analysis_and_drafting, "All returns in", MANAGER)
    page = client.get(page_url(app, GATHERING))
    assert "Stage changed." in page.text and "All returns in" in page.text


def test_a_refused_step_says_what_is_missing_and_changes_nothing(app, auth, client):
    auth.login(MANAGER)
    before = snapshot(app, DECISION_OVERDUE)
    page = post(client, app, DECISION_OVERDUE, "stage", target="commissioned")
    assert page.status_code == 409  # the page again at once, with what was typed
    assert "Cannot move DHR-2026-005 to “Commissioned”" in page.text
    assert "the date of the decision" in page.text
    assert snapshot(app, DECISION_OVERDUE) == before
    page = post(client, app, DECISION_OVERDUE, "stage", target="published")
    assert "the link to the published report" in page.text
    assert snapshot(app, DECISION_OVERDUE) == before


def test_a_decision_before_the_notification_is_refused(app, auth, client):
    auth.login(MANAGER)
    review = review_by_ref(app, DECISION_OVERDUE)
    before = snapshot(app, DECISION_OVERDUE)
    page = post(client, app, DECISION_OVERDUE, "stage", target="commissioned",
                decision_on=(review.notified_on - timedelta(days=1)).isoformat())
    assert "cannot come before the CSP was notified" in page.text
    assert snapshot(app, DECISION_OVERDUE) == before


def test_commissioning_with_the_decision_date_starts_the_completion_clock(app, auth, client):
    auth.login(MANAGER)
    review = review_by_ref(app, DECISION_OVERDUE)
    decided = review.notified_on + timedelta(days=35)
    post(client, app, DECISION_OVERDUE, "stage", target="commissioned",
         decision_on=decided.isoformat(), reason="Criteria met")
    after = review_by_ref(app, DECISION_OVERDUE)
    assert (after.status, after.decision, after.decision_on) == (S.commissioned,
                                                                 Decision.commission, decided)
    assert after.next_deadline_clock == "completion" and after.next_deadline > TODAY
    html = client.get(page_url(app, DECISION_OVERDUE)).text
    assert 'id="clock-decision" data-state="late"' in html
    assert 'id="clock-completion" data-state="green"' in html


def test_hold_and_resume_move_the_completion_date(app, auth, client):
    auth.login(MANAGER)
    original = review_by_ref(app, GATHERING).next_deadline
    post(client, app, GATHERING, "hold", hold_reason="criminal_trial",
         started_on=(TODAY - timedelta(days=10)).isoformat(), details="Crown Court")
    held = review_by_ref(app, GATHERING)
    assert held.status is S.on_hold and held.next_deadline is None  # paused: no deadline
    html = client.get(page_url(app, GATHERING)).text
    assert 'data-state="paused"' in html and "Paused while the review is on hold" in html
    assert day(original + timedelta(days=11)) in html  # 10 days + today
    assert 'id="resume-form"' in html and 'id="hold-form"' not in html

    post(client, app, GATHERING, "resume", ended_on=TODAY.isoformat())
    resumed = review_by_ref(app, GATHERING)
    assert resumed.status is S.information_gathering
    assert resumed.next_deadline == original + timedelta(days=10)
    with app.app_context():
        changes = db.session.scalars(select(ReviewStatusChange).where(
            ReviewStatusChange.review_id == resumed.id).order_by(ReviewStatusChange.id)).all()
        assert [c.to_status for c in changes[-2:]] == [S.on_hold, S.information_gathering]
        assert changes[-2].reason == "Criminal trial: Crown Court"


def test_home_office_outcome_approval_and_publication(app, auth, client):
    auth.login(MANAGER)
    ref = AT_HOME_OFFICE
    post(client, app, ref, "outcome", outcome="adequate", outcome_on=TODAY.isoformat(),
         feedback="Clear analysis")
    for target in ("approved", "publication_pending"):
        post(client, app, ref, "stage", target=target)
    post(client, app, ref, "publication", published_on=TODAY.isoformat(),
         publication_url="https://www.example.org/dhr-2025-011")
    post(client, app, ref, "stage", target="published")
    review = review_by_ref(app, ref)
    assert (review.status, review.published_on) == (S.published, TODAY)
    html = client.get(page_url(app, ref)).text
    assert "Clear analysis" in html and "https://www.example.org/dhr-2025-011" in html


def test_a_new_submission_and_a_resubmission_request(app, auth, client):
    auth.login(ADMIN)
    ref = AT_HOME_OFFICE
    post(client, app, ref, "outcome", outcome="resubmission_required",
         outcome_on=TODAY.isoformat())
    post(client, app, ref, "stage", target="resubmission_required")
    post(client, app, ref, "stage", target="analysis_and_drafting", reason="Rework GP section")
    assert review_by_ref(app, ref).status is S.analysis_and_drafting
    for target in ("panel_signoff", "csp_signoff"):  # a resubmission is signed off again
        post(client, app, ref, "stage", target=target)
    post(client, app, ref, "submission", sent_on=TODAY.isoformat())
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == ref))
        assert [s.outcome for s in review.submissions][-1] is None
        assert len(review.submissions) == 2


def test_invalid_input_changes_nothing(app, auth, client):
    auth.login(MANAGER)
    before = snapshot(app, GATHERING)
    hold = post(client, app, GATHERING, "hold", hold_reason="holiday",
                started_on="yesterday", details="Typed and kept")
    stage = post(client, app, GATHERING, "stage", target="no_such_stage")
    assert (hold.status_code, stage.status_code) == (400, 400)
    # The page again, with the error summary on top linking to each field in error, the
    # message beside the field, and what was typed still there.
    assert 'class="govuk-error-summary"' in hold.text and 'href="#hold_reason"' in hold.text
    assert 'href="#started_on"' in hold.text and 'id="hold-form"' in hold.text
    assert 'id="started_on-error"' in hold.text and "Typed and kept</textarea>" in hold.text
    assert "On hold from must be a real date" in hold.text
    assert "Unknown stage." in stage.text
    assert snapshot(app, GATHERING) == before


def test_actions_need_the_csrf_token(app, auth, client):
    auth.login(MANAGER)
    before = snapshot(app, GATHERING)
    response = client.post(page_url(app, GATHERING) + "stage",
                           data={"target": "analysis_and_drafting"})
    assert response.status_code == 400
    assert client.get(page_url(app, GATHERING) + "stage").status_code == 405
    assert snapshot(app, GATHERING) == before


ACTIONS = {
    "stage": {"target": "panel_signoff"},
    "hold": {"hold_reason": "inquest", "started_on": TODAY.isoformat()},
    "resume": {"ended_on": TODAY.isoformat()},
    "submission": {"sent_on": TODAY.isoformat()},
    "outcome": {"outcome": "adequate", "outcome_on": TODAY.isoformat()},
    "publication": {"published_on": TODAY.isoformat(), "publication_url": "https://x.example.org"},
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_chair_of_another_review_gets_404_on_page_and_actions(app, auth, client, action):
    auth.login(CHAIR_A)  # chairs DHR-2026-001 and -002, not -003
    before = snapshot(app, DUE_SOON)
    denied = audit_count(app, AuditAction.not_found)
    assert client.get(page_url(app, DUE_SOON)).status_code == 404
    assert post(client, app, DUE_SOON, action, **ACTIONS[action]).status_code == 404
    assert snapshot(app, DUE_SOON) == before
    assert audit_count(app, AuditAction.not_found) == denied + 2


@pytest.mark.parametrize("who", [CHAIR_A, PANEL_A])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_members_read_their_review_but_cannot_act(app, auth, client, who, action):
    auth.login(who)
    page = client.get(page_url(app, GATHERING))
    assert page.status_code == 200
    assert 'id="read-only-note"' in page.text and 'id="hold-form"' not in page.text
    assert 'id="clock-completion"' in page.text
    before = snapshot(app, GATHERING)
    assert post(client, app, GATHERING, action, **ACTIONS[action]).status_code == 403
    assert snapshot(app, GATHERING) == before


@pytest.mark.parametrize("who, status", [(AGENCY, 403), (ANALYST, 403)])
def test_agency_users_and_analysts_are_refused(app, auth, client, who, status):
    auth.login(who)
    before = snapshot(app, GATHERING)
    assert client.get(page_url(app, GATHERING)).status_code == status
    assert post(client, app, GATHERING, "stage",
                target="analysis_and_drafting").status_code == status
    assert snapshot(app, GATHERING) == before


def test_an_unknown_review_is_404_and_anonymous_users_sign_in_first(app, auth, client):
    assert client.get(page_url(app, GATHERING)).status_code == 302
    auth.login(MANAGER)
    assert client.get("/admin/review/999999/").status_code == 404


def test_a_chair_who_leaves_the_review_loses_the_page(app, auth, client):
    auth.login(CHAIR_B)
    url = page_url(app, DUE_SOON)
    assert client.get(url).status_code == 200
    with app.app_context():
        chair = db.session.scalar(select(User).where(User.email == CHAIR_B))
        for membership in list(chair.memberships):
            db.session.delete(membership)
        db.session.commit()
    assert client.get(url).status_code == 404


def test_a_review_created_in_the_form_starts_its_history_and_decision_clock(app, auth, client):
    auth.login(MANAGER)
    form = client.get("/admin/review/new/")
    notified = TODAY - timedelta(days=3)
    created = client.post("/admin/review/new/", data={
        "csrf_token": csrf_token(form.text), "reference": "DHR-2026-050", "title": "New case",
        "review_type": "standalone", "notified_on": notified.isoformat(), "decision": "pending"})
    assert created.status_code == 302, created.text
    review = review_by_ref(app, "DHR-2026-050")
    assert (review.status, review.next_deadline_clock) == (S.notified, "decision")
    assert review.next_deadline > TODAY
    html = client.get(f"/admin/review/{review.id}/").text
    assert "Review created" in html and "Morgan Manager" in html
    assert 'id="clock-decision" data-state="green"' in html
    assert 'name="status"' not in client.get(f"/admin/review/edit/?id={review.id}").text


@pytest.mark.parametrize("view", ["details", "edit"])
def test_details_and_edit_take_the_id_from_the_url_on_every_backend(app, auth, client, view):
    auth.login(MANAGER)
    own = review_id(app, GATHERING)
    assert client.get(f"/admin/review/{view}/?id={own}").status_code == 200
    assert client.get(f"/admin/review/{view}/?id=not-a-number").status_code == 404
    auth.logout()
    auth.login(CHAIR_A)
    other = review_id(app, DUE_SOON)
    assert client.get(f"/admin/review/details/?id={other}").status_code == 404
