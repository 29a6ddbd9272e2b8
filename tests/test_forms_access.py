"""Who sees which forms: an agency user reaches only their own agency's sent requests (other
ids answer 404, audited, nothing changed); chairs read their reviews' submissions, panel
members accepted forms only; agency users never enter the admin pages."""
import io

import pytest
from sqlalchemy import select

import access
from agency_forms.workflow import distribute
from conftest import csrf_token
from dbtools import audit_count, review_id
from formtools import HEALTH, HOUSING, PDF, POLICE, attach, attachment_ids, request_id, state
from models import (IMR, Agency, AuditAction, FormAttachment, FormRequest, FormStatus, FormType,
                    FormVersion, Person, Review, User, db)
import world
from world import AT_HOME_OFFICE, CHAIR_A, CHAIR_B, GATHERING, HEALTH_AGENCY, MANAGER, PANEL_A


def test_agency_a_cannot_reach_agency_b_by_id(app, client, auth):
    police_imr = request_id(app, GATHERING, POLICE, "imr")
    auth.login(world.POLICE)
    assert attach(client, police_imr).status_code == 302
    [file_id] = attachment_ids(app, police_imr)
    auth.logout()

    auth.login(world.HEALTH)
    token = csrf_token(client.get("/portal/").text)
    before = state(app, police_imr)
    denied = audit_count(app, AuditAction.not_found)
    attempts = [
        client.get(f"/portal/requests/{police_imr}"),
        client.post(f"/portal/requests/{police_imr}", data={
            "csrf_token": token, "revision": str(before["revision"]), "action": "save",
            "lessons": "Written by the wrong agency"}),
        client.post(f"/portal/requests/{police_imr}", data={
            "csrf_token": token, "revision": str(before["revision"]), "action": "submit"}),
        client.post(f"/portal/requests/{police_imr}", data={
            "csrf_token": token, "revision": str(before["revision"]), "action": "save",
            "file": (io.BytesIO(PDF), "x.pdf")}, content_type="multipart/form-data"),
        client.post(f"/portal/requests/{police_imr}", data={
            "csrf_token": token, "revision": str(before["revision"]), "action": "save",
            "remove_attachment": str(file_id)}),
        client.post(f"/portal/requests/{police_imr}/autosave", data={
            "csrf_token": token, "revision": str(before["revision"]),
            "lessons": "Autosaved by the wrong agency"}, headers={"Accept": "application/json"}),
        client.get(f"/portal/requests/{police_imr}/check"),
        client.post(f"/portal/requests/{police_imr}/submit", data={
            "csrf_token": token, "revision": str(before["revision"])}),
        client.get(f"/portal/requests/{police_imr}/receipt"),
        client.get(f"/portal/requests/{police_imr}/receipt.txt"),
        client.get(f"/portal/attachments/{file_id}"),
    ]
    assert [r.status_code for r in attempts] == [404] * len(attempts)
    assert state(app, police_imr) == before
    assert audit_count(app, AuditAction.not_found) == denied + len(attempts)
    listing = client.get("/portal/").text
    assert f'id="task-{police_imr}"' not in listing


def test_agency_list_shows_only_sent_requests_of_the_agency(app, client, auth):
    auth.login(world.HOUSING)
    listing = client.get("/portal/").text
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == world.HOUSING))
        mine = db.session.scalars(select(FormRequest).where(
            FormRequest.agency_id == user.agency_id)).all()
        others = db.session.scalars(select(FormRequest).where(
            FormRequest.agency_id != user.agency_id)).all()
    assert all(f'id="task-{r.id}"' in listing for r in mine if r.status is not FormStatus.draft)
    assert not any(f'id="task-{r.id}"' in listing for r in others)


def test_draft_requests_are_invisible_to_the_agency(app, client, auth):
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == AT_HOME_OFFICE))
        police = db.session.scalar(select(Agency).where(Agency.name == POLICE))
        manager = db.session.scalar(select(User).where(User.email == MANAGER))
        [draft] = distribute(review, [police], FormType.imr, manager, send=False)
        db.session.commit()
        draft_id = draft.id
        police_user = db.session.scalar(select(User).where(User.email == world.POLICE))
        assert not access.can_see_review(review.id, police_user)  # asked nothing yet
    auth.login(world.POLICE)
    assert client.get(f"/portal/requests/{draft_id}").status_code == 404
    assert AT_HOME_OFFICE not in client.get("/portal/").text


@pytest.mark.parametrize("url", ["/admin/formrequest/", "/admin/formrequest/review/1/",
                                 "/admin/formrequest/review/1/compare/imr/",
                                 "/admin/formrequest/notify/", "/admin/imr/",
                                 "/admin/formrequest/attachment/1/"])
