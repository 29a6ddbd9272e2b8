"""The learning pages' work end to end on one backend (the queries they share with the access
tests run on both there): a lesson and a recommendation typed with ``<``, ``&``, ``{{ }}`` and a
formula, an action refused complete without an outcome, the IMRs' recommendations taken in one
step, the exports read back (xlsx by openpyxl, docx by python-docx: the seven Home Office
columns, grouped by theme, the text literal), ``flask export action-plan``, the daily
reminders sent once, and "seen before" ranking texts stored by the embedding job."""
import io
from datetime import date, timedelta

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from conftest import csrf_token
from learning import plan, reminders, similar
from models import (Action, ActionReminder, ActionStatus, Agency, JobRun, JobStatus, Lesson,
                    OutboxMessage, Recommendation, Review, Theme, User, db)
from trust_forms import form_data
from world import DUE_SOON, DUE_SOON_VICTIM, GATHERING, MANAGER, POLICE_AGENCY, PUBLISHED

TRICKY = "Officers said <nothing> & did {{ nothing }} {% if x %}"
FORMULA = '=HYPERLINK("http://evil.example","x")'


def review_id(app, reference):
    with app.app_context():
        return db.session.scalar(select(Review.id).where(Review.reference == reference))


def named(app, model, **where):
    with app.app_context():
        return db.session.scalar(select(model.id).filter_by(**where))


def test_learning_typed_in_pages_and_exported_reads_back_literally(app, client, auth):
    rid = review_id(app, DUE_SOON)
    risk = named(app, Theme, name="Risk assessment (including DASH)")
    police = named(app, Agency, name=POLICE_AGENCY)
    auth.login(MANAGER)
    page = client.get(f"/admin/learning/review/{rid}/")
    posted = client.post(f"/admin/learning/review/{rid}/lessons/", data=form_data(
        page.text, {"text": TRICKY, "source": "imr", "agency": str(police),
                    "themes": [str(risk)]}, form_id="lesson-form"))
    assert posted.status_code == 302
    page = client.get(f"/admin/learning/review/{rid}/")
    assert "Officers said &lt;nothing&gt; &amp; did {{ nothing }}" in page.text
    empty = client.post(f"/admin/learning/review/{rid}/recommendations/", data=form_data(
        page.text, {"text": ""}, form_id="recommendation-form"))
    assert empty.status_code == 400 and "Enter the recommendation" in empty.text
    posted = client.post(f"/admin/learning/review/{rid}/recommendations/", data=form_data(
        page.text, {"text": FORMULA + " & <b>", "scope": "national", "themes": [str(risk)],
                    "agencies": [str(police)], "national_bodies": "Home Office"},
        form_id="recommendation-form"))
    assert posted.status_code == 302
    recommendation_url = posted.headers["Location"]
    page = client.get(recommendation_url)
    assert 'id="seen-before"' in page.text
    refused = client.post(recommendation_url + "actions/", data=form_data(page.text, {
        "action_to_take": "Audit DASH & <MARAC>", "lead_agency": str(police),
        "target_date-day": "1", "target_date-month": "3", "target_date-year": "2027",
        "status": "complete", "outcome": ""}, form_id="action-form"))
    assert refused.status_code == 409 and "only be marked complete" in refused.text
    assert "Audit DASH &amp; &lt;MARAC&gt;" in refused.text  # what was typed is kept
    posted = client.post(recommendation_url + "actions/", data=form_data(page.text, {
        "action_to_take": "Audit DASH & <MARAC>", "lead_agency": str(police),
        "target_date-day": "1", "target_date-month": "3", "target_date-year": "2027",
        "status": "on_track", "key_milestones": "{{ milestone }}"}, form_id="action-form"))
    assert posted.status_code == 302

    with app.app_context():
        actions = db.session.scalar(select(func.count(Action.id)).join(Recommendation).where(
            Recommendation.review_id == rid))
    plan_page = client.get(f"/admin/learning/review/{rid}/plan/")
    assert plan_page.status_code == 200
    for kind in ("learning.plan_xlsx", "learning.plan_docx", "learning.briefing"):
        started = client.post(f"/admin/jobrun/start/{kind}/{rid}/",
                              data={"csrf_token": csrf_token(plan_page.text)})
        assert started.status_code == 302 and "/plan/#jobs" in started.headers["Location"]
    with app.app_context():
        runs = {r.kind: r.id for r in db.session.scalars(select(JobRun))
                if r.status is JobStatus.done}
    xlsx = client.get(f"/admin/jobrun/{runs['learning.plan_xlsx']}/download/")
    sheet = load_workbook(io.BytesIO(xlsx.data))["Action plan"]
    rows = list(sheet.iter_rows())
    assert tuple(c.value for c in rows[0]) == plan.HOME_OFFICE_COLUMNS
    assert len(rows) == 1 + actions
    ours = [r for r in rows if r[2].value == "Audit DASH & <MARAC>"]
    assert ours and ours[0][0].value == FORMULA + " & <b>" and ours[0][0].data_type == "s"
    assert ours[0][1].value == "National" and ours[0][4].value == "{{ milestone }}"
    assert ours[0][5].value.date() == date(2027, 3, 1)

    word = docx.Document(io.BytesIO(client.get(
        f"/admin/jobrun/{runs['learning.plan_docx']}/download/").data))
    table = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert tuple(table[0]) == plan.HOME_OFFICE_COLUMNS
    ours = [FORMULA + " & <b>", "National", "Audit DASH & <MARAC>", POLICE_AGENCY,
            "{{ milestone }}", "1 Mar 2027", ""]
    above = [row[0] for row in table[:table.index(ours)] if row[0].startswith("Theme: ")]
    assert above[-1] == "Theme: Risk assessment (including DASH)"  # grouped under its theme

    briefing = docx.Document(io.BytesIO(client.get(
        f"/admin/jobrun/{runs['learning.briefing']}/download/").data))
    text = "\n".join(p.text for p in briefing.paragraphs)
    assert TRICKY in text and DUE_SOON_VICTIM in text and "Victim of" not in text  # pseudonyms
    owners = [[c.text for c in row.cells] for row in briefing.tables[0].rows]
    assert [FORMULA + " & <b>", f"{POLICE_AGENCY}, Home Office", POLICE_AGENCY] in owners


