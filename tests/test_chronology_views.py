"""The consolidated chronology of the demo world: pseudonyms by default and names only for
those allowed, scoping (a chair and a panel member only their reviews, an agency user only
their agency's entries and never /admin), filters and keyset paging, the duplicate linked by
the chair shown once with both sources, the conflict kept as a question, the lanes with
their table, the formula-safe export read back, and the command line."""
import io
import json

import pytest
from docx import Document
from flask_login import login_user
from openpyxl import load_workbook
from sqlalchemy import select, update

import access
from chronology import timeline
from chronology_files import csv_bytes
from chronology_helpers import review_id
from conftest import csrf_token
from models import (Agency, ChronologyEntry, ChronologyLink, ChronologyUpload, JobRun, JobStatus, LinkKind,
                    User, db)
from world import (CHAIR_A, CHAIR_B, DUE_SOON, GATHERING, GATHERING_VICTIM, MANAGER, PANEL_A,
                   PANEL_B, POLICE, POLICE_AGENCY)

VICTIM = "Victim of DHR-2026-001"


def url(app, reference=GATHERING, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/admin/chronology/review/{review_id(app, reference)}/" + (f"?{query}" if query
                                                                       else "")


def test_pseudonyms_names_scoping_and_the_chairs_decisions(app, client, auth):
    auth.login(CHAIR_A)
    page = client.get(url(app))
    assert page.status_code == 200
    assert f"{GATHERING_VICTIM} attended A&amp;E" in page.text and VICTIM not in page.text
    assert VICTIM in client.get(url(app, names=1)).text
    assert client.get(url(app, reference=DUE_SOON)).status_code == 404
    with app.app_context():
        links = {l.kind: l.id for l in db.session.scalars(select(ChronologyLink).where(
            ChronologyLink.review_id == review_id(app, GATHERING)))}
    assert set(links) == {LinkKind.duplicate, LinkKind.conflict}
    token = csrf_token(page.text)
    client.post(f"/admin/chronology/link/{links[LinkKind.duplicate]}/",
                data={"decision": "link", "csrf_token": token})
    client.post(f"/admin/chronology/link/{links[LinkKind.conflict]}/",
                data={"decision": "question", "csrf_token": token})
    page = client.get(url(app)).text
    assert page.count("after a 999 call") == 1  # the linked pair is shown once
    assert "and Northshire NHS Foundation Trust" in page
    questions = page[page.index('id="links"'):]
    assert "Possible conflict (a question for the panel)" in questions
    auth.logout()

    auth.login(PANEL_A)
    page = client.get(url(app))
    assert page.status_code == 200
    token = csrf_token(page.text)
    assert client.get(url(app, names=1)).status_code == 403
    assert client.post(f"/admin/chronology/link/{links[LinkKind.conflict]}/", data={
        "decision": "dismiss", "csrf_token": token}).status_code == 403
    assert client.get(url(app, reference=DUE_SOON)).status_code == 404
    auth.logout()
    auth.login(PANEL_B)
    assert client.get(url(app)).status_code == 404
    assert client.get(f"/admin/chronology/review/{review_id(app, GATHERING)}/lanes/"
                      ).status_code == 404
    auth.logout()
    auth.login(CHAIR_B)  # another review's chair: the page, the lanes, a link, an export
    page = client.get(url(app, reference=DUE_SOON))
    assert page.status_code == 200
    token = csrf_token(page.text)
    assert client.get(url(app)).status_code == 404
    assert client.post(f"/admin/chronology/link/{links[LinkKind.conflict]}/", data={
        "decision": "dismiss", "csrf_token": token}).status_code == 404
    assert client.post(f"/admin/jobrun/start/chronology.export_xlsx/"
                       f"{review_id(app, GATHERING)}/", data={"csrf_token": token}
                       ).status_code == 404
    with app.app_context():
        upload = db.session.scalar(select(ChronologyUpload.id).where(
            ChronologyUpload.review_id == review_id(app, DUE_SOON)).limit(1))
    assert client.get(f"/admin/chronology/upload/{upload}/").status_code == 403
    auth.logout()
    auth.login(POLICE)
    assert client.get(url(app)).status_code == 403


def test_agency_users_reach_only_their_agencys_entries(app):
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == POLICE))
        login_user(user)
        agencies = set(db.session.scalars(access.scope(select(ChronologyEntry.agency_id),
                                                       ChronologyEntry)))
        police = db.session.scalar(select(Agency.id).where(Agency.name == POLICE_AGENCY))
        assert agencies == {police}
        assert not access.allowed("chronology_entry", access.EXPORT)


