"""The portal's pages through the test client: the task list's words and order, radios for
short choices, the error summary, check-your-answers and the receipt, staying signed in, and a
save after the session ended answered in words. Each new endpoint refuses another agency (404,
nothing changed) and CSP staff (403)."""
import re
from datetime import date, timedelta

from conftest import csrf_token
from dbtools import audit_count
from formtools import (POLICE, complete_answers, page_form, post_answers, request_id,
                       state)
from models import AuditAction, FormRequest, FormStatus, db
import world
from world import GATHERING, HEALTH, MANAGER, ON_HOLD

POLICE_USER = world.POLICE


def test_task_list_says_what_to_do_first_with_days_left(app, client, auth):
    involvement = request_id(app, ON_HOLD, POLICE, "involvement")
    with app.app_context():
        db.session.get(FormRequest, involvement).due_on = date.today() - timedelta(days=3)
        db.session.commit()
    auth.login(POLICE_USER)
    page = client.get("/portal/").text
    items = re.findall(r'<li class="govuk-task-list__item[^"]*" id="task-(\d+)"', page)
    with app.app_context():
        statuses = [db.session.get(FormRequest, int(i)).status for i in items]
    open_first = [s in (FormStatus.returned, FormStatus.sent, FormStatus.in_progress)
                  for s in statuses]
    assert open_first == sorted(open_first, reverse=True) and open_first[0]
    task = page[page.index(f'id="task-{involvement}"'):]
    task = task[:task.index("</li>")]
    assert "To do" in task and "3 days overdue" in task
    imr = request_id(app, GATHERING, POLICE, "imr")
    task = page[page.index(f'id="task-{imr}"'):]
    assert "In progress" in task[:task.index("</li>")]
    assert re.search(r"\d+ days? left", task[:task.index("</li>")])


def test_a_returned_form_heads_the_task_list_as_changes_needed(app, client, auth):
    imr = request_id(app, GATHERING, POLICE, "imr")
    with app.app_context():
        db.session.get(FormRequest, imr).status = FormStatus.returned
        db.session.commit()
    auth.login(POLICE_USER)
    page = client.get("/portal/").text
    first = re.search(r'<li class="govuk-task-list__item[^"]*" id="task-(\d+)"', page)
    assert int(first.group(1)) == imr
    task = page[page.index(f'id="task-{imr}"'):]
    assert "Returned — changes needed" in task[:task.index("</li>")]


