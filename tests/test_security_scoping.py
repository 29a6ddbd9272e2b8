"""Security review, scoping by review and agency: rows of a review a user does not sit on, and
forms not (or no longer) open to them, answer 404 or stay out of every list, filter, search,
select box, look-up and write, on every admin view and in the portal."""

import pytest
from flask_login import login_user
from sqlalchemy import select

from admin_views.base import ScopedAjaxLoader
from conftest import csrf_token
from dbtools import admin_views, audit_rows, count, review_id
from formtools import HOUSING, POLICE, request_id
from models import (IMR, AuditAction, FormAttachment, FormReminder, FormRequest, FormStatus,
                    FormVersion, Person, Review, User, db)
from security_helpers import FOREIGN, OWN, filter_arg, rows_of_review
import world
from world import AT_HOME_OFFICE, CHAIR_A, CHAIR_B, DUE_SOON, MANAGER, ON_HOLD, PANEL_A

pytestmark = [pytest.mark.real_sign_in, pytest.mark.both_backends]  # the scoping queries

MENTAL_HEALTH = "Northshire Mental Health Partnership"
NO_ROWS = "no items in the table"


@pytest.mark.parametrize("role,email", [("chair", CHAIR_A),
                                        ("panel_member", PANEL_A)])
def test_rows_of_another_review_answer_404_on_every_view(app, client, auth, role, email):
    auth.login(email)
    checked = 0
    for view in admin_views(app, role):
        with app.app_context():
            foreign = rows_of_review(view.model, FOREIGN)[:3]
        base = view.url.rstrip("/")
        for row in foreign:
            assert client.get(f"{base}/details/?id={row}").status_code == 404, view.endpoint
            checked += 1
        assert FOREIGN not in client.get(base + "/").text, view.endpoint
    assert checked >= 10


def test_writes_with_another_reviews_ids_are_refused_and_change_nothing(app, client, auth):
    auth.login(CHAIR_A)
    token = csrf_token(client.get("/admin/review/").text)
    for view in admin_views(app, "chair"):
        with app.app_context():
            foreign = rows_of_review(view.model, FOREIGN)[:1]
        base, before = view.url.rstrip("/"), count(app, view.model)
        for row in foreign:
            data = {"csrf_token": token, "id": row, "list_form_pk": row}
            for url in (f"{base}/delete/", f"{base}/ajax/update/", f"{base}/edit/?id={row}"):
                assert client.post(url, data=data).status_code in (403, 404), url
            client.post(f"{base}/action/", data={"csrf_token": token, "action": "delete",
                                                 "rowid": row})
        assert count(app, view.model) == before, view.endpoint
    own = request_id(app, OWN, HOUSING, "imr")  # open, so chasing it would send mail
    reminders = count(app, FormReminder)
    client.post("/admin/formrequest/action/", data={"csrf_token": token, "action": "chase",
                                                    "rowid": own})
    assert count(app, FormReminder) == reminders


def test_select_boxes_and_lookups_offer_only_the_users_reviews(app):
    views = {v.endpoint: v for v in admin_views(app)}
    with app.test_request_context():
        login_user(db.session.scalar(select(User).where(User.email == CHAIR_B)))
        mine = {DUE_SOON, AT_HOME_OFFICE}
        for endpoint in ("person", "reviewmember", "termofreference"):
            form = views[endpoint].create_form()
            assert {str(r) for r in form.review.query_factory()} == mine, endpoint
        loader = ScopedAjaxLoader("review", db, Review, fields=("reference",))
        assert {str(r) for r in loader.get_list("DHR")} == mine


def test_filters_and_searches_on_review_reference_stay_in_scope(app, client, auth):
    auth.login(CHAIR_A)
    filtered = 0
    for view in admin_views(app, "chair"):
        arg = filter_arg(view, "reference")
        if arg:
            listing = client.get(f"{view.url.rstrip('/')}/?{arg}={FOREIGN}").text
            assert NO_ROWS in listing.lower(), view.endpoint
            filtered += 1
    assert filtered >= 5
    search = client.get("/admin/person/?search=Victim").text
    assert f"Victim of {OWN}" in search and f"Victim of {FOREIGN}" not in search