def test_the_command_line_writes_the_action_plan(app, tmp_path):
    out = tmp_path / "plan.xlsx"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export", "action-plan", GATHERING, "--format", "xlsx",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out)["Action plan"].iter_rows(values_only=True))
    assert rows[0] == plan.HOME_OFFICE_COLUMNS and len(rows) == 1 + 4
    assert rows[1][2] == "Record every MARAC referral on the force system"  # overdue first
    out = tmp_path / "plan.docx"
    result = runner.invoke(args=["export", "action-plan", GATHERING, "--format", "docx",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert docx.Document(out).tables[0].rows[0].cells[0].text == "Recommendation"
    missing = runner.invoke(args=["export", "action-plan", "DHR-1999-001", "--output",
                                  str(out)])
    assert missing.exit_code != 0 and "There is no review DHR-1999-001" in missing.output


def test_an_imrs_recommendations_are_taken_in_one_step(app, client, auth):
    rid = review_id(app, GATHERING)
    with app.app_context():
        before = db.session.scalar(select(func.count(Recommendation.id)).where(
            Recommendation.review_id == rid))
    auth.login(MANAGER)
    page = client.get(f"/admin/learning/review/{rid}/")
    assert "Single-agency recommendations in the IMRs" in page.text
    taken = client.post(f"/admin/learning/review/{rid}/imr-recommendations/",
                        data={"csrf_token": csrf_token(page.text)})
    assert taken.status_code == 302
    with app.app_context():
        new = db.session.scalars(select(Recommendation).where(
            Recommendation.review_id == rid).order_by(Recommendation.id)).all()[before:]
        assert new and all(len(r.agencies) == 1 and not r.multi_agency and r.imr_request_id
                           for r in new)
        count = len(new)
    page = client.get(f"/admin/learning/review/{rid}/")
    assert "Single-agency recommendations in the IMRs" not in page.text  # all taken
    with app.app_context():
        assert db.session.scalar(select(func.count(Recommendation.id)).where(
            Recommendation.review_id == rid)) == before + count


def test_daily_reminders_go_once_and_overdue_actions_are_marked(app):
    with app.app_context():
        today = date.today()
        late = db.session.scalar(select(Action).where(
            Action.action_to_take.startswith("Record every MARAC")))
        soon = db.session.scalar(select(Action).where(
            Action.action_to_take.startswith("Add an economic abuse prompt")))
        soon.target_date = today + timedelta(days=3)
        late.status = ActionStatus.on_track
        db.session.commit()
        before = db.session.scalar(select(func.count(OutboxMessage.id)))
        sent = reminders.remind(today)
        assert sent > 0
        assert reminders.remind(today) == 0  # claimed: never twice
        assert db.session.get(Action, late.id).status is ActionStatus.overdue
        windows = {(r.action_id, r.window) for r in db.session.scalars(select(ActionReminder))}
        assert {(late.id, "overdue"), (soon.id, "3d")} <= windows
        mails = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)
                                   .offset(before)).all()
        assert len(mails) == sent
        housing = db.session.get(User, soon.owner_id).email
        assert any(m.recipient == housing and "is due" in m.subject for m in mails)
        assert any(m.recipient == MANAGER and "overdue" in m.subject for m in mails)
        assert all(DUE_SOON_VICTIM not in m.body and "Victim" not in m.body for m in mails)


