"""The review page's Home Office steps (issue 14) as a review manager uses them, each refusal
changing nothing, and the people who may not: a chair of another review (404), a read-only
member (403), an agency user (never in /admin)."""
import io
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

import clock
from conftest import csrf_token
from dates import day
from datetools import form_data
from dbtools import review_id
from formtools import request_id
from models import HomeOfficeOutcome, ParallelProceeding, Review, ReviewStatus, db
from test_admin_edit_roundtrip import read_form
from review_helpers import review_by_ref, snapshot
from world import (AT_HOME_OFFICE, CHAIR_A, DUE_SOON, GATHERING, MANAGER, NOT_COMMISSIONED,
                   ON_HOLD, POLICE, POLICE_AGENCY)

pytestmark = pytest.mark.dates  # reads today

S = ReviewStatus
TODAY = clock.today()  # the travelled day, fixed for the run
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(app, reference, action=""):
    return f"/admin/review/{review_id(app, reference)}/{action}"


def submit(client, app, reference, form_id, action, files=None, **typed):
    """Post the page's form ``form_id`` whole, as rendered, with ``typed`` changed."""
    data = form_data(client.get(url(app, reference)).text, form_id)
    data.update(typed)
    data.update(files or {})
    return client.post(url(app, reference, action), data=data,
                       content_type="multipart/form-data" if files else None)


def boxes(prefix, on):
    return {f"{prefix}-day": str(on.day), f"{prefix}-month": str(on.month),
            f"{prefix}-year": str(on.year)}


def rows(app, reference, read):
    """``read(review)`` inside an app context (lists of a review are not loaded outside)."""
    with app.app_context():
        return read(db.session.scalar(select(Review).where(Review.reference == reference)))


def token(client):
    return {"csrf_token": csrf_token(client.get("/home", follow_redirects=True).text)}


def letter():
    return {"letter": (io.BytesIO(PDF), "panel letter.pdf")}


def test_the_panel_lists_changes_and_publication_waits_until_each_is_done(app, client, auth):
    auth.login(MANAGER)
    sent = rows(app, AT_HOME_OFFICE, lambda r: r.submissions[-1].sent_on)
    response = submit(client, app, AT_HOME_OFFICE, "outcome-form", "outcome",
                      outcome="with_changes", areas="Add the family tribute\nList agencies "
                      "not asked", **boxes("outcome_on", TODAY), **boxes("panel_on", sent))
    assert response.status_code == 302, response.text
    html = client.get(url(app, AT_HOME_OFFICE)).text
    assert "Content to publish once listed changes are made" in html
    assert html.count("<strong>open</strong>") == 2
    assert submit(client, app, AT_HOME_OFFICE, "letter-form", "panel-letter",
                  files=letter()).status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == AT_HOME_OFFICE))
        latest = review.submissions[-1]
        assert latest.outcome is HomeOfficeOutcome.with_changes and latest.letter_key
        areas = [area.id for area in latest.areas]
    download = client.get(url(app, AT_HOME_OFFICE, f"panel-letters/{latest.id}"))
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]

    before = snapshot(app, AT_HOME_OFFICE)
    refused = submit(client, app, AT_HOME_OFFICE, "publication-form", "publication",
                     publication_url="https://example.org/report")
    assert refused.status_code == 409
    assert "2 still open" in refused.text and snapshot(app, AT_HOME_OFFICE) == before
    for area in areas:
        html = client.get(url(app, AT_HOME_OFFICE)).text
        data = form_data(html, action=f"/admin/review/{review_id(app, AT_HOME_OFFICE)}/areas/"
                                      f"{area}/done")
        assert client.post(url(app, AT_HOME_OFFICE, f"areas/{area}/done"),
                           data=data).status_code == 302
    assert submit(client, app, AT_HOME_OFFICE, "publication-form", "publication",
                  publication_url="https://example.org/report").status_code == 302
    assert review_by_ref(app, AT_HOME_OFFICE).published_on == TODAY
    auth.logout()
    auth.login(CHAIR_A)  # not on this review
    assert client.get(url(app, AT_HOME_OFFICE, f"panel-letters/{latest.id}")).status_code == 404
    assert client.post(url(app, AT_HOME_OFFICE, f"areas/{areas[0]}/done"),
                       data=token(client)).status_code == 404


def test_the_target_date_needs_a_reason_and_keeps_its_history(app, client, auth):
    auth.login(MANAGER)
    before = snapshot(app, DUE_SOON)
    target = TODAY + timedelta(days=90)
    agreed = review_by_ref(app, DUE_SOON).target_date
    missing = submit(client, app, DUE_SOON, "target-date-form", "target-date", reason="",
                     **boxes("target_date", target))
    assert missing.status_code == 400 and "Say why the target date" in missing.text
    assert review_by_ref(app, DUE_SOON).target_date == agreed
    assert agreed != target and snapshot(app, DUE_SOON) == before
    assert submit(client, app, DUE_SOON, "target-date-form", "target-date",
                  reason="Agreed with the Home Office: trial in spring",
                  **boxes("target_date", target)).status_code == 302
    html = client.get(url(app, DUE_SOON)).text
    assert 'id="target-date-history"' in html and "trial in spring" in html
    assert review_by_ref(app, DUE_SOON).target_date == target
    auth.logout()
    auth.login(CHAIR_A)  # chairs other reviews only
    assert client.post(url(app, DUE_SOON, "target-date"), data=token(client)).status_code == 404
    assert client.post(url(app, GATHERING, "target-date"), data=token(client)).status_code == 403


