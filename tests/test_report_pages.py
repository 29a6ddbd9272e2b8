"""The report's pages through the real app: saving with a base revision (merge, conflict kept
as a draft, two tabs of one person), revisions with word differences and restore, comments;
who may reach what (another review's chair, panel members, agencies in the portal); feedback
rounds with their reminders; the Word exports read back with python-docx."""
import io
import re
from datetime import date, timedelta

from docx import Document
import pytest
from sqlalchemy import func, select

from conftest import csrf_token
from report.jobs import remind_feedback
from models import (FeedbackAsk, FeedbackItem, FeedbackRound, JobRun, JobStatus, OutboxMessage,
                    Person, ReportComment, ReportSection, Review, SectionDraft, db)
from report import merging
from trust_forms import form_data
from world import (CHAIR_A, CHAIR_B, GATHERING, HEALTH, HEALTH_AGENCY, PANEL_A, POLICE,
                   POLICE_AGENCY)

pytestmark = pytest.mark.both_backends  # the conditional updates of saving a section


def section(app, heading, reference=GATHERING):
    with app.app_context():
        return db.session.scalar(select(ReportSection).join(Review).where(
            Review.reference == reference, ReportSection.heading == heading))


def save(client, section_id, base, body, token):
    reply = client.post(f"/admin/report/section/{section_id}/save/",
                        data={"csrf_token": token, "base_version": base, "body": body})
    assert reply.status_code == 200, reply.text
    return reply.get_json()


def test_saving_merges_keeps_conflicts_restores_and_comments(app, client, auth):
    auth.login(CHAIR_A)
    background = section(app, "Background")
    page = client.get(f"/admin/report/section/{background.id}/")
    assert page.status_code == 200 and "Background" in page.text
    token, base = csrf_token(page.text), background.version
    paragraphs = merging.paragraphs(background.body)

    first = save(client, background.id, base, background.body + "\n\nTab one adds this.", token)
    assert first["status"] == "saved" and first["version"] == base + 1
    # A second tab of the same person, still on the old base, changes the first paragraph.
    second = save(client, background.id, base,
                  "\n\n".join(["Changed in tab two.", *paragraphs[1:]]), token)
    assert second["status"] == "saved" and second["merged"] is True
    assert "Tab one adds this." in second["body"] and "Changed in tab two." in second["body"]
    # A third change to that same first paragraph from the old base is a conflict.
    third = save(client, background.id, base,
                 "\n\n".join(["Tab three's own first paragraph.", *paragraphs[1:]]), token)
    assert third["status"] == "conflict"
    assert third["conflicts"] == [{"mine": "Tab three's own first paragraph.",
                                   "theirs": "Changed in tab two."}]
    with app.app_context():
        current = db.session.get(ReportSection, background.id)
        assert "Tab three" not in current.body and current.version == base + 2
        assert db.session.scalar(select(SectionDraft.body)).startswith("Tab three's own")
    assert "Tab three&#39;s own first paragraph." in client.get(
        f"/admin/report/section/{background.id}/").text

    diff = client.get(f"/admin/report/section/{background.id}/revisions/",
                      query_string={"old": base, "new": base + 2}).text
    assert "<ins>Changed</ins>" in diff and "<del>" in diff
    assert re.search(r"<ins>[^<]*Tab one adds this\.</ins>", diff)
    restored = client.post(f"/admin/report/section/{background.id}/restore/",
                           data={"csrf_token": token, "number": "1"})
    assert restored.status_code == 302
    with app.app_context():
        current = db.session.get(ReportSection, background.id)
        assert current.version == base + 3 and current.body == ""

    client.post(f"/admin/report/section/{background.id}/comment/",
                data={"csrf_token": token, "body": "Is 2019 right?", "paragraph": "1"})
    with app.app_context():
        asked = db.session.scalar(select(ReportComment).where(
            ReportComment.body == "Is 2019 right?"))
    client.post(f"/admin/report/section/{background.id}/comment/",
                data={"csrf_token": token, "body": "Yes.", "parent_id": str(asked.id)})
    client.post(f"/admin/report/comment/{asked.id}/resolve/", data={"csrf_token": token})
    with app.app_context():
        asked = db.session.get(ReportComment, asked.id)
        assert asked.paragraph == 1 and asked.resolved_at is not None
        assert [a.body for a in asked.answers] == ["Yes."]


