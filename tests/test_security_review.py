"""Security review: ways a user might reach data or actions beyond their role, their reviews or
their agency. First the holes found (each fixed where the rule lives: access.py, the base view,
the portal guard, config), then the properties checked that held."""
import io
from urllib.parse import quote, urlsplit

import pytest
from flask_login import login_user
from sqlalchemy import select

from admin_views.base import ScopedAjaxLoader
from conftest import csrf_token
from dbtools import admin_views, audit_rows, count, review_id
from formtools import (HOUSING, PDF, POLICE, agency_id, attach, attachment_ids, last_outbox_id,
                       outbox, request_id, state)
from models import (IMR, AuditAction, AuditEvent, FormAttachment, FormReminder, FormRequest,
                    FormStatus, FormVersion, MemberRole, Person, Review, ReviewMember,
                    TermOfReference, User, db)
from security_helpers import FOREIGN, OWN, account_with_roles, filter_arg, rows_of_review

MENTAL_HEALTH = "Northshire Mental Health Partnership"
NO_ROWS = "no items in the table"


# -- holes found and fixed -----------------------------------------------------------------
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
        assert OWN in text and not [ref for ref in ("DHR-2026-002", FOREIGN, "DHR-2026-004")
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
    notification = request_id(app, "DHR-2026-004", POLICE, "initial_notification")
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


@pytest.mark.parametrize("email", ["chair.a@example.org", "panel.a@example.org"])
def test_readers_cannot_list_user_accounts_through_the_ajax_lookup(app, client, auth, email):
    """Medium. The members screen's user look-up answered anyone who may read members: a chair
    or panel member could page through every account (names and e-mails of all staff)."""
    auth.login(email)
    response = client.get("/admin/reviewmember/ajax/lookup/?name=user&query=example")
    assert response.status_code == 403 and "police@example.org" not in response.text
    denied = audit_rows(app, AuditAction.permission_denied, email)
    assert denied[-1].path == "/admin/reviewmember/ajax/lookup/"


def test_managers_still_look_up_users_to_add_members(client, auth):
    auth.login("manager@example.org")
    response = client.get("/admin/reviewmember/ajax/lookup/?name=user&query=police")
    assert response.status_code == 200 and "police@example.org" in response.text


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
    auth.login("chair.a@example.org")
    assert client.get(f"/admin/imr/details/?id={imr_id}").status_code == 404
    assert "Unsubmitted draft wording" not in client.get("/admin/imr/").text
    assert client.get(f"/admin/formrequest/attachment/{file_id}/").status_code == 404
    compare = client.get(f"/admin/formrequest/review/{review_id(app, OWN)}/compare/imr/").text
    assert f'id="request-{rid}"' in compare  # the returned version is still read here
    assert "Unsubmitted draft wording" not in compare and "draft.pdf" not in compare


def test_staff_refused_at_the_portal_leave_an_audit_row(app, client, auth):
    """Low. The portal refused staff with Flask-Security's bare 403, unaudited."""
    auth.login("chair.a@example.org")
    assert client.get("/portal/").status_code == 403
    denied = audit_rows(app, AuditAction.permission_denied, "chair.a@example.org")
    assert denied and denied[-1].path == "/portal/"


def test_the_request_size_limit_follows_the_attachment_limit(app):
    """Low. No request limit: a huge upload was spooled to disk in full before the
    attachment check refused it."""
    limit, attachment = app.config["MAX_CONTENT_LENGTH"], app.config["FORM_ATTACHMENT_MAX_BYTES"]
    assert attachment < limit <= attachment + 2 * 1024 * 1024


@pytest.mark.parametrize("app_config", [{"MAX_CONTENT_LENGTH": 64 * 1024}])
def test_an_oversized_upload_is_refused_before_it_is_read(app, client, auth, app_config):
    rid = request_id(app, OWN, POLICE, "imr")
    auth.login("police@example.org")
    response = attach(client, rid, b"%PDF-1.4\n" + b"x" * 100_000, "big.pdf")
    assert response.status_code == 413 and attachment_ids(app, rid) == []


# -- properties checked that held --------------------------------------------------------
@pytest.mark.parametrize("role,email", [("chair", "chair.a@example.org"),
                                        ("panel_member", "panel.a@example.org")])
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
    auth.login("chair.a@example.org")
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
        login_user(db.session.scalar(select(User).where(User.email == "chair.b@example.org")))
        mine = {"DHR-2026-003", "DHR-2025-011"}
        for endpoint in ("person", "reviewmember", "termofreference"):
            form = views[endpoint].create_form()
            assert {str(r) for r in form.review.query_factory()} == mine, endpoint
        loader = ScopedAjaxLoader("review", db, Review, fields=("reference",))
        assert {str(r) for r in loader.get_list("DHR")} == mine


def test_filters_and_searches_on_review_reference_stay_in_scope(app, client, auth):
    auth.login("chair.a@example.org")
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


def test_panel_members_read_no_form_before_it_is_accepted(app, client, auth):
    with app.app_context():
        pending = db.session.scalars(select(FormRequest.id).join(Review).where(
            Review.reference == OWN, FormRequest.status != FormStatus.accepted)).all()
        answers = db.session.scalars(select(IMR.id).where(IMR.request_id.in_(pending))).all()
        versions = db.session.scalars(select(FormVersion.id).where(
            FormVersion.request_id.in_(pending))).all()
    assert pending and answers and versions
    auth.login("panel.a@example.org")
    for rid in pending:
        assert client.get(f"/admin/formrequest/details/?id={rid}").status_code == 404
    for imr_id in answers:
        assert client.get(f"/admin/imr/details/?id={imr_id}").status_code == 404
    compare = client.get(f"/admin/formrequest/review/{review_id(app, OWN)}/compare/imr/").text
    assert not [rid for rid in pending if f'id="request-{rid}"' in compare]


def test_agency_staff_reach_nothing_of_a_review_beyond_their_requests(app, client, auth):
    with app.app_context():
        asked = [r for r in (OWN, "DHR-2026-002", FOREIGN)]
        names = db.session.scalars(select(Person.real_name).join(Review).where(
            Review.reference.in_(asked))).all()
        police = db.session.scalar(select(User).where(User.email == "police@example.org"))
        requests = db.session.scalars(select(FormRequest).join(Review).where(
            Review.reference.in_(asked))).all()
        mine = [r.id for r in requests if r.agency_id == police.agency_id]
        others = [r.id for r in requests if r.agency_id != police.agency_id]
        foreign_agencies = {r.agency.name for r in requests} - {POLICE}
        rows = {v.endpoint: rows_of_review(v.model, OWN)[:1] for v in admin_views(app)}
    auth.login("police@example.org")
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


def test_every_post_endpoint_refuses_a_missing_csrf_token(app, client, auth):
    auth.login("admin@example.org")
    values = {"<int:review_id>": str(review_id(app, OWN)), "<form_type>": "imr",
              "<int:request_id>": str(request_id(app, OWN, HOUSING, "imr")),
              "<int:attachment_id>": "1", "<export_type>": "csv"}
    changes = count(app, AuditEvent)
    posted = 0
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            url = rule.rule
            for placeholder, value in values.items():
                url = url.replace(placeholder, value)
            response = client.post(url, data={"id": "1", "rowid": "1", "action": "delete"})
            assert response.status_code == 400, url
            posted += 1
    assert posted >= 40 and count(app, AuditEvent) == changes
    assert client.get("/admin/").status_code == 200  # not even signed out


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example",
                                    "\\\\evil.example", "https:evil.example", "///evil.example"])
