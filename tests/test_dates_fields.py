"""Dates typed as Day, Month, Year (issue 8, finding 2) and shown one way everywhere: the
parser and field on their own, then Flask-Admin's review form, lists, details and exports, and
the notification forms, through the real app on both backends."""
import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

import clock
import dates
from datetools import date_boxes, form_data
from dbtools import count, review_id
from models import AuditEvent, Review, db
from world import ADMIN, GATHERING, MANAGER, NOTIFIED

pytestmark = pytest.mark.dates  # reads today

TODAY = clock.today()  # the travelled day, fixed for the run
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}|\d{2}:\d{2}:\d{2}\.\d")


# -- showing ---------------------------------------------------------------------------------
def test_dates_read_1_dec_2026_and_times_are_london_time():
    assert dates.day(date(2026, 12, 1)) == "1 Dec 2026"
    assert dates.day(None) == ""
    assert dates.when(datetime(2026, 12, 1, 14, 5)) == "1 Dec 2026 14:05"  # GMT in winter
    assert dates.when(datetime(2026, 7, 1, 13, 5)) == "1 Jul 2026 14:05"  # BST in summer
    assert dates.day(datetime(2026, 6, 30, 23, 30)) == "1 Jul 2026"  # London's day, not UTC's
    assert str(dates.time_tag(date(2026, 3, 27))) == \
        '<time datetime="2026-03-27">27 Mar 2026</time>'


# -- parsing ---------------------------------------------------------------------------------
@pytest.mark.parametrize("typed, expected", [
    ("20/11/2026", date(2026, 11, 20)), ("20 11 2026", date(2026, 11, 20)),
    ("1.2.2026", date(2026, 2, 1)), ("2026-11-20", date(2026, 11, 20)),
])
def test_text_is_read_in_uk_order_only(typed, expected):
    assert dates.parse_text(typed, "Date notified") == expected


@pytest.mark.parametrize("parts, message", [
    (("31", "2", "2026"), "Date notified must be a real date, for example 27 3 2026"),
    (("20", "11", "26"), "Date notified must include the year as 4 numbers"),
    (("20", "", "2026"), "Date notified must include a month, for example 27 3 2026"),
    (("", "11", ""), "Date notified must include a day and year"),
    (("twenty", "11", "2026"), "Date notified must be a real date"),
    (("20", "13", "2026"), "Date notified must be a real date"),
    (("-1", "11", "2026"), "Date notified must be a real date"),
])
def test_impossible_or_incomplete_dates_are_refused_naming_the_field(parts, message):
    with pytest.raises(ValueError) as refused:
        dates.parse_parts(*parts, "Date notified")
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize("typed", ["20/11/26", "11/20/2026", "2026/11/20", "20112026",
                                   "yesterday", "2026-11-31"])
def test_ambiguous_or_impossible_text_is_refused(typed):
    with pytest.raises(ValueError):
        dates.parse_text(typed, "Date notified")


def _form(app, formdata, required=True, default=None):
    from flask_wtf import FlaskForm
    from wtforms.validators import DataRequired, Optional

    class Form(FlaskForm):
        class Meta:
            csrf = False
        when = dates.GovDateField("Date of death *", [DataRequired() if required else Optional()],
                                  default=default)
    with app.test_request_context():
        form = Form(formdata=MultiDict(formdata))
        return form, form.validate(), str(form.when())


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_field_keeps_what_was_typed_and_says_what_is_wrong(app):
    form, valid, html = _form(app, date_boxes("when", "31", "2", "2026"))
    assert not valid
    assert form.when.errors == ["Date of death must be a real date, for example 27 3 2026"]
    assert 'name="when-day" type="text" inputmode="numeric" autocomplete="off" value="31"' in html
    assert 'value="2"' in html and 'value="2026"' in html and "is-invalid" in html
    assert "<legend" in html and "For example, 27 3 2026" in html
    assert 'for="when-month">Month<' in html and 'for="when-year">Year<' in html

    form, valid, _ = _form(app, date_boxes("when"))
    assert form.when.errors == ["Enter date of death, for example 27 3 2026"]
    form, valid, _ = _form(app, date_boxes("when"), required=False)
    assert valid and form.when.data is None
    form, valid, html = _form(app, date_boxes("when", " 20", "11 ", "2026"))
    assert valid and form.when.data == date(2026, 11, 20)
    form, valid, html = _form(app, {}, default=date(2026, 3, 27))
    assert 'value="27"' in html and 'value="3"' in html  # shown unpadded, as typed


# -- Flask-Admin: the new-review form, lists, details, exports ------------------------------
def _new_review_form(client):
    html = client.get("/admin/review/new/").text
    data = form_data(html, css_class="admin-form")
    data.update({"reference": "DHR-2026-077", "title": "Typed dates", "review_type": "standalone",
                 "decision": "pending"})
    return html, data


def test_the_review_form_has_three_boxes_and_no_date_picker(app, auth, client):
    auth.login(MANAGER)
    html, data = _new_review_form(client)
    for field in ("date_of_death", "notified_on", "decision_on", "home_office_told_on"):
        assert {f"{field}-day", f"{field}-month", f"{field}-year"} <= set(data), field
    assert 'data-role="datepicker"' not in html
    edit = client.get(f"/admin/review/edit/?id={review_id(app, 'DHR-2026-004')}").text
    assert 'data-role="datepicker"' not in edit and 'name="people-0-date_of_birth-day"' in edit


