"""The whole life of a form through the real screens: distribute -> draft -> submit -> return
-> resubmit -> accept, the lock after submission, a colleague continuing, and the initial
notification opening a review."""
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

import demo
from conftest import csrf_token
from datetools import date_boxes
from dbtools import review_id
from formtools import (HEALTH, POLICE, agency_id, complete_answers, last_outbox_id, outbox,
                       post_answers, request_id, revision_of, state)
from models import (Agency, FormRequest, FormStatus, FormType, FormVersion, Person, Review,
                    ReviewStatus, VersionOutcome, db)
import world
from world import CHAIR_A, DUE_SOON, GATHERING, MANAGER, ON_HOLD

pytestmark = pytest.mark.both_backends  # the conditional updates of the workflow

MANAGER, CHAIR, POLICE_USER = MANAGER, CHAIR_A, world.POLICE
SEND_ACTION = 'data-fa-action="send_drafts"'  # the list's "Send" bulk action


def distribute_imr(app, client, auth, reference=ON_HOLD, agencies=(POLICE, HEALTH)):
    auth.login(MANAGER)
    rid = review_id(app, reference)
    page = client.get(f"/admin/formrequest/review/{rid}/")
    assert page.status_code == 200 and 'id="forms"' in page.text
    response = client.post(f"/admin/formrequest/review/{rid}/distribute/", data={
        "csrf_token": csrf_token(page.text), "form_type": "imr", "send": "y",
        "agencies": [agency_id(app, name) for name in agencies], "due_on": "",
        "briefing": "Subjects: Adult B and Adult BB. Scoping period: 2021 to the death."})
    assert response.status_code == 302
    auth.logout()
    return rid


def decide(client, rid, decision, comment=""):
    with client.application.app_context():
        item = db.session.get(FormRequest, rid)
        compare = f"/admin/formrequest/review/{item.review_id}/compare/{item.form_type.name}/"
    page = client.get(compare)
    assert page.status_code == 200
    return client.post(f"/admin/formrequest/{rid}/decide/", data={
        "csrf_token": csrf_token(page.text), "decision": decision, "comment": comment})


def test_round_trip(app, client, auth):
    before = last_outbox_id(app)
    distribute_imr(app, client, auth)
    rid = request_id(app, ON_HOLD, POLICE, "imr")
    with app.app_context():
        item = db.session.get(FormRequest, rid)
        assert item.status is FormStatus.sent
        assert item.due_on == date.today() + timedelta(days=56)
    mails = outbox(app, before)
    police_mails = [m for m in mails if "police" in m.recipient]
    assert {m.recipient for m in police_mails} >= {POLICE_USER}
    assert all(f"/portal/requests/{rid}" in m.body for m in police_mails)
    assert all("Adult B" not in m.body for m in mails)  # a link only, no case details

    auth.login(POLICE_USER)
    assert f'id="task-{rid}"' in client.get("/portal/").text
    page = client.get(f"/portal/requests/{rid}")
    assert "Scoping period" in page.text and "term_" in page.text  # briefing, one per term
    draft = post_answers(client, rid, {"author_name": "Sam Police",
                                       "summary_of_involvement": "First draft"})
    assert draft.status_code == 302
    assert state(app, rid)["status"] is FormStatus.in_progress
    page = client.get(f"/portal/requests/{rid}")
    assert "First draft" in page.text  # come back later: the draft is there

    answers = complete_answers(page.text, "Version one")
    assert post_answers(client, rid, answers, "submit").status_code == 302
    with app.app_context():
        item = db.session.get(FormRequest, rid)
        assert item.status is FormStatus.submitted and len(item.versions) == 1
        assert item.submitted_by.email == POLICE_USER
        first_data = item.versions[0].data
    assert "Version one for summary_of_involvement" in str(first_data)
    page = client.get(f"/portal/requests/{rid}")
    assert 'id="answers-form"' not in page.text and "Version one" in page.text  # read-only
    auth.logout()

    auth.login(CHAIR)
    assert decide(client, rid, "return", "").status_code == 400  # a comment is required
    assert state(app, rid)["status"] is FormStatus.submitted
    before_return = last_outbox_id(app)
    assert decide(client, rid, "return", "Please add the 2024 contacts.").status_code == 302
    assert state(app, rid)["status"] is FormStatus.returned
    assert any("returned" in m.body for m in outbox(app, before_return))
    auth.logout()

    auth.login(POLICE_USER)
    page = client.get(f"/portal/requests/{rid}")
    assert "Please add the 2024 contacts." in page.text and 'id="answers-form"' in page.text
    assert "Version one for good_practice" in page.text  # the answers come back to edit
    answers = complete_answers(page.text, "Version two")
    assert post_answers(client, rid, answers, "submit").status_code == 302
    auth.logout()

    auth.login(CHAIR)
    page = client.get(f"/admin/formrequest/review/{review_id(app, 'DHR-2026-002')}/compare/imr/")
    assert "Version two for lessons" in page.text and "Please add the 2024 contacts." in page.text
    assert decide(client, rid, "accept").status_code == 302
    with app.app_context():
        versions = db.session.scalars(select(FormVersion).where(
            FormVersion.request_id == rid).order_by(FormVersion.number)).all()
        assert [v.outcome for v in versions] == [VersionOutcome.returned, VersionOutcome.accepted]
        assert versions[0].data == first_data  # the returned version is kept as submitted
        assert versions[0].comment == "Please add the 2024 contacts."
        assert db.session.get(FormRequest, rid).status is FormStatus.accepted


