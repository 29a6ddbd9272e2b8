"""The Home Office steps follow the life cycle (issue 8, finding 4): a submission only from CSP
sign-off (never on hold), an outcome only for a review at "Submitted to Home Office", and no
"happened on" date in the future, refused on the server whatever the browser was told. Each
refusal changes nothing (stage, rows, clocks) and the page says why, with what was typed."""
from datetime import date, timedelta

import pytest

import clock
from datetools import date_boxes, form_data
from dates import day
from dbtools import count, review_id
from lifecycle import actions, stages
from lifecycle_factory import make_review, submission
from models import Decision, HomeOfficeSubmission, ReviewStatus
from review_helpers import review_by_ref, snapshot
from world import AT_HOME_OFFICE, DECISION_OVERDUE, DUE_SOON, GATHERING, MANAGER, ON_HOLD

pytestmark = pytest.mark.dates  # reads today

S = ReviewStatus
TODAY = clock.today()  # the travelled day, fixed for the run
TOMORROW = TODAY + timedelta(days=1)


def page_url(app, reference):
    return f"/admin/review/{review_id(app, reference)}/"


def submit(client, app, reference, form_id, action, **typed):
    """Posts the page's form ``form_id`` whole, as rendered, with ``typed`` changed; a form
    the page does not offer is posted as an out-of-date page would (token from the page)."""
    html = client.get(page_url(app, reference)).text
    if f'id="{form_id}"' in html:
        data = form_data(html, form_id)
    else:
        data = {"csrf_token": form_data(html, action="/logout")["csrf_token"]}
    data.update(typed)
    return client.post(page_url(app, reference) + action, data=data)


def to_csp_signoff(client, app, reference=DUE_SOON):
    for target in ("panel_signoff", "csp_signoff"):
        response = submit(client, app, reference, f"stage-{target}", "stage")
        assert response.status_code == 302, response.text
    assert review_by_ref(app, reference).status is S.csp_signoff


def completion_state(html):
    return html.split('id="clock-completion" data-state="', 1)[1].split('"', 1)[0]


# -- pure rules ------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [S.scoping, S.information_gathering, S.analysis_and_drafting,
                                    S.panel_signoff, S.on_hold, S.approved])
def test_a_submission_needs_csp_signoff(status):
    review = make_review(status=status, decision=Decision.commission,
                         decision_on=date(2025, 3, 1))
    with pytest.raises(actions.Refused) as refused:
        actions.record_submission(review, date(2025, 6, 1), today=date(2025, 7, 1))
    assert review.submissions == []
    assert ("take the review off hold first" if status is S.on_hold
            else "the CSP's sign-off") in str(refused.value)


def test_an_outcome_needs_the_review_submitted():
    review = make_review(status=S.csp_signoff, decision=Decision.commission,
                         decision_on=date(2025, 3, 1), submissions=[submission(date(2025, 6, 1))])
    with pytest.raises(actions.Refused) as refused:
        actions.record_outcome(review, "adequate", date(2025, 6, 5), today=date(2025, 7, 1))
    assert "Submitted to Home Office" in str(refused.value)
    assert review.submissions[-1].outcome is None
    assert stages.refusals(review, S.submitted_to_home_office) == []  # still free to move on


@pytest.mark.parametrize("field", [name for name, _ in stages.HAPPENED_ON])
def test_no_happened_on_date_of_a_review_may_be_in_the_future(field):
    review = make_review(notified_on=date(2025, 1, 31), decision_on=date(2025, 2, 3),
                         date_of_death=date(2025, 1, 20))
    setattr(review, field, date(2025, 7, 2))
    problems = stages.date_problems(review, date(2025, 7, 1))
    assert any("not in the future (2 Jul 2025 is after today, 1 Jul 2025)" in p
               for p in problems), problems


def test_a_future_decision_date_is_refused_and_not_kept():
    review = make_review(status=S.decision_pending)
    with pytest.raises(actions.Refused) as refused:
        actions.change_status(review, S.commissioned, decision_on=date(2025, 7, 2),
                              today=date(2025, 7, 1))
    assert "a decision date that is not in the future" in str(refused.value)
    assert (review.status, review.decision_on, review.decision) == (
        S.decision_pending, None, Decision.pending)


