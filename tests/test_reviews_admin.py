"""Review managers create and edit reviews, with people inline; changes are audited."""
import re

from sqlalchemy import select

from conftest import csrf_token
from models import AuditAction, AuditEvent, Person, Review, db
from world import CHAIR_A, GATHERING, MANAGER, NOTIFIED, NOT_COMMISSIONED, PUBLISHED

NEW_REVIEW = {
    "reference": "DHR-2026-099", "title": "Review concerning Adult Z", "review_type": "standalone",
    "death_type": "homicide", "date_of_death": "2026-09-01", "notified_on": "2026-09-03",
    "decision": "pending", "status": "notified",
    "people-0-role": "victim", "people-0-real_name": "Real Name Z",
    "people-0-pseudonym": "Zoe",
}


def test_manager_creates_a_review_with_a_person_and_it_is_audited(app, auth, client):
    auth.login(MANAGER)
    page = client.get("/admin/review/new/")
    assert page.status_code == 200
    response = client.post("/admin/review/new/", data={**NEW_REVIEW,
                                                        "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302, response.text
    listing = client.get("/admin/review/")
    assert "DHR-2026-099" in listing.text
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == "DHR-2026-099"))
        assert [p.pseudonym for p in review.people] == ["Zoe"]
        created = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.create, AuditEvent.object_type == "Person")
            .order_by(AuditEvent.id)).all()
        assert created[-1].review_id == review.id
        assert created[-1].changes["pseudonym"] == [None, "Zoe"]
        assert created[-1].actor == MANAGER


def test_update_records_old_and_new_values(app, auth, client):
    with app.app_context():
        review_id = db.session.scalar(select(Review.id).where(Review.reference == NOTIFIED))
    auth.login(MANAGER)
    page = client.get(f"/admin/review/edit/?id={review_id}")
    form = {name: value for name, value in re.findall(
        r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text) if not name.startswith("_")}
    form.update({"people-0-role": "victim", "people-1-role": "perpetrator",
                 "reference": NOTIFIED, "title": "Renamed title", "review_type": "standalone",
                 "death_type": "homicide", "notified_on": "2026-11-21", "decision": "pending",
                 "status": "notified", "csrf_token": csrf_token(page.text)})
    response = client.post(f"/admin/review/edit/?id={review_id}", data=form)
    assert response.status_code == 302, response.text
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.update, AuditEvent.object_type == "Review",
            AuditEvent.object_id == review_id).order_by(AuditEvent.id)).all()[-1]
    assert event.changes["title"] == ["Notification: Adult D", "Renamed title"]


def test_decision_before_notification_is_refused_with_a_message(app, auth, client):
    auth.login(MANAGER)
    page = client.get("/admin/review/new/")
    data = {**NEW_REVIEW, "decision_on": "2026-08-01", "csrf_token": csrf_token(page.text)}
    response = client.post("/admin/review/new/", data=data)
    assert "a decision date on or after the notification" in response.text
    with app.app_context():
        assert db.session.scalar(select(Review).where(Review.reference == "DHR-2026-099")) is None


def test_chair_reads_but_cannot_change_a_review(app, auth, client):
    with app.app_context():
        own = db.session.scalar(select(Review.id).where(Review.reference == GATHERING))
        before = db.session.scalar(select(Review.title).where(Review.id == own))
    auth.login(CHAIR_A)
    listing = client.get("/admin/review/")
    assert "/admin/review/new/" not in listing.text  # no create button
    page = client.get(f"/admin/review/details/?id={own}")
    assert page.status_code == 200
    response = client.post(f"/admin/review/edit/?id={own}", data={
        "title": "Changed", "csrf_token": csrf_token(page.text)})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Review.title).where(Review.id == own)) == before
        assert db.session.scalar(select(Person.id).where(Person.review_id == own)) is not None


def test_review_list_shows_references_and_labels(auth, client):
    auth.login(MANAGER)
    listing = client.get("/admin/review/").text
    for reference in (GATHERING, PUBLISHED, NOT_COMMISSIONED):
        assert reference in listing
    assert "Information gathering" in listing and "Standalone review" in listing


def test_export_neutralises_spreadsheet_formulas(app, auth, client):
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == NOTIFIED))
        review.title = "=HYPERLINK(\"http://evil\")"
        db.session.commit()
    auth.login(MANAGER)
    export = client.get("/admin/review/export/csv/").text
    assert "'=HYPERLINK" in export