def test_submitted_form_is_locked(app, client, auth):
    rid = request_id(app, GATHERING, POLICE, "imr")  # in progress
    auth.login(POLICE_USER)
    page = client.get(f"/portal/requests/{rid}")
    assert post_answers(client, rid, complete_answers(page.text), "submit").status_code == 302
    before = state(app, rid)
    assert before["status"] is FormStatus.submitted
    stale = {"csrf_token": csrf_token(page.text), "revision": str(before["revision"]),
             "action": "save", "summary_of_involvement": "Changed after submission"}
    assert client.post(f"/portal/requests/{rid}", data=stale).status_code == 409
    assert client.post(f"/portal/requests/{rid}/submit", data={
        "csrf_token": csrf_token(page.text), "revision": str(before["revision"])}).status_code == 409
    assert client.post(f"/portal/requests/{rid}/autosave", data=stale).status_code == 409
    upload = client.post(f"/portal/requests/{rid}", data={
        **stale, "file": (io.BytesIO(b"%PDF-1.4 x"), "late.pdf")})
    assert upload.status_code == 409
    assert state(app, rid) == before
    accepted = request_id(app, DUE_SOON, POLICE, "imr")
    before = state(app, accepted)
    assert client.post(f"/portal/requests/{accepted}", data=stale).status_code == 409
    assert state(app, accepted) == before


def test_incomplete_submission_is_kept_as_a_draft(app, client, auth):
    rid = request_id(app, ON_HOLD, POLICE, "involvement")  # sent, nothing saved
    auth.login(POLICE_USER)
    response = post_answers(client, rid, {"contact_summary": "Two call-outs"}, "submit")
    assert response.status_code == 302
    page = client.get(f"/portal/requests/{rid}")
    check = client.get(f"/portal/requests/{rid}/check")
    assert "You cannot submit yet" in check.text and "Records and systems searched" in check.text
    assert 'id="submit-answers"' not in check.text
    assert state(app, rid)["status"] is FormStatus.in_progress and "Two call-outs" in page.text


def test_a_colleague_continues_and_stale_saves_are_refused(app, client, auth, accounts):
    rid = request_id(app, GATHERING, POLICE, "imr")
    with app.app_context():
        police = db.session.scalar(select(Agency).where(Agency.name == POLICE))
        _, secret = demo.create_user("police2@example.org", "Kim Police", ["agency_user"], police)
        db.session.commit()
    accounts["police2@example.org"] = {"password": demo.DEMO_PASSWORD, "totp_secret": secret}
    auth.login(POLICE_USER)
    mine = client.get(f"/portal/requests/{rid}").text
    auth.logout()
    auth.login("police2@example.org")
    assert post_answers(client, rid, {"lessons": "Kim's lessons"}).status_code == 302
    auth.logout()
    auth.login(POLICE_USER)
    stale = client.post(f"/portal/requests/{rid}", data={
        "csrf_token": csrf_token(client.get("/portal/").text), "revision": revision_of(mine),
        "action": "save", "lessons": "Sam's lessons"})
    assert stale.status_code == 409 and "A colleague saved this form" in stale.text
    assert "Kim&#39;s lessons" in client.get(f"/portal/requests/{rid}").text