def test_sign_in_never_sends_the_user_off_site(client, auth, target):
    page = client.get("/login")
    first = client.post("/login?next=" + quote(target, safe=""), data={
        "email": "chair.a@example.org", "password": auth.accounts["chair.a@example.org"][
            "password"], "csrf_token": csrf_token(page.text)})
    hops = [first]
    if first.status_code == 302:
        step = first.headers["Location"]
        hops.append(client.post(step, data={"code": auth.code("chair.a@example.org"),
                                            "csrf_token": csrf_token(client.get(step).text)}))
    for hop in hops:
        location = hop.headers.get("Location", "")
        assert urlsplit(location).netloc in ("", "localhost"), location
        assert not location.startswith(("//", "/\\", "\\")), location


def test_admin_return_urls_never_leave_the_site(app, client, auth):
    auth.login("manager@example.org")
    rid = review_id(app, OWN)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        url = f"/admin/termofreference/new/?url={quote(target, safe='')}"
        page = client.get(url)
        response = client.post(url, data={"csrf_token": csrf_token(page.text), "review": rid,
                                          "position": "9", "text": "Added"})
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).netloc in ("", "localhost")


def test_reviewers_get_attachments_as_downloads_never_as_pages(app, client, auth):
    rid = request_id(app, OWN, POLICE, "imr")
    auth.login("police@example.org")
    attach(client, rid, b"<html><script>alert(1)</script></html>", "page.html")
    [file_id] = attachment_ids(app, rid)
    auth.logout()
    auth.login("manager@example.org")
    download = client.get(f"/admin/formrequest/attachment/{file_id}/")
    assert download.status_code == 200
    assert download.headers["Content-Type"].startswith("text/plain")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in download.headers["Content-Security-Policy"]