def asks_of(app, round_id):
    with app.app_context():
        return {a.agency.name: a.id for a in db.session.scalars(
            select(FeedbackAsk).where(FeedbackAsk.round_id == round_id))}


def test_other_reviews_panel_members_and_agencies_are_refused(app, client, auth):
    background = section(app, "Background")
    auth.login(CHAIR_B)  # chairs other reviews
    for url in (f"/admin/report/review/{background.review_id}/",
                f"/admin/report/section/{background.id}/",
                f"/admin/report/section/{background.id}/revisions/"):
        assert client.get(url).status_code == 404, url
    with app.app_context():
        round_id = db.session.scalar(select(FeedbackRound.id).where(
            FeedbackRound.review_id == background.review_id))
        item_id = db.session.scalar(select(FeedbackItem.id).join(FeedbackAsk).where(
            FeedbackAsk.round_id == round_id))
        comment_id = db.session.scalar(select(ReportComment.id).where(
            ReportComment.section_id == background.id))
    assert client.get(f"/admin/report-rounds/{round_id}/").status_code == 404
    token = csrf_token(client.get("/admin/").text)
    for url in (f"/admin/report/section/{background.id}/save/",
                f"/admin/report/section/{background.id}/preview/",
                f"/admin/report/section/{background.id}/presence/",
                f"/admin/report/section/{background.id}/restore/",
                f"/admin/report/section/{background.id}/comment/",
                f"/admin/report/section/{background.id}/shape/",
                f"/admin/report/comment/{comment_id}/resolve/",
                f"/admin/report/review/{background.review_id}/start/",
                f"/admin/report/review/{background.review_id}/add/",
                f"/admin/report-rounds/review/{background.review_id}/",
                f"/admin/report-rounds/item/{item_id}/dealt/",
                f"/admin/jobrun/start/report.word/{background.review_id}/"):
        assert client.post(url, data={"csrf_token": token, "base_version": "1", "body": "x",
                                      "number": "1", "what": "remove"}).status_code == 404, url
    auth.logout()
    auth.login(PANEL_A)  # writes, but does not shape the report
    token = csrf_token(client.get(f"/admin/report/section/{background.id}/").text)
    assert client.post(f"/admin/report/section/{background.id}/shape/", data={
        "csrf_token": token, "what": "remove"}).status_code == 403
    assert client.get(f"/admin/report-rounds/review/{background.review_id}/").status_code == 403
    auth.logout()
    auth.login(POLICE)
    assert client.get(f"/admin/report/section/{background.id}/").status_code == 403
    assert client.post(f"/portal/report/{asks_of(app, round_id)[HEALTH_AGENCY]}/finished",
                       data={"csrf_token": csrf_token(client.get("/portal/").text)}
                       ).status_code == 404
    with app.app_context():
        asks = {a.agency.name: a.id for a in db.session.scalars(
            select(FeedbackAsk).where(FeedbackAsk.round_id == round_id))}
        lessons = section(app, "Lessons to be learned").id
    home = client.get("/portal/").text
    assert f"/portal/report/{asks[POLICE_AGENCY]}" in home
    own = client.get(f"/portal/report/{asks[POLICE_AGENCY]}").text
    assert "Background" in own and "Chronology and overview" in own
    assert "Lessons to be learned" not in own  # it does not mention the police
    assert client.get(f"/portal/report/{asks[HEALTH_AGENCY]}").status_code == 404
    token = csrf_token(own)
    assert client.post(f"/portal/report/{asks[POLICE_AGENCY]}", data={
        "csrf_token": token, "section_id": str(lessons), "body": "x"}).status_code == 404
    sent = client.post(f"/portal/report/{asks[POLICE_AGENCY]}", data={
        "csrf_token": token, "section_id": str(background.id), "paragraph": "1",
        "body": "The date is wrong."})
    assert sent.status_code == 302
    auth.logout()
    auth.login(HEALTH)
    theirs = client.get(f"/portal/report/{asks[HEALTH_AGENCY]}").text
    assert "Background" in theirs and "The date is wrong." not in theirs
    assert "three calls" not in theirs  # the police's feedback of the demo