def test_20_11_2026_typed_in_the_boxes_is_20_nov_2026(app, auth, client):
    auth.login(MANAGER)
    _, data = _new_review_form(client)
    data.update(date_boxes("notified_on", "20", "11", "2026"))
    response = client.post("/admin/review/new/", data=data)
    assert response.status_code == 302, response.text
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == "DHR-2026-077"))
        assert review.notified_on == date(2026, 11, 20)
    listing = client.get("/admin/review/?search=DHR-2026-077").text
    assert "20 Nov 2026" in listing and "2026-11-20" not in listing
    details = client.get(f"/admin/review/details/?id={review.id}").text
    assert "20 Nov 2026" in details and "2026-11-20" not in details


@pytest.mark.parametrize("typed, message", [
    (("20", "11", "20"), "Date notified must include the year as 4 numbers"),
    (("31", "2", "2026"), "Date notified must be a real date, for example 27 3 2026"),
    (("", "", ""), "Enter date notified, for example 27 3 2026"),
])
def test_a_bad_date_in_the_review_form_is_refused_and_kept(app, auth, client, typed, message):
    auth.login(MANAGER)
    _, data = _new_review_form(client)
    data.update(date_boxes("notified_on", *typed))
    before = count(app, Review)
    page = client.post("/admin/review/new/", data=data)
    assert page.status_code == 200
    assert message in page.text
    assert count(app, Review) == before
    shown = form_data(page.text, css_class="admin-form")
    assert (shown["notified_on-day"], shown["notified_on-month"], shown["notified_on-year"]) \
        == typed
    assert shown["title"] == "Typed dates"  # nothing typed is lost


@pytest.mark.parametrize("field", ["date_of_death", "notified_on", "home_office_told_on"])
def test_a_future_date_in_the_review_form_is_refused_on_the_server(app, auth, client, field):
    auth.login(MANAGER)
    _, data = _new_review_form(client)
    data.update(date_boxes("notified_on", TODAY - timedelta(days=2)))
    data.update(date_boxes(field, TODAY + timedelta(days=1)))
    before, audits = count(app, Review), count(app, AuditEvent)
    page = client.post("/admin/review/new/", data=data)
    assert page.status_code == 200
    assert "that is not in the future" in page.text
    assert (count(app, Review), count(app, AuditEvent)) == (before, audits)


def test_lists_and_exports_show_dates_and_times_one_way(app, auth, client):
    auth.login(ADMIN)
    outbox = client.get("/admin/outbox/").text
    with app.app_context():
        latest = db.session.scalar(select(func.max(AuditEvent.created_at)))
    assert dates.when(latest)[:-6] in client.get("/admin/auditevent/").text
    # No ISO timestamps or fractions of seconds (matched as such: a random nonce or token on
    # the page may well contain "T0").
    assert ISO_MOMENT.search(outbox) is None, ISO_MOMENT.search(outbox)
    export = client.get("/admin/review/export/csv/")
    assert export.status_code == 200, export.headers.get("Location")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    shown = {row["Reference"]: row["Date notified"] for row in rows}
    with app.app_context():
        notified = db.session.scalar(select(Review.notified_on).where(
            Review.reference == NOTIFIED))
    assert shown[NOTIFIED] == dates.day(notified)


def _datetime_form(app, formdata):
    from flask_wtf import FlaskForm

    class Form(FlaskForm):
        class Meta:
            csrf = False
        at = dates.GovDateTimeField("Meeting starts")
    with app.test_request_context():
        form = Form(formdata=MultiDict(formdata))
        return form, form.validate(), str(form.at())


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_date_and_time_is_typed_in_london_time_and_stored_as_utc(app):
    boxes = {**date_boxes("at", "1", "7", "2026"), "at-time": "14:05"}
    form, valid, html = _datetime_form(app, boxes)
    assert valid and form.at.data == datetime(2026, 7, 1, 13, 5)  # BST: 13:05 UTC
    form, valid, html = _datetime_form(app, {**boxes, "at-time": "25:00"})
    assert form.at.errors == ["Meeting starts must be a real time on the 24-hour clock, "
                              "for example 14:05"]
    assert 'value="25:00"' in html and 'for="at-time">Time<' in html
    form, valid, _ = _datetime_form(app, {**boxes, "at-time": ""})
    assert form.at.errors == ["Meeting starts must include a time, for example 14:05"]


def test_a_future_date_of_birth_is_refused_inline_and_on_its_own(app, auth, client):
    from models import Person
    auth.login(MANAGER)
    _, data = _new_review_form(client)
    data.update({**date_boxes("notified_on", TODAY - timedelta(days=2)),
                 "people-0-role": "victim", "people-0-real_name": "Real Name",
                 **date_boxes("people-0-date_of_birth", TODAY + timedelta(days=1))})
    before = (count(app, Review), count(app, Person))
    page = client.post("/admin/review/new/", data=data)
    assert "a date of birth of victim that is not in the future" in page.text
    html = client.get("/admin/person/new/").text
    person = form_data(html, css_class="admin-form")
    person.update({"review": str(review_id(app, GATHERING)), "role": "victim",
                   "real_name": "Someone", **date_boxes("date_of_birth", TODAY + timedelta(days=1))})
    page = client.post("/admin/person/new/", data=person)
    assert "Cannot save this person. Missing: a date of birth that is not in the future" in page.text
    assert (count(app, Review), count(app, Person)) == before