def test_short_choices_are_radios_and_errors_are_summarised_at_the_top(app, client, auth):
    rid = request_id(app, ON_HOLD, POLICE, "involvement")
    auth.login(POLICE_USER)
    page = client.get(f"/portal/requests/{rid}").text
    assert re.search(r'<input[^>]*name="had_contact"[^>]*type="radio"', page)
    assert '<select' not in page[page.index('id="answers-form"'):]
    before = state(app, rid)
    response = post_answers(client, rid, {"declaration_name": "x" * 200,
                                          "contact_summary": "Kept when refused"})
    assert response.status_code == 400
    summary = response.text[response.text.index('id="error-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert 'href="#declaration_name"' in summary
    assert 'id="declaration_name-error"' in response.text  # the message beside the field too
    assert "Kept when refused" in response.text
    assert state(app, rid) == before


def test_check_your_answers_then_submit_then_receipt(app, client, auth):
    rid = request_id(app, ON_HOLD, POLICE, "involvement")
    auth.login(POLICE_USER)
    page = client.get(f"/portal/requests/{rid}")
    saved = post_answers(client, rid, complete_answers(page.text), "check")
    assert saved.headers["Location"].endswith(f"/portal/requests/{rid}/check")
    check = client.get(f"/portal/requests/{rid}/check").text
    assert "Check your answers before you submit" in check
    assert f'href="/portal/requests/{rid}#records_searched"' in check  # a "Change" link
    assert state(app, rid)["status"] is FormStatus.in_progress  # nothing submitted yet

    stale = page_form(check, "submit-answers")
    stale["revision"] = str(int(stale["revision"]) - 1)
    assert client.post(f"/portal/requests/{rid}/submit", data=stale).status_code == 302
    assert state(app, rid)["status"] is FormStatus.in_progress

    response = client.post(f"/portal/requests/{rid}/submit", data=page_form(check, "submit-answers"))
    assert response.headers["Location"].endswith(f"/portal/requests/{rid}/receipt")
    receipt = client.get(f"/portal/requests/{rid}/receipt").text
    assert "Form submitted" in receipt and "govuk-panel" in receipt
    download = client.get(f"/portal/requests/{rid}/receipt.txt")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    text = download.text
    assert f"Reference: DHR-2026-002-{rid}-v1" in text and f"Agency: {POLICE}" in text
    assert re.search(r"Submitted at: \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}\n", text)
    assert "Submitted by: " in text and "Form: Agency involvement" in text


def test_no_receipt_before_a_submission(app, client, auth):
    rid = request_id(app, ON_HOLD, POLICE, "involvement")
    auth.login(POLICE_USER)
    assert client.get(f"/portal/requests/{rid}/receipt").status_code == 404
    assert client.get(f"/portal/requests/{rid}/receipt.txt").status_code == 404


def test_autosave_answers_with_the_new_revision_and_refuses_a_stale_one(app, client, auth):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(POLICE_USER)
    form = page_form(client.get(f"/portal/requests/{rid}").text)
    json = {"Accept": "application/json"}
    first = client.post(f"/portal/requests/{rid}/autosave",
                        data={**form, "lessons": "Autosaved once"}, headers=json)
    assert first.status_code == 200 and first.json["revision"] == int(form["revision"]) + 1
    before = state(app, rid)
    stale = client.post(f"/portal/requests/{rid}/autosave",
                        data={**form, "lessons": "Stale autosave"}, headers=json)
    assert stale.status_code == 409 and stale.json["conflict"] is True
    assert state(app, rid) == before
    assert "Autosaved once" in client.get(f"/portal/requests/{rid}").text


def test_keep_alive_is_for_signed_in_agency_staff(app, client, auth):
    page = client.get("/login")
    token = csrf_token(page.text)
    anonymous = client.post("/portal/keep-alive", data={"csrf_token": token},
                            headers={"Accept": "application/json"})
    assert anonymous.status_code == 401
    auth.login(MANAGER)
    token = csrf_token(client.get("/home", follow_redirects=True).text)
    assert client.post("/portal/keep-alive", headers={"X-CSRFToken": token}).status_code == 403
    auth.logout()
    auth.login(POLICE_USER)
    token = csrf_token(client.get("/portal/").text)
    alive = client.post("/portal/keep-alive", headers={"X-CSRFToken": token,
                                                       "Accept": "application/json"})
    assert alive.status_code == 200 and alive.json["idle_seconds"] == 30 * 60
    assert "session=" in alive.headers["Set-Cookie"]  # the cookie's expiry moves on


def test_a_save_after_the_session_ended_is_answered_in_words(app, client, auth):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(POLICE_USER)
    form = page_form(client.get(f"/portal/requests/{rid}").text)
    before = state(app, rid)
    client.delete_cookie("session")  # the browser drops it when the idle timeout passes
    response = client.post(f"/portal/requests/{rid}", data={**form, "action": "save",
                                                           "lessons": "Typed too late"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert response.headers["Location"].endswith(f"/login?next=/portal/requests/{rid}")
    login = client.get(response.headers["Location"]).text
    assert "what you typed is kept in this browser window" in login
    autosave = client.post(f"/portal/requests/{rid}/autosave", data=form,
                           headers={"Accept": "application/json"})
    assert autosave.status_code == 401 and autosave.json["signed_out"] is True
    assert state(app, rid) == before


def test_a_signed_in_save_with_a_bad_token_changes_nothing_and_says_so(app, client, auth):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(POLICE_USER)
    form = page_form(client.get(f"/portal/requests/{rid}").text)
    before = state(app, rid)
    response = client.post(f"/portal/requests/{rid}", data={**form, "csrf_token": "forged"})
    assert response.status_code == 400 and "Your answers were not saved" in response.text
    assert "Bad Request" not in response.text and 'id="sign-out"' in response.text
    assert state(app, rid) == before


def test_another_agency_reaches_nothing_of_the_new_pages(app, client, auth):
    """Health tries police's check page, submit, autosave, removal and receipt: 404, audited,
    nothing changed (the receipt after police submitted)."""
    rid = request_id(app, ON_HOLD, POLICE, "involvement")
    auth.login(POLICE_USER)
    page = client.get(f"/portal/requests/{rid}")
    post_answers(client, rid, complete_answers(page.text), "submit")
    assert state(app, rid)["status"] is FormStatus.submitted
    auth.logout()
    open_imr = request_id(app, GATHERING, POLICE, "imr")

    auth.login(HEALTH)
    token = csrf_token(client.get("/portal/").text)
    before, before_open = state(app, rid), state(app, open_imr)
    denied = audit_count(app, AuditAction.not_found)
    attempts = [
        client.get(f"/portal/requests/{rid}/receipt"),
        client.get(f"/portal/requests/{rid}/receipt.txt"),
        client.get(f"/portal/requests/{open_imr}/check"),
        client.post(f"/portal/requests/{open_imr}/submit", data={
            "csrf_token": token, "revision": str(before_open["revision"])}),
        client.post(f"/portal/requests/{open_imr}/autosave", data={
            "csrf_token": token, "revision": str(before_open["revision"]),
            "lessons": "Written by the wrong agency"}, headers={"Accept": "application/json"}),
    ]
    assert [r.status_code for r in attempts] == [404] * len(attempts)
    assert state(app, rid) == before and state(app, open_imr) == before_open
    assert audit_count(app, AuditAction.not_found) == denied + len(attempts)


def test_removing_an_attachment_that_is_not_there_is_a_404(app, client, auth):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(POLICE_USER)
    for bogus in ("9" * 25, "abc", "999999"):
        form = page_form(client.get(f"/portal/requests/{rid}").text)
        before = state(app, rid)
        response = client.post(f"/portal/requests/{rid}", data={
            **form, "action": "save", "remove_attachment": bogus})
        assert response.status_code == 404
        assert state(app, rid) == before