def test_a_round_is_opened_reminded_once_and_dealt_with(app, client, auth):
    auth.login(CHAIR_A)
    background = section(app, "Background")
    page = client.get(f"/admin/report-rounds/review/{background.review_id}/")
    with app.app_context():
        police = db.session.scalar(select(FeedbackAsk.agency_id).join(FeedbackAsk.agency)
                                   .where(FeedbackAsk.agency.has(name=POLICE_AGENCY)))
    due = date.today() + timedelta(days=2)
    opened = client.post(page.request.path, data=form_data(page.text, {
        "agencies": [str(police)], "due_on-day": str(due.day), "due_on-month": str(due.month),
        "due_on-year": str(due.year)}))
    assert opened.status_code == 302, opened.text
    round_id = int(re.search(r"/report-rounds/(\d+)/", opened.location).group(1))
    with app.app_context():
        sent = [remind_feedback(today=date.today()) for _ in range(2)]
        assert sent[0] >= 1 and sent[1] == 0
        new_ask = db.session.scalar(select(FeedbackAsk).where(FeedbackAsk.round_id == round_id))
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.body.contains(f"/portal/report/{new_ask.id}"))) >= 1
        item = FeedbackItem(ask_id=new_ask.id, section_id=background.id, body="Wrong year.")
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    shown = client.get(f"/admin/report-rounds/{round_id}/").text
    assert "Wrong year." in shown
    client.post(f"/admin/report-rounds/item/{item_id}/dealt/",
                data={"csrf_token": csrf_token(shown), "response": "Corrected."})
    with app.app_context():
        assert db.session.get(FeedbackItem, item_id).dealt_with_at is not None


def _export(client, kind, review_id, token):
    client.post(f"/admin/jobrun/start/{kind}/{review_id}/", data={"csrf_token": token})
    return db.session.scalar(select(JobRun).where(JobRun.kind == kind)
                             .order_by(JobRun.id.desc()).limit(1))


def test_word_exports_and_the_publication_check(app, client, auth):
    auth.login(CHAIR_A)
    background = section(app, "Background")
    page = client.get(f"/admin/report/section/{background.id}/")
    token = csrf_token(page.text)
    text = ("Sarah Collins said <no> & {{ nothing }}.\n\n- first point\n- second\n\n"
            "| Date | Event |\n|---|---|\n| 2024 | A & B <c> |\n\nLater, Collins left.")
    save(client, background.id, background.version, text, token)
    with app.app_context():
        victim = db.session.scalar(select(Person).where(Person.review_id == background.review_id)
                                   .order_by(Person.id).limit(1))
        victim.real_name, victim.pseudonym = "Sarah Collins", "Anna"
        db.session.commit()
        record = _export(client, "report.word", background.review_id, token)
        assert record.status is JobStatus.done, record.error
        job_id = record.id
    download = client.get(f"/admin/jobrun/{job_id}/download/")
    doc = Document(io.BytesIO(download.data))
    paragraphs = [p.text for p in doc.paragraphs]
    assert any(p.endswith("Sarah Collins said <no> & {{ nothing }}.") for p in paragraphs)
    assert re.match(r"\d+\.1\t", next(p for p in paragraphs if "Sarah Collins said" in p))
    assert "first point" in paragraphs and doc.tables[0].cell(1, 1).text == "A & B <c>"

    with app.app_context():
        refused = _export(client, "report.publication", background.review_id, token)
        assert refused.status is JobStatus.failed and not refused.has_file
        assert "Background, paragraph 4: name \u201cCollins\u201d" in refused.error
        assert "Sarah" not in refused.error
    save(client, background.id, section(app, "Background").version,
         text.replace("Later, Collins left.", "Later, she left."), token)
    with app.app_context():
        published = _export(client, "report.publication", background.review_id, token)
        assert published.status is JobStatus.done, published.error
        job_id = published.id
    doc = Document(io.BytesIO(client.get(f"/admin/jobrun/{job_id}/download/").data))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Anna said <no> & {{ nothing }}." in body and "Sarah" not in body