def test_filters_keyset_paging_lanes_and_the_formula_safe_export(app, client, auth):
    rid = review_id(app, GATHERING)
    with app.app_context():
        db.session.execute(update(ChronologyEntry).where(
            ChronologyEntry.review_id == rid, ChronologyEntry.row_number == 4,
            ChronologyEntry.agency_id == select(Agency.id).where(
                Agency.name == POLICE_AGENCY).scalar_subquery()).values(
            event="=HYPERLINK(\"http://evil\")", search_text="=hyperlink"))
        db.session.commit()
        query = timeline.narrowed(select(ChronologyEntry), rid, timeline.Filters())
        seen, after = [], None
        while True:
            rows, after = timeline.page(query, after, size=3)
            seen += [(e.day, e.at, e.id) for e in rows]
            if after is None:
                break
        assert len(seen) == 8 and len(set(seen)) == 8 and seen == sorted(seen)
    auth.login(MANAGER)
    section = client.get(f"/admin/review/{rid}/").text
    section = section[section.index('id="chronology"'):]
    assert "8 entries from 3 agencies" in section and 'id="chronology-link"' in section
    police = client.get(url(app)).text
    assert police.count('id="entry-') == 8
    health = url(app, agency=_agency_id(app, "Northshire NHS Foundation Trust"))
    assert client.get(health).text.count('id="entry-') == 2
    assert client.get(url(app, words="arrears")).text.count('id="entry-') == 2
    lanes = client.get(f"/admin/chronology/review/{rid}/lanes/").text
    assert "<svg" in lanes and lanes.count("<circle") == 8 and 'id="lanes-table"' in lanes

    page = client.get(url(app))
    client.post(f"/admin/jobrun/start/chronology.export_xlsx/{rid}/",
                data={"csrf_token": csrf_token(page.text)})
    with app.app_context():
        record = db.session.scalar(select(JobRun).order_by(JobRun.id.desc()).limit(1))
        assert record.status is JobStatus.done, record.error
        job_id = record.id
    book = load_workbook(io.BytesIO(client.get(f"/admin/jobrun/{job_id}/download/").data))
    cells = [c for row in book.active.iter_rows() for c in row]
    hostile = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
    assert hostile and all(c.data_type == "s" for c in hostile)
    assert not any(VICTIM in str(c.value) for c in cells)  # pseudonymised by default

    client.post(f"/admin/jobrun/start/chronology.export_docx/{rid}/",
                data={"csrf_token": csrf_token(page.text)})
    with app.app_context():
        record = db.session.scalar(select(JobRun).order_by(JobRun.id.desc()).limit(1))
        assert record.status is JobStatus.done, record.error
    document = Document(io.BytesIO(client.get(f"/admin/jobrun/{record.id}/download/").data))
    text = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert '=HYPERLINK("http://evil")' in text and GATHERING_VICTIM in text and VICTIM not in text


def _agency_id(app, name):
    with app.app_context():
        return db.session.scalar(select(Agency.id).where(Agency.name == name))


def test_the_command_line_prints_json_and_refuses_in_words(app, tmp_path):
    good = tmp_path / "police.csv"
    good.write_bytes(csv_bytes([["Date", "Event"], ["01/02/2026", "Visit"],
                                ["31/02/2026", "Never"]]))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"\x00\x01binary" * 100)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["chronology", "import", GATHERING, POLICE_AGENCY, str(good),
                                 "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"accepted": 1, "rejected": [
        {"row": 3, "column": "Date", "reason": "31/02/2026 is an impossible date"}],
        "flagged": []}
    result = runner.invoke(args=["chronology", "import", GATHERING, POLICE_AGENCY, str(bad)])
    assert result.exit_code == 1 and "not a spreadsheet" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    result = runner.invoke(args=["chronology", "import", GATHERING, POLICE_AGENCY, str(good)])
    assert result.exit_code == 0
    with app.app_context():
        assert db.session.scalars(select(ChronologyEntry.event).where(
            ChronologyEntry.review_id == review_id(app, GATHERING),
            ChronologyEntry.agency_id == _agency_id(app, POLICE_AGENCY))).all() == ["Visit"]


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_the_exports_with_names_are_for_those_allowed_names(app, client, auth, kind):
    rid = review_id(app, GATHERING)
    start = f"/admin/jobrun/start/chronology.export_{kind}_named/{rid}/"
    auth.login(PANEL_A)  # reads the chronology by pseudonym only
    page = client.get(url(app))
    assert f"export_{kind}_named" not in page.text
    assert client.post(start, data={"csrf_token": csrf_token(page.text)}).status_code == 403
    auth.logout()
    auth.login(MANAGER)
    page = client.get(url(app))
    assert f"chronology.export_{kind}_named" in page.text
    client.post(start, data={"csrf_token": csrf_token(page.text)})
    with app.app_context():
        record = db.session.scalar(select(JobRun).order_by(JobRun.id.desc()).limit(1))
        assert (record.kind, record.status) == (f"chronology.export_{kind}_named",
                                                JobStatus.done), record.error
    data = io.BytesIO(client.get(f"/admin/jobrun/{record.id}/download/").data)
    if kind == "xlsx":
        text = "\n".join(str(c.value) for row in load_workbook(data).active.iter_rows()
                         for c in row)
    else:
        text = "\n".join(cell.text for row in Document(data).tables[0].rows
                         for cell in row.cells)
    assert VICTIM in text and f"{GATHERING_VICTIM} attended" not in text