@pytest.mark.parametrize("email", ["chair.a@example.org", "panel.a@example.org",
                                   "analyst@example.org"])
def test_no_export_of_any_kind_outside_the_csp_staff(client, auth, app, email):
    auth.login(email)
    for view in admin_views(app):
        for kind in ("csv", "xlsx"):
            url = f"{view.url.rstrip('/')}/export/{kind}/"
            assert client.get(url).status_code == 403, url


def test_deadline_reminders_name_no_one_in_the_review(app):
    from jobs import reminders
    start = last_outbox_id(app)
    with app.app_context():
        assert reminders.run() > 0
        words = set()
        for person in db.session.scalars(select(Person)):
            words |= {person.real_name, person.pseudonym} - {None}
        words |= {review.title for review in db.session.scalars(select(Review))}
    for message in outbox(app, start):
        text = f"{message.subject}\n{message.body}"
        assert not [word for word in words if word in text], text


def test_a_chair_sitting_as_observer_reads_but_does_not_decide(app, client, accounts):
    """A chair's powers come from chairing the review, not from the system role alone."""
    account_with_roles(app, client, accounts, "observer.chair@example.org", ["chair"],
                       member_of=[OWN], member_role=MemberRole.observer)
    submitted = request_id(app, OWN, "Northshire NHS Foundation Trust", "imr")
    before = state(app, submitted)
    page = client.get(f"/admin/review/{review_id(app, OWN)}/")
    assert page.status_code == 200
    response = client.post(f"/admin/formrequest/{submitted}/decide/", data={
        "csrf_token": csrf_token(page.text), "decision": "accept"})
    assert response.status_code == 403  # they may read it, not decide it
    assert state(app, submitted) == before


def test_staff_of_a_deactivated_agency_lose_their_agency_access(app, client, auth):
    from models import Agency
    auth.login("police@example.org")
    assert 'id="task-' in client.get("/portal/").text
    with app.app_context():
        db.session.scalar(select(Agency).where(Agency.name == POLICE)).active = False
        db.session.commit()
    portal = client.get("/portal/")
    assert 'id="task-' not in portal.text
    rid = request_id(app, OWN, POLICE, "imr")
    assert client.get(f"/portal/requests/{rid}").status_code == 404


def test_staff_of_a_deactivated_agency_cannot_notify_a_death(app, client, auth):
    from models import Agency
    auth.login("police@example.org")
    token = csrf_token(client.get("/portal/notify").text)
    with app.app_context():
        db.session.scalar(select(Agency).where(Agency.name == POLICE)).active = False
        db.session.commit()
    reviews = count(app, Review)
    assert client.get("/portal/notify").status_code == 403
    response = client.post("/portal/notify", data={
        "csrf_token": token, "victim_name": "Someone", "date_of_death": "2026-01-05",
        "death_type": "homicide", "circumstances": "x", "place_of_death": "x",
        "justice_status": "charged", "notifier_name": "x", "notifier_role": "x",
        "notifier_email": "x@example.org"})
    assert response.status_code == 403 and count(app, Review) == reviews
