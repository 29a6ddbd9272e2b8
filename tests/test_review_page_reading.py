"""Chairs reading submissions (from the review page's forms grid): one agency at a time as
well as side by side, the decision always on the page, a typed comment kept when the page
shows an error, and after returning a message naming the e-mail sent and the new due date."""
from datetime import date, timedelta

from conftest import csrf_token
from dbtools import review_id
from formtools import HEALTH, request_id, state
from models import FormStatus
from world import CHAIR_A, CHAIR_B, GATHERING, MANAGER, PANEL_A

OWN = GATHERING
CHAIR = CHAIR_A


def compare_url(app, one=None):
    url = f"/admin/formrequest/review/{review_id(app, OWN)}/compare/imr/"
    return url + (f"?one={one}" if one else "")


def test_one_agency_at_a_time_with_the_decision_beside_it(app, client, auth):
    health = request_id(app, OWN, HEALTH, "imr")  # submitted
    auth.login(CHAIR)
    both = client.get(compare_url(app)).text
    assert f'id="one-{health}"' in both and 'class="decision-row"' in both
    alone = client.get(compare_url(app, health))
    assert alone.status_code == 200
    assert 'id="one-agency-answers"' in alone.text and f'id="decide-{health}"' in alone.text
    assert "Riverside GP Practice" in alone.text  # named in the agency switch only
    assert alone.text.count('class="govuk-summary-list__row"') >= 5
    assert 'aria-current="page">Northshire NHS Foundation Trust' in alone.text


def test_an_agency_not_shown_to_the_user_is_not_found(app, client, auth):
    auth.login(PANEL_A)  # panel members read accepted forms only
    health = request_id(app, OWN, HEALTH, "imr")
    assert client.get(compare_url(app, health)).status_code == 404
    auth.logout()
    auth.login(CHAIR_B)  # not on this review
    assert client.get(compare_url(app, health)).status_code == 404


def test_a_typed_comment_is_kept_when_the_page_shows_an_error(app, client, auth):
    health = request_id(app, OWN, HEALTH, "imr")
    auth.login(CHAIR)
    page = client.get(compare_url(app, health))
    before = state(app, health)
    response = client.post(f"/admin/formrequest/{health}/decide/", data={
        "csrf_token": csrf_token(page.text), "comment": "Please add the March contacts",
        "due_on": ""})
    assert response.status_code == 400
    assert 'class="govuk-error-summary"' in response.text
    assert f'href="#decision-{health}"' in response.text
    assert f'id="decision-{health}-error"' in response.text
    assert "Please add the March contacts</textarea>" in response.text
    assert state(app, health) == before


def test_after_returning_the_chair_is_told_the_agency_was_emailed_and_the_due_date(
        app, client, auth):
    health = request_id(app, OWN, HEALTH, "imr")
    due = date.today() + timedelta(days=14)
    auth.login(CHAIR)
    page = client.get(compare_url(app, health))
    response = client.post(f"/admin/formrequest/{health}/decide/", data={
        "csrf_token": csrf_token(page.text), "decision": "return",
        "comment": "Dates for 2024, please", "due_on": due.isoformat()})
    assert response.status_code == 302 and f"one={health}" in response.headers["Location"]
    assert state(app, health)["status"] is FormStatus.returned
    shown = client.get(response.headers["Location"]).text
    assert "We have e-mailed the agency your comments." in shown
    assert f"It is now due on {due:%-d %b %Y}." in shown


def test_sending_without_agencies_shows_the_error_summary_and_keeps_the_briefing(
        app, client, auth):
    rid = review_id(app, OWN)
    auth.login(MANAGER)
    page = client.get(f"/admin/formrequest/review/{rid}/")
    response = client.post(f"/admin/formrequest/review/{rid}/distribute/", data={
        "csrf_token": csrf_token(page.text), "form_type": "imr", "due_on": "",
        "briefing": "Subjects: Adult A", "send": "y"})
    assert response.status_code == 400
    assert '<a href="#agencies">Choose at least one agency.</a>' in response.text
    assert 'id="agencies-error"' in response.text and "Subjects: Adult A</textarea>" in response.text