def test_police_notification_opens_a_review(app, client, auth):
    before = last_outbox_id(app)
    auth.login(POLICE_USER)
    page = client.get("/portal/notify")
    response = client.post("/portal/notify", data={
        "csrf_token": csrf_token(page.text), "victim_name": "Jane Example", "victim_age": "41",
        "date_of_death": "2026-01-02", "place_of_death": "Her home, Northtown",
        "death_type": "homicide", "circumstances": "Stabbed at home.",
        "suspect_name": "John Example", "suspect_relationship": "Husband",
        "justice_status": "charged", "notifier_name": "DI Sam Police",
        "notifier_role": "Detective Inspector", "notifier_email": "sam@example.org",
        **date_boxes("notified_on", date.today())})
    assert response.status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Review).order_by(Review.id.desc()))
        assert review.reference == f"DHR-{date.today().year}-" + (
            "006" if date.today().year == 2026 else "001")
        assert review.status is ReviewStatus.notified and review.notified_on == date.today()
        assert review.notifying_agency.name == POLICE
        names = {p.real_name for p in db.session.scalars(select(Person).where(
            Person.review_id == review.id))}
        assert names == {"Jane Example", "John Example"}
        item = db.session.scalar(select(FormRequest).where(FormRequest.review_id == review.id))
        assert item.form_type is FormType.initial_notification
        assert item.status is FormStatus.submitted
    mails = outbox(app, before)
    assert [m.recipient for m in mails] == [MANAGER]
    assert review.reference in mails[0].subject
    assert "Jane" not in mails[0].body and "John" not in mails[0].body
    assert response.headers["Location"].endswith(f"/portal/requests/{item.id}")
    assert "Jane Example" in client.get(f"/portal/requests/{item.id}").text


def test_manager_records_a_notification_for_an_agency(app, client, auth):
    auth.login(MANAGER)
    page = client.get("/admin/formrequest/notify/")
    assert page.status_code == 200
    response = client.post("/admin/formrequest/notify/", data={
        "csrf_token": csrf_token(page.text), "agency": agency_id(app, HEALTH),
        "victim_name": "Ann Example", "date_of_death": "2026-02-03", "place_of_death": "A&E",
        "death_type": "suicide", "circumstances": "Overdose.", "justice_status": "inquest",
        "notifier_name": "Dr Who", "notifier_role": "Safeguarding lead",
        "notifier_email": "who@example.org", **date_boxes("notified_on", date.today())})
    assert response.status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Review).order_by(Review.id.desc()))
        assert review.notifying_agency.name == HEALTH and review.status is ReviewStatus.notified


def test_drafts_are_sent_and_chased_from_the_list(app, client, auth):
    draft = request_id(app, ON_HOLD, "Probation Service North", "involvement")
    auth.login(CHAIR)
    page = client.get("/admin/formrequest/")
    assert SEND_ACTION not in page.text  # chairs are not offered "Send"...
    client.post("/admin/formrequest/action/", data={
        "csrf_token": csrf_token(page.text), "action": "send_drafts", "rowid": [draft]})
    assert state(app, draft)["status"] is FormStatus.draft  # ...nor may they post it
    auth.logout()

    before = last_outbox_id(app)
    auth.login(MANAGER)
    page = client.get("/admin/formrequest/")
    assert SEND_ACTION in page.text  # the manager's list offers "Send"
    response = client.post("/admin/formrequest/action/", data={
        "csrf_token": csrf_token(page.text), "action": "send_drafts", "rowid": [draft]})
    assert response.status_code == 302
    assert state(app, draft)["status"] is FormStatus.sent
    assert [m.recipient for m in outbox(app, before)] == ["dhr@probation-service-north.example.org"]
    client.post("/admin/formrequest/action/", data={
        "csrf_token": csrf_token(page.text), "action": "chase", "rowid": [draft]})
    assert state(app, draft)["reminders"] == 1