def test_agency_users_never_enter_the_admin_pages(client, auth, url):
    auth.login(world.POLICE)
    assert client.get(url).status_code == 403


def test_chair_of_another_review_gets_404(app, client, auth):
    other = review_id(app, GATHERING)
    health_imr = request_id(app, GATHERING, HEALTH, "imr")  # submitted
    auth.login(CHAIR_B)
    assert client.get(f"/admin/formrequest/review/{other}/").status_code == 404
    assert client.get(f"/admin/formrequest/review/{other}/compare/imr/").status_code == 404
    page = client.get("/admin/formrequest/")
    before = state(app, health_imr)
    response = client.post(f"/admin/formrequest/{health_imr}/decide/", data={
        "csrf_token": csrf_token(page.text), "decision": "accept"})
    assert response.status_code == 404 and state(app, health_imr) == before
    assert f"/admin/formrequest/review/{other}/" not in page.text


def test_chair_may_decide_but_not_chase_or_distribute(app, client, auth):
    rid = review_id(app, GATHERING)
    housing_imr = request_id(app, GATHERING, HOUSING, "imr")
    auth.login(CHAIR_A)
    page = client.get(f"/admin/formrequest/review/{rid}/")
    assert page.status_code == 200 and "Chase now" not in page.text
    assert 'id="distribute"' not in page.text
    token = csrf_token(page.text)
    before = state(app, housing_imr)
    assert client.post(f"/admin/formrequest/{housing_imr}/chase/",
                       data={"csrf_token": token}).status_code == 403
    assert client.post(f"/admin/formrequest/review/{rid}/distribute/", data={
        "csrf_token": token, "form_type": "imr", "agencies": [1]}).status_code == 403
    assert state(app, housing_imr) == before


def test_panel_member_reads_accepted_forms_only(app, client, auth):
    rid = review_id(app, GATHERING)
    health_imr = request_id(app, GATHERING, HEALTH, "imr")  # submitted
    auth.login(PANEL_A)
    page = client.get(f"/admin/formrequest/review/{rid}/compare/imr/")
    assert page.status_code == 200
    assert "Riverside GP Practice" in page.text  # accepted
    assert HEALTH_AGENCY not in page.text  # submitted, not yet accepted
    assert "Record decision" not in page.text
    before = state(app, health_imr)
    response = client.post(f"/admin/formrequest/{health_imr}/decide/", data={
        "csrf_token": csrf_token(page.text), "decision": "accept"})
    assert response.status_code in (403, 404) and state(app, health_imr) == before
    assert client.get(f"/admin/formrequest/details/?id={health_imr}").status_code == 404
    with app.app_context():
        panel = db.session.scalar(select(User).where(User.email == PANEL_A))
        seen = db.session.scalars(access.scope(select(FormRequest), FormRequest, panel)).all()
        assert seen and {r.status for r in seen} == {FormStatus.accepted}
        assert {r.review.reference for r in seen} == {GATHERING}


def test_scope_for_agency_users_follows_their_agency(app, client, auth):
    # Files on a police form and on another agency's: the scope has rows to keep and to leave.
    for email, agency in ((world.POLICE, POLICE), (world.HOUSING, HOUSING)):
        auth.login(email)
        attach(client, request_id(app, GATHERING, agency, "imr"), PDF, f"{agency}.pdf")
        auth.logout()
    with app.app_context():
        police = db.session.scalar(select(User).where(User.email == world.POLICE))
        requests = db.session.scalars(access.scope(select(FormRequest), FormRequest,
                                                   police)).all()
        assert requests and {r.agency_id for r in requests} == {police.agency_id}
        assert all(r.status is not FormStatus.draft for r in requests)
        files = db.session.scalars(select(FormAttachment)).all()
        assert {f.request.agency_id for f in files} > {police.agency_id}
        for model in (IMR, FormVersion, FormAttachment):
            rows = db.session.scalars(access.scope(select(model), model, police)).all()
            assert all(row.request.agency_id == police.agency_id for row in rows)
            assert rows or not access.allowed(model.__tablename__, access.READ, police)
        visible = set(db.session.scalars(access.agency_review_ids(police)))
        assert visible == {r.review_id for r in requests}
        assert not access.allowed("person", access.READ, police)
        people = db.session.scalars(access.scope(select(Person), Person, police)).all()
        assert {p.review_id for p in people} <= visible


def test_details_by_id_from_the_url(app, client, auth):
    rid = request_id(app, GATHERING, HEALTH, "imr")
    auth.login(MANAGER)
    page = client.get(f"/admin/formrequest/details/?id={rid}")
    assert page.status_code == 200 and HEALTH_AGENCY in page.text
    assert client.get("/admin/formrequest/details/?id=not-a-number").status_code == 404
