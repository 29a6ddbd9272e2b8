"""The portal's posts are read by WTForms: what a person typed comes back with the error
summary and the field's message, and values no page offers are refused without a change."""
from sqlalchemy import func, select

from conftest import csrf_token
from formtools import POLICE, request_id, state
from models import FeedbackAsk, FeedbackItem, FeedbackRound, ReportSection, Review, db
import world
from world import GATHERING, POLICE_AGENCY


def _police_ask(app):
    with app.app_context():
        ask = db.session.scalar(select(FeedbackAsk).join(FeedbackRound).join(Review).join(
            FeedbackAsk.agency).where(Review.reference == GATHERING,
                                      FeedbackAsk.agency.has(name=POLICE_AGENCY)))
        background = db.session.scalar(select(ReportSection.id).where(
            ReportSection.review_id == ask.round.review_id,
            ReportSection.heading == "Background"))
        return ask.id, background


def _items(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(FeedbackItem))


def test_feedback_without_text_or_too_long_is_refused_and_kept(app, client, auth):
    ask_id, background = _police_ask(app)
    auth.login(world.POLICE)
    token = csrf_token(client.get(f"/portal/report/{ask_id}").text)
    before = _items(app)
    empty = client.post(f"/portal/report/{ask_id}", data={
        "csrf_token": token, "section_id": str(background), "body": "   "})
    assert empty.status_code == 400 and "There is a problem" in empty.text
    assert f'href="#body-{background}"' in empty.text
    assert "Enter what is inaccurate and what it should say." in empty.text
    long_text = "The date is wrong. " * 600  # over 10,000 characters
    too_long = client.post(f"/portal/report/{ask_id}", data={
        "csrf_token": token, "section_id": str(background), "paragraph": "1",
        "body": long_text})
    assert too_long.status_code == 400 and "10,000 characters or fewer" in too_long.text
    assert long_text.strip() in too_long.text  # nothing typed is lost
    assert _items(app) == before
    assert client.post(f"/portal/report/{ask_id}", data={
        "csrf_token": token, "section_id": "abc", "body": "x"}).status_code == 404


def test_a_submit_or_removal_naming_no_number_changes_nothing(app, client, auth):
    rid = request_id(app, GATHERING, POLICE, "imr")
    before = state(app, rid)
    auth.login(world.POLICE)
    token = csrf_token(client.get(f"/portal/requests/{rid}").text)
    submitted = client.post(f"/portal/requests/{rid}/submit", data={
        "csrf_token": token, "revision": "latest"})
    assert submitted.status_code == 302 and submitted.headers["Location"].endswith(
        f"/portal/requests/{rid}/check")
    removed = client.post(f"/portal/requests/{rid}", data={
        "csrf_token": token, "revision": str(before["revision"]), "action": "save",
        "remove_attachment": "1e9"})
    assert removed.status_code == 404
    assert state(app, rid) == before