def test_seen_before_and_theme_suggestions_from_stored_vectors(app, client, auth):
    original = ("Hospitals should ask every patient attending with injuries about domestic "
                "abuse and refer them to an IDVA.")
    reworded = ("Emergency departments must routinely enquire about domestic abuse with "
                "injured patients and make referrals to IDVA services.")
    unrelated = "The council should repair street lighting in the town centre car parks."
    with app.app_context():
        published = db.session.scalar(select(Review).where(Review.reference == PUBLISHED))
        rows = [Recommendation(review=published, text=text) for text in (unrelated, original)]
        db.session.add_all(rows)
        db.session.commit()
        similar.queue_embedding(*rows)  # in-process: the job runs now
        assert all(r.embedding is not None for r in db.session.scalars(select(Recommendation)))
    auth.login(MANAGER)
    page = client.get(f"/admin/learning/review/{review_id(app, DUE_SOON)}/")
    token = csrf_token(page.text)
    found = client.post("/admin/learning/seen-before.json", headers={"X-CSRFToken": token},
                        data={"text": reworded, "review_id": review_id(app, DUE_SOON)})
    texts = [item["text"] for item in found.get_json()["similar"]]
    assert texts[0] == original and (unrelated not in texts or texts.index(unrelated) > 2)
    app.config["LEARNING_EMBEDDINGS"] = False  # the lexical fallback
    found = client.post("/admin/learning/seen-before.json", headers={"X-CSRFToken": token},
                        data={"text": reworded, "review_id": review_id(app, DUE_SOON)})
    assert found.get_json()["similar"][0]["text"] == original
    app.config["LEARNING_EMBEDDINGS"] = True
    themes = client.post("/admin/learning/suggest-themes.json", headers={"X-CSRFToken": token},
                         data={"text": "Officers did not complete a DASH risk assessment "
                                       "after the strangulation was reported."}).get_json()
    names = [t["name"] for t in themes["themes"]]
    assert "Risk assessment (including DASH)" in names
    with app.app_context():  # a changed text gets a new vector; an unchanged one is kept
        lesson = db.session.scalars(select(Lesson)).first()
        kept = lesson.embedding
        assert similar.embed_rows("lesson", lesson.id) == 0
        lesson.text += " Again."
        db.session.commit()
        assert similar.embed_rows("lesson", lesson.id) == 1
        assert db.session.get(Lesson, lesson.id).embedding != kept
