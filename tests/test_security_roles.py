"""Security review, users holding more than one standing: several system roles (a police officer
on a panel, a chair who is also agency staff), a system role used on a review where their
membership says otherwise (a chair sitting as observer), and the state of their agency. Each
role reaches only its own rows; the holes found here were fixed in access.py and the portal."""
import io

import pytest
from sqlalchemy import select

from conftest import csrf_token
from dbtools import count, review_id
from formtools import HOUSING, PDF, POLICE, agency_id, request_id, state
from models import Agency, MemberRole, Person, Review, ReviewMember, TermOfReference, db
from security_helpers import FOREIGN, OWN, account_with_roles, rows_of_review
import world
from world import HEALTH_AGENCY, NOTIFIED, ON_HOLD

pytestmark = pytest.mark.real_sign_in


def test_agency_staff_on_a_panel_reach_no_other_review_through_their_agency(app, client,
                                                                           accounts):
    """High. Rules were granted per role but rows per any role held: a police officer sitting
    on the panel of 001 read the page, people (real names), members and terms of reference of
    every review the police had been asked about (002, 003, 004)."""
    account_with_roles(app, client, accounts, "panel.police@example.org",
                       ["panel_member", "agency_user"], POLICE, member_of=[OWN])
    with app.app_context():
        other = {model: rows_of_review(model, FOREIGN)[0]
                 for model in (Review, Person, ReviewMember, TermOfReference)}
    urls = [f"/admin/review/{other[Review]}/", f"/admin/review/details/?id={other[Review]}",
            f"/admin/formrequest/review/{other[Review]}/",
            f"/admin/person/details/?id={other[Person]}",
            f"/admin/reviewmember/details/?id={other[ReviewMember]}",
            f"/admin/termofreference/details/?id={other[TermOfReference]}"]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    for listing in ("/admin/review/", "/admin/person/", "/admin/reviewmember/",
                    "/admin/termofreference/"):
        text = client.get(listing).text
        assert OWN in text and not [ref for ref in (ON_HOLD, FOREIGN, NOTIFIED)
                                    if ref in text], listing
    police_imr = request_id(app, FOREIGN, POLICE, "imr")
    assert f'id="task-{police_imr}"' in client.get("/portal/").text  # their agency's work


def test_a_chair_who_is_also_agency_staff_acts_only_as_each_role_allows(app, client,
                                                                      accounts):
    """High. The same mix-up let a chair who also works for the police write into another
    agency's open form (through the portal) on the review they chair, and accept their own
    agency's forms on reviews they do not chair."""
    account_with_roles(app, client, accounts, "chair.police@example.org",
                       ["chair", "agency_user"], POLICE, member_of=[OWN],
                       member_role=MemberRole.chair)
    housing_imr = request_id(app, OWN, HOUSING, "imr")  # sent: open for Northshire Homes
    notification = request_id(app, NOTIFIED, POLICE, "initial_notification")
    token = csrf_token(client.get("/portal/").text)
    before = state(app, housing_imr), state(app, notification)
    responses = [
        client.post(f"/portal/requests/{housing_imr}", data={
            "csrf_token": token, "revision": "0", "action": "save", "lessons": "By police"}),
        client.post(f"/portal/requests/{housing_imr}/attachments", data={
            "csrf_token": token, "file": (io.BytesIO(PDF), "x.pdf")},
            content_type="multipart/form-data"),
        client.post(f"/admin/formrequest/{notification}/decide/", data={
            "csrf_token": token, "decision": "accept"}),
    ]
    assert [r.status_code for r in responses] == [404, 404, 403]
    assert (state(app, housing_imr), state(app, notification)) == before
    assert f'id="task-{housing_imr}"' not in client.get("/portal/").text


def test_agency_staff_notify_a_death_only_for_their_own_agency(app, client, accounts):
    """Medium. The same agency user, let into /admin by their panel role, could record a
    notification in the name of any agency on the CSP's notification page."""
    account_with_roles(app, client, accounts, "panel.police@example.org",
                       ["panel_member", "agency_user"], POLICE, member_of=[OWN])
    page = client.get("/admin/formrequest/notify/")
    assert page.status_code == 200 and HOUSING not in page.text and POLICE in page.text
    reviews = count(app, Review)
    client.post("/admin/formrequest/notify/", data={
        "csrf_token": csrf_token(page.text), "agency": agency_id(app, HOUSING),
        "victim_name": "Someone", "date_of_death": "2026-01-05", "death_type": "homicide",
        "circumstances": "x", "notifier_name": "x", "notifier_role": "x",
        "notifier_email": "x@example.org", "place_of_death": "x", "justice_status": "charged"})
    assert count(app, Review) == reviews


def test_a_chair_sitting_as_observer_reads_but_does_not_decide(app, client, accounts):
    """A chair's powers come from chairing the review, not from the system role alone."""
    account_with_roles(app, client, accounts, "observer.chair@example.org", ["chair"],
                       member_of=[OWN], member_role=MemberRole.observer)
    submitted = request_id(app, OWN, HEALTH_AGENCY, "imr")
    before = state(app, submitted)
    page = client.get(f"/admin/review/{review_id(app, OWN)}/")
    assert page.status_code == 200
    response = client.post(f"/admin/formrequest/{submitted}/decide/", data={
        "csrf_token": csrf_token(page.text), "decision": "accept"})
    assert response.status_code == 403  # they may read it, not decide it
    assert state(app, submitted) == before


def test_staff_of_a_deactivated_agency_lose_their_agency_access(app, client, auth):
    auth.login(world.POLICE)
    assert 'id="task-' in client.get("/portal/").text
    with app.app_context():
        db.session.scalar(select(Agency).where(Agency.name == POLICE)).active = False
        db.session.commit()
    portal = client.get("/portal/")
    assert 'id="task-' not in portal.text
    rid = request_id(app, OWN, POLICE, "imr")
    assert client.get(f"/portal/requests/{rid}").status_code == 404


def test_staff_of_a_deactivated_agency_cannot_notify_a_death(app, client, auth):
    auth.login(world.POLICE)
    token = csrf_token(client.get("/portal/notify").text)
    with app.app_context():
        db.session.scalar(select(Agency).where(Agency.name == POLICE)).active = False
        db.session.commit()
    reviews = count(app, Review)
    assert 'id="notify-death"' not in client.get("/portal/").text
    assert client.get("/portal/notify").status_code == 403
    response = client.post("/portal/notify", data={
        "csrf_token": token, "victim_name": "Someone", "date_of_death": "2026-01-05",
        "death_type": "homicide", "circumstances": "x", "place_of_death": "x",
        "justice_status": "charged", "notifier_name": "x", "notifier_role": "x",
        "notifier_email": "x@example.org"})
    assert response.status_code == 403 and count(app, Review) == reviews
