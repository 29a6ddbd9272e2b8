"""A notification asks the day the CSP was told of the death (default today) instead of
stamping the day it was sent (issue 8, finding 4); its dates are checked on the server."""
from datetime import timedelta

import pytest
from sqlalchemy import select

import clock
from datetools import date_boxes, form_data
from dbtools import count
from models import FormRequest, Person, Review, db
from world import POLICE

pytestmark = pytest.mark.dates  # reads today

POLICE_USER = POLICE
TODAY = clock.today()  # the travelled day, fixed for the run

ANSWERS = {"victim_name": "Jane Example", "victim_age": "41", "place_of_death": "Home",
           "death_type": "homicide", "circumstances": "Stabbed at home.",
           "justice_status": "charged", "notifier_role": "Detective Inspector"}


def notify(client, **typed):
    html = client.get("/portal/notify").text
    data = form_data(html, "notify-form")
    data.update(ANSWERS, **typed)
    return html, client.post("/portal/notify", data=data)


def test_the_form_asks_when_the_csp_was_told_today_by_default(app, auth, client):
    auth.login(POLICE_USER)
    html = client.get("/portal/notify").text
    data = form_data(html, "notify-form")
    assert (data["notified_on-day"], data["notified_on-month"], data["notified_on-year"]) == (
        str(TODAY.day), str(TODAY.month), str(TODAY.year))
    assert "Date the CSP was told of the death" in html and "<legend" in html
    assert 'type="date"' not in html


def test_the_day_the_csp_was_told_is_the_notified_date(app, auth, client):
    auth.login(POLICE_USER)
    told, died = TODAY - timedelta(days=6), TODAY - timedelta(days=8)
    _, response = notify(client, **date_boxes("notified_on", told),
                         **date_boxes("date_of_death", died))
    assert response.status_code == 302, response.text
    with app.app_context():
        review = db.session.scalar(select(Review).order_by(Review.id.desc()))
        assert (review.notified_on, review.date_of_death) == (told, died)


@pytest.mark.parametrize("field, message", [
    ("notified_on", "a date the CSP was notified that is not in the future"),
    ("date_of_death", "a date of death that is not in the future"),
])
def test_a_future_date_in_a_notification_creates_nothing(app, auth, client, field, message):
    auth.login(POLICE_USER)
    rows = (count(app, Review), count(app, FormRequest), count(app, Person))
    _, page = notify(client, **{**date_boxes("date_of_death", TODAY - timedelta(days=1)),
                                **date_boxes(field, TODAY + timedelta(days=1))})
    assert page.status_code == 200
    assert message in page.text
    assert (count(app, Review), count(app, FormRequest), count(app, Person)) == rows
    kept = form_data(page.text, "notify-form")
    assert kept["victim_name"] == "Jane Example"
    assert kept[f"{field}-day"] == str((TODAY + timedelta(days=1)).day)


def test_a_death_after_the_csp_was_told_is_refused(app, auth, client):
    auth.login(POLICE_USER)
    before = count(app, Review)
    _, page = notify(client, **date_boxes("notified_on", TODAY - timedelta(days=5)),
                     **date_boxes("date_of_death", TODAY - timedelta(days=2)))
    assert "a date the CSP was notified on or after the death" in page.text
    assert count(app, Review) == before


def test_an_impossible_date_of_death_is_refused_and_kept(app, auth, client):
    auth.login(POLICE_USER)
    before = count(app, Review)
    _, page = notify(client, **date_boxes("date_of_death", "31", "2", "2026"))
    assert "Date of death must be a real date, for example 27 3 2026" in page.text
    assert count(app, Review) == before
    kept = form_data(page.text, "notify-form")
    assert (kept["date_of_death-day"], kept["date_of_death-month"]) == ("31", "2")
