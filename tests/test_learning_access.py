"""Who reaches which learning: chairs only their reviews' learning and plans, agency users only
the actions their agency leads (through /portal, nothing else), the library nothing from a
review the user may not see; each page refused to a user of another review or agency."""
from sqlalchemy import select

from conftest import csrf_token
from models import Action, ActionStatus, ActionUpdate, Recommendation, Review, db
from trust_forms import form_data
from world import (AT_HOME_OFFICE, CHAIR_A, CHAIR_B, DUE_SOON, GATHERING, HEALTH,
                   HOUSING_AGENCY, MANAGER, PANEL_A, POLICE, POLICE_AGENCY, PUBLISHED)


def ids(app):
    """Review ids by reference, and each demo action's id by (reference, lead agency)."""
    with app.app_context():
        reviews = dict(db.session.execute(select(Review.reference, Review.id)).all())
        actions = {}
        for action in db.session.scalars(select(Action).order_by(Action.id)):
            key = (action.recommendation.review.reference, action.lead_agency.name)
            actions.setdefault(key, action.id)
        recommendations = {}
        for r in db.session.scalars(select(Recommendation).order_by(Recommendation.id)):
            recommendations.setdefault(r.review.reference, r.id)
        return reviews, actions, recommendations


def test_a_chair_reaches_learning_of_their_reviews_only(app, client, auth):
    reviews, actions, recommendations = ids(app)
    auth.login(CHAIR_A)
    own = client.get(f"/admin/learning/review/{reviews[GATHERING]}/")
    assert own.status_code == 200
    assert "economic abuse behind rent arrears" in own.text
    assert client.get(f"/admin/learning/review/{reviews[GATHERING]}/plan/").status_code == 200
    review_page = client.get(f"/admin/review/{reviews[GATHERING]}/")
    assert 'id="learning-open"' in review_page.text and "Not built yet" not in review_page.text.split(
        'id="learning"')[1][:400]
    for url in (f"/admin/learning/review/{reviews[DUE_SOON]}/",
                f"/admin/learning/review/{reviews[DUE_SOON]}/plan/",
                f"/admin/learning/recommendation/{recommendations[DUE_SOON]}/",
                f"/admin/learning/action/{actions[(DUE_SOON, POLICE_AGENCY)]}/"):
        assert client.get(url).status_code == 404, url
    page = client.get(f"/admin/learning/review/{reviews[DUE_SOON]}/plan/")
    assert "DASH" not in page.text
    # Posting to another review is refused before anything is read from the form.
    token_page = client.get(f"/admin/learning/review/{reviews[GATHERING]}/")
    data = form_data(token_page.text, {"text": "Sneaked in"}, form_id="lesson-form")
    refused = client.post(f"/admin/learning/review/{reviews[DUE_SOON]}/lessons/", data=data)
    assert refused.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Review).where(Review.reference == DUE_SOON)) \
            .lessons[-1].text != "Sneaked in"
    # Exports of another review's plan are refused too.
    response = client.post(f"/admin/jobrun/start/learning.plan_xlsx/{reviews[DUE_SOON]}/",
                           data={"csrf_token": csrf_token(token_page.text)})
    assert response.status_code == 404
    # A panel member of the review reads its learning but adds nothing.
    auth.logout()
    auth.login(PANEL_A)
    page = client.get(f"/admin/learning/review/{reviews[GATHERING]}/")
    assert page.status_code == 200 and 'id="lesson-form"' not in page.text
    posted = client.post(f"/admin/learning/review/{reviews[GATHERING]}/lessons/",
                         data={"text": "x", "source": "other",
                               "csrf_token": csrf_token(page.text)})
    assert posted.status_code == 403