# -- through the page, both backends --------------------------------------------------------
def test_a_submission_during_information_gathering_is_refused(app, auth, client):
    auth.login(MANAGER)
    ref = GATHERING  # information gathering
    html = client.get(page_url(app, ref)).text
    assert 'id="submission-form"' not in html  # not offered ...
    before, state = snapshot(app, ref), completion_state(html)
    page = submit(client, app, ref, "submission-form", "submission", sent_on=TODAY.isoformat())
    assert page.status_code == 409  # ... and refused when posted all the same
    assert f"Cannot record a Home Office submission for {ref}" in page.text
    assert "the CSP&#39;s sign-off" in page.text or "the CSP's sign-off" in page.text
    assert snapshot(app, ref) == before
    assert completion_state(page.text) == state != "met"


def test_a_submission_while_on_hold_is_refused(app, auth, client):
    auth.login(MANAGER)
    ref = ON_HOLD  # on hold, paused at scoping
    before = snapshot(app, ref)
    page = submit(client, app, ref, "submission-form", "submission",
                  **date_boxes("sent_on", TODAY))
    assert "take the review off hold first" in page.text
    assert snapshot(app, ref) == before
    assert completion_state(page.text) == "paused"


def test_an_outcome_at_csp_signoff_is_refused_and_the_review_can_still_move_on(app, auth,
                                                                               client):
    auth.login(MANAGER)
    ref = DUE_SOON
    to_csp_signoff(client, app, ref)
    html = client.get(page_url(app, ref)).text
    assert 'id="submission-form"' in html
    assert submit(client, app, ref, "submission-form", "submission").status_code == 302
    html = client.get(page_url(app, ref)).text
    assert 'id="outcome-form"' not in html  # the outcome waits for the stage
    before = snapshot(app, ref)
    page = submit(client, app, ref, "outcome-form", "outcome", outcome="adequate",
                  **date_boxes("outcome_on", TODAY))
    assert "the review at “Submitted to Home Office” (it is at “CSP sign-off”)" in page.text
    assert snapshot(app, ref) == before

    assert submit(client, app, ref, "stage-submitted_to_home_office", "stage").status_code == 302
    assert submit(client, app, ref, "outcome-form", "outcome",
                  outcome="adequate").status_code == 302
    assert review_by_ref(app, ref).status is S.submitted_to_home_office
    assert snapshot(app, ref)[7][-1][1].name == "adequate"  # (sent, outcome, outcome date)


FUTURE = {  # action: (reference, form id, date field, what the message names, choices made)
    "hold": (GATHERING, "hold-form", "started_on", "a start date",
             {"hold_reason": "inquest"}),
    "resume": (ON_HOLD, "resume-form", "ended_on", "an end date", {}),
    "outcome": (AT_HOME_OFFICE, "outcome-form", "outcome_on", "an outcome date",
                {"outcome": "adequate"}),
    "stage": (DECISION_OVERDUE, "decision-form", "decision_on", "a decision date",
              {"target": "commissioned"}),
}


@pytest.mark.parametrize("action", list(FUTURE))
def test_a_future_date_is_refused_on_the_server(app, auth, client, action):
    auth.login(MANAGER)
    ref, form_id, field, what, chosen = FUTURE[action]
    before = snapshot(app, ref)
    page = submit(client, app, ref, form_id, action, **chosen, **date_boxes(field, TOMORROW))
    assert page.status_code == 409
    assert f"{what} that is not in the future ({day(TOMORROW)} is after today" in page.text
    assert snapshot(app, ref) == before
    # the boxes keep what was typed
    boxes = form_data(page.text, form_id)
    assert (boxes[f"{field}-day"], boxes[f"{field}-month"], boxes[f"{field}-year"]) == (
        str(TOMORROW.day), str(TOMORROW.month), str(TOMORROW.year))


def test_a_future_submission_and_publication_date_are_refused(app, auth, client):
    auth.login(MANAGER)
    to_csp_signoff(client, app)
    before, rows = snapshot(app, DUE_SOON), count(app, HomeOfficeSubmission)
    page = submit(client, app, DUE_SOON, "submission-form", "submission",
                  **date_boxes("sent_on", TOMORROW))
    assert "a date sent that is not in the future" in page.text
    assert (snapshot(app, DUE_SOON), count(app, HomeOfficeSubmission)) == (before, rows)

    ref = AT_HOME_OFFICE
    assert submit(client, app, ref, "outcome-form", "outcome",
                  outcome="adequate").status_code == 302
    for target in ("approved", "publication_pending"):
        assert submit(client, app, ref, f"stage-{target}", "stage").status_code == 302
    before = snapshot(app, ref)
    page = submit(client, app, ref, "publication-form", "publication",
                  publication_url="https://www.example.org/report",
                  **date_boxes("published_on", TOMORROW))
    assert "a publication date that is not in the future" in page.text
    assert snapshot(app, ref) == before
    assert form_data(page.text, "publication-form")["publication_url"] == \
        "https://www.example.org/report"