def test_the_home_office_directs_a_review_the_csp_decided_against(app, client, auth):
    auth.login(MANAGER)
    before = snapshot(app, NOT_COMMISSIONED)
    future = submit(client, app, NOT_COMMISSIONED, "direction-form", "direction",
                    files=letter(), **boxes("directed_on", TODAY + timedelta(days=2)))
    assert future.status_code == 409 and "not in the future" in future.text
    no_letter = submit(client, app, NOT_COMMISSIONED, "direction-form", "direction")
    assert no_letter.status_code == 400 and "Attach the letter." in no_letter.text
    assert snapshot(app, NOT_COMMISSIONED) == before
    assert submit(client, app, NOT_COMMISSIONED, "direction-form", "direction",
                  files=letter()).status_code == 302
    review = review_by_ref(app, NOT_COMMISSIONED)
    assert (review.status, review.directed_on) == (S.commissioned, TODAY)
    assert review.home_office_told_on is None
    html = client.get(url(app, NOT_COMMISSIONED)).text
    assert 'id="told-prompt"' in html and "to commission a review" in html
    assert submit(client, app, NOT_COMMISSIONED, "told-form", "home-office-told").status_code \
        == 302
    assert review_by_ref(app, NOT_COMMISSIONED).home_office_told_on == TODAY
    assert client.get(url(app, NOT_COMMISSIONED, "direction-letter")).data == PDF
    auth.logout()
    auth.login(CHAIR_A)
    assert client.get(url(app, NOT_COMMISSIONED, "direction-letter")).status_code == 404
    auth.logout()
    auth.login(POLICE)
    assert client.get(url(app, NOT_COMMISSIONED, "direction-letter")).status_code in (302, 403)


def test_a_hold_names_its_proceeding_and_the_date_the_home_office_was_told(app, client, auth):
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == GATHERING))
        review.proceedings.append(ParallelProceeding(kind="criminal_trial",
                                                     details="Crown Court",
                                                     disclosure_limits="No IMRs to the family"))
        db.session.commit()
        trial = review.proceedings[-1].id
    auth.login(MANAGER)
    html = client.get(url(app, GATHERING)).text
    assert "No IMRs to the family" in html and "Criminal trial: Crown Court" in html
    assert submit(client, app, GATHERING, "hold-form", "hold", hold_reason="criminal_trial",
                  proceeding=str(trial)).status_code == 302
    assert rows(app, GATHERING, lambda r: (r.holds[-1].proceeding_id,
                                           r.holds[-1].home_office_told_on)) == (trial, None)
    held = rows(app, GATHERING, lambda r: r.holds[-1].id)
    action = f"/admin/review/{review_id(app, GATHERING)}/holds/{held}/home-office-told"
    data = form_data(client.get(url(app, GATHERING)).text, action=action)
    assert client.post(action, data=data).status_code == 302
    assert rows(app, GATHERING, lambda r: r.holds[-1].home_office_told_on) == TODAY
    other = f"/admin/review/{review_id(app, ON_HOLD)}/holds/{held}/home-office-told"
    assert client.post(other, data=data).status_code == 404  # another review's hold


def test_the_edit_form_records_the_incident_people_and_family(app, client, auth):
    auth.login(MANAGER)
    rid = review_id(app, GATHERING)
    edit = f"/admin/review/edit/?id={rid}"
    data = MultiDict(read_form(client.get(edit).text).fields)
    for name, value in {"region": "north_east", "cause_of_death": "sharp_instrument",
                 "location_of_death": "residential", "police_force_area": "Northshire",
                 "victim_count": "1", "ipv": "y", "coercive_control": "y",
                 "people-0-ethnicity": "white_british", "people-0-previous_victimisation": "True",
                 "people-0-mental_health": ["anxiety", "depression"],
                 "family_contacts-0-name": "Real Sister Name",
                 "family_contacts-0-relationship_to_victim": "Sister",
                 "family_contacts-0-met_panel": "y"}.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    response = client.post(edit, data=data)
    assert response.status_code == 302, response.text[-3000:]
    with app.app_context():
        review = db.session.get(Review, rid)
        assert (review.region.name, review.cause_of_death.name, review.ipv,
                review.coercive_control, review.forced_marriage) == (
            "north_east", "sharp_instrument", True, True, False)
        victim = review.people[0]
        assert sorted(m.name for m in victim.mental_health) == ["anxiety", "depression"]
        assert victim.previous_victimisation is True and victim.previous_offending is False
        assert [c.name for c in review.family_contacts] == ["Real Sister Name"]
    html = client.get(url(app, GATHERING)).text
    assert "Intimate partner violence, Victim suicide, Coercive control" in html and "Real Sister Name" in html


def test_agencies_are_briefed_with_the_review_s_scoping_period(app, client, auth):
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == GATHERING))
        period = f"from {day(review.scoping_start)} to {day(review.scoping_end)}"
        victim = review.people[0].pseudonym
    auth.login(MANAGER)
    grid = client.get(f"/admin/formrequest/review/{review_id(app, GATHERING)}/").text
    assert period in grid and victim in grid  # the distribute form's briefing, pre-filled
    auth.logout()
    auth.login(POLICE)
    rid = request_id(app, GATHERING, POLICE_AGENCY, "involvement")
    page = client.get(f"/portal/requests/{rid}").text
    assert "Scoping period" in page and period in page