def test_the_library_and_seen_before_show_nothing_from_a_review_the_user_may_not_see(app, client, auth):
    auth.login(CHAIR_B)  # DUE_SOON and AT_HOME_OFFICE only
    page = client.get("/admin/learning/", query_string={"words": "DASH"})
    assert page.status_code == 200
    assert DUE_SOON in page.text
    assert PUBLISHED not in page.text and GATHERING not in page.text
    everything = client.get("/admin/learning/")
    assert "rent arrears" not in everything.text  # GATHERING's
    # "Seen before" on a recommendation's page: the same limit.
    reviews, actions, recommendations = ids(app)
    page = client.get(f"/admin/learning/recommendation/{recommendations[DUE_SOON]}/")
    assert page.status_code == 200
    assert PUBLISHED not in page.text.split('id="seen-before"')[1].split("</section>")[0]
    auth.logout()
    auth.login(MANAGER)
    library = client.get("/admin/learning/", query_string={"words": "DASH"})
    assert DUE_SOON in library.text and PUBLISHED in library.text
    page = client.get(f"/admin/learning/recommendation/{recommendations[DUE_SOON]}/")
    seen = page.text.split('id="seen-before"')[1].split("</section>")[0]
    first = seen.split("<li")[1]  # the repeated DASH recommendation of the published review
    assert PUBLISHED in first and "DASH risk assessment is completed" in first


def test_an_agency_user_updates_only_their_agencys_actions(app, client, auth):
    reviews, actions, recommendations = ids(app)
    auth.login(POLICE)
    home = client.get("/portal/")
    assert "Actions to update" in home.text
    assert "Record every MARAC referral" in home.text
    assert "information-sharing protocol" not in home.text  # health leads it
    assert "tenancy officers" not in home.text  # housing's
    own = actions[(GATHERING, POLICE_AGENCY)]
    page = client.get(f"/portal/actions/{own}")
    assert page.status_code == 200
    posted = client.post(f"/portal/actions/{own}", data=form_data(page.text, {
        "note": "Referrals now logged <daily> & checked", "status": ActionStatus.on_track.name},
        form_id="update-form"))
    assert posted.status_code == 302
    with app.app_context():
        action = db.session.get(Action, own)
        assert action.status is ActionStatus.on_track
        assert action.updates[-1].note == "Referrals now logged <daily> & checked"
    shown = client.get(f"/portal/actions/{own}")
    assert "Referrals now logged &lt;daily&gt; &amp; checked" in shown.text
    others = actions[(GATHERING, HOUSING_AGENCY)]
    assert client.get(f"/portal/actions/{others}").status_code == 404
    assert client.post(f"/portal/actions/{others}", data=form_data(page.text, {
        "note": "x"}, form_id="update-form")).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(ActionUpdate).where(
            ActionUpdate.action_id == others)) is None
    # Nothing else of learning: no admin page, no library, no export.
    for url in ("/admin/learning/", f"/admin/learning/action/{own}/",
                f"/admin/learning/review/{reviews[GATHERING]}/plan/"):
        assert client.get(url).status_code == 403, url
    response = client.post(f"/admin/jobrun/start/learning.plan_xlsx/{reviews[GATHERING]}/",
                           data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 403


def test_complete_needs_an_outcome_refused_cleanly_in_the_portal(app, client, auth):
    reviews, actions, recommendations = ids(app)
    auth.login(HEALTH)
    own = actions[(GATHERING, "Northshire NHS Foundation Trust")]
    page = client.get(f"/portal/actions/{own}")
    posted = client.post(f"/portal/actions/{own}", data=form_data(page.text, {
        "note": "All done", "status": ActionStatus.complete.name, "outcome": ""},
        form_id="update-form"))
    assert posted.status_code == 409
    assert "only be marked complete with its outcome" in posted.text
    assert "All done" in posted.text  # what was typed is kept
    with app.app_context():
        assert db.session.get(Action, own).status is not ActionStatus.complete
    posted = client.post(f"/portal/actions/{own}", data=form_data(page.text, {
        "note": "All done", "status": ActionStatus.complete.name,
        "outcome": "Protocol signed by every agency"}, form_id="update-form"))
    assert posted.status_code == 302
    with app.app_context():
        action = db.session.get(Action, own)
        assert action.status is ActionStatus.complete and action.completed_on is not None