@pytest.mark.parametrize("email", [CHAIR_A, PANEL_A])
def test_readers_cannot_list_user_accounts_through_the_ajax_lookup(app, client, auth, email):
    """Medium. The members screen's user look-up answered anyone who may read members: a chair
    or panel member could page through every account (names and e-mails of all staff)."""
    auth.login(email)
    response = client.get("/admin/reviewmember/ajax/lookup/?name=user&query=example")
    assert response.status_code == 403 and world.POLICE not in response.text
    denied = audit_rows(app, AuditAction.permission_denied, email)
    assert denied[-1].path == "/admin/reviewmember/ajax/lookup/"


def test_managers_still_look_up_users_to_add_members(client, auth):
    auth.login(MANAGER)
    response = client.get("/admin/reviewmember/ajax/lookup/?name=user&query=police")
    assert response.status_code == 200 and world.POLICE in response.text


def test_panel_members_read_no_form_before_it_is_accepted(app, client, auth):
    with app.app_context():
        pending = db.session.scalars(select(FormRequest.id).join(Review).where(
            Review.reference == OWN, FormRequest.status != FormStatus.accepted)).all()
        answers = db.session.scalars(select(IMR.id).where(IMR.request_id.in_(pending))).all()
        versions = db.session.scalars(select(FormVersion.id).where(
            FormVersion.request_id.in_(pending))).all()
    assert pending and answers and versions
    auth.login(PANEL_A)
    for rid in pending:
        assert client.get(f"/admin/formrequest/details/?id={rid}").status_code == 404
    for imr_id in answers:
        assert client.get(f"/admin/imr/details/?id={imr_id}").status_code == 404
    compare = client.get(f"/admin/formrequest/review/{review_id(app, OWN)}/compare/imr/").text
    assert not [rid for rid in pending if f'id="request-{rid}"' in compare]


def test_a_returned_form_is_the_agencys_draft_again(app, client, auth):
    """Low. While a form was returned the chair read its live answers and files, i.e. what the
    agency was redrafting and had not submitted. Now only its frozen versions are read."""
    rid = request_id(app, OWN, MENTAL_HEALTH, "imr")  # returned
    with app.app_context():
        imr = db.session.scalar(select(IMR).where(IMR.request_id == rid))
        imr.lessons = "Unsubmitted draft wording"
        draft_file = FormAttachment(request_id=rid, storage_key="f" * 32, size=1,
                                    original_name="draft.pdf", content_type="application/pdf",
                                    sha256="0" * 64)
        db.session.add(draft_file)
        db.session.commit()
        imr_id, file_id = imr.id, draft_file.id
    auth.login(CHAIR_A)
    assert client.get(f"/admin/imr/details/?id={imr_id}").status_code == 404
    assert "Unsubmitted draft wording" not in client.get("/admin/imr/").text
    assert client.get(f"/admin/formrequest/attachment/{file_id}/").status_code == 404
    compare = client.get(f"/admin/formrequest/review/{review_id(app, OWN)}/compare/imr/").text
    assert f'id="request-{rid}"' in compare  # the returned version is still read here
    assert "Unsubmitted draft wording" not in compare and "draft.pdf" not in compare


def test_agency_staff_reach_nothing_of_a_review_beyond_their_requests(app, client, auth):
    with app.app_context():
        asked = [r for r in (OWN, ON_HOLD, FOREIGN)]
        names = db.session.scalars(select(Person.real_name).join(Review).where(
            Review.reference.in_(asked))).all()
        police = db.session.scalar(select(User).where(User.email == world.POLICE))
        requests = db.session.scalars(select(FormRequest).join(Review).where(
            Review.reference.in_(asked))).all()
        mine = [r.id for r in requests if r.agency_id == police.agency_id]
        others = [r.id for r in requests if r.agency_id != police.agency_id]
        foreign_agencies = {r.agency.name for r in requests} - {POLICE}
        rows = {v.endpoint: rows_of_review(v.model, OWN)[:1] for v in admin_views(app)}
    auth.login(world.POLICE)
    for view in admin_views(app):
        base = view.url.rstrip("/")
        urls = [base + "/"] + [f"{base}/details/?id={row}" for row in rows[view.endpoint]]
        assert [client.get(url).status_code for url in urls] == [403] * len(urls), base
    assert client.get(f"/admin/review/{review_id(app, OWN)}/").status_code == 403
    for rid in others:
        assert client.get(f"/portal/requests/{rid}").status_code == 404
    pages = [client.get(url).text for url in
             ["/portal/"] + [f"/portal/requests/{rid}" for rid in mine]]
    leaked = {text for page in pages for text in (*names, *foreign_agencies) if text in page}
    assert not leaked
