"""An agency's chronology through the portal: the request page offers the template and the
upload instead of questions; a hostile file is refused with nothing stored; the preview shows
rejected rows (row, column, reason) before anything is stored; commit; a second version
replaces the first; another agency's request and upload answer 404."""
import io

from openpyxl import load_workbook
from sqlalchemy import select

from chronology import actions as chronology_actions
from chronology_files import RENAMED_BINARY, csv_bytes
from chronology_helpers import ask_for_chronologies, entries_of, upload_count
from conftest import csrf_token
from models import (ChronologyUpload, FormRequest, FormStatus, JobRun, JobStatus, UploadStatus,
                    db)
from portal import chronology as portal_chronology
from trust_forms import form_data
from world import HEALTH, HEALTH_AGENCY, MANAGER, ON_HOLD, POLICE, POLICE_AGENCY

ROWS = [["Northshire Police chronology"], [],
        ["Date of contact", "Details", "Outcome", "Source / Ref"],
        ["03/03/2021", "Officers attended after a 999 call", "DASH completed", "LOG 1"],
        ["04/03/2021", "Follow-up visit", "", "LOG 2"],
        ["31/02/2021", "A date that never was", "", "LOG 3"]]


def _upload(client, rid, data, name="police.csv"):
    page = client.get(f"/portal/chronology/{rid}")
    fields = form_data(page.text, form_id="upload-form")
    fields["file"] = (io.BytesIO(data), name)
    return client.post(f"/portal/chronology/{rid}/upload", data=fields,
                       content_type="multipart/form-data")


def _press(client, rid, form_id):
    page = client.get(f"/portal/chronology/{rid}")
    action = page.text.split(f'id="{form_id}"')[0].rsplit('action="', 1)[1].split('"')[0]
    return client.post(action, data={"csrf_token": csrf_token(page.text)})


def test_upload_preview_commit_and_replace(app, client, auth):
    ids = ask_for_chronologies(app, ON_HOLD, POLICE_AGENCY, HEALTH_AGENCY)
    rid, other = ids[POLICE_AGENCY], ids[HEALTH_AGENCY]
    auth.login(POLICE)
    assert client.get(f"/portal/requests/{rid}").headers["Location"].endswith(
        f"/portal/chronology/{rid}")
    page = client.get(f"/portal/chronology/{rid}").text
    assert 'id="template-link"' in page and 'id="upload-form"' in page

    template = load_workbook(io.BytesIO(client.get("/portal/chronology/template.xlsx").data))
    sheet = template["Chronology"]
    assert [c.value for c in sheet[1]] == ["Date", "Time", "Agency", "Source record",
                                           "People involved", "Event", "Action / outcome",
                                           "Practitioner role", "Comment"]
    assert sheet["F2"].value and "Guidance" in template.sheetnames
    assert sheet.data_validations.dataValidation[0].type == "date"

    before = upload_count(app)
    refused = _upload(client, rid, RENAMED_BINARY, "chronology.xlsx")
    assert refused.status_code == 400 and "is not a spreadsheet we can read" in refused.text
    assert upload_count(app) == before

    assert _upload(client, rid, csv_bytes(ROWS)).status_code == 302
    preview = client.get(f"/portal/chronology/{rid}").text
    rejected = preview[preview.index('id="rejected-rows"'):]
    assert "<td>6</td><td>Date</td><td>31/02/2021 is an impossible date</td>" in rejected
    assert "<strong>2</strong> rows will be imported" in preview
    assert entries_of(app, ON_HOLD, POLICE_AGENCY) == []  # nothing stored before commit

    # Another agency's request and this upload, from the other side: 404, nothing changed.
    with app.app_context():
        upload_id = db.session.scalar(select(ChronologyUpload.id).where(
            ChronologyUpload.request_id == rid))
    assert client.get(f"/portal/chronology/{other}").status_code == 404
    assert client.post(f"/portal/chronology/{other}/upload", data={
        "csrf_token": csrf_token(preview)}).status_code == 404

    assert _press(client, rid, "commit-form").status_code == 302
    assert entries_of(app, ON_HOLD, POLICE_AGENCY) == [
        "Officers attended after a 999 call", "Follow-up visit"]
    with app.app_context():
        request = db.session.get(FormRequest, rid)
        assert request.status is FormStatus.submitted and request.versions[-1].data[
            "upload_id"] == upload_id
        request.status = FormStatus.returned  # the chair asks for a corrected version
        db.session.commit()

    assert _upload(client, rid, csv_bytes(ROWS[:4])).status_code == 302
    assert _press(client, rid, "commit-form").status_code == 302
    assert entries_of(app, ON_HOLD, POLICE_AGENCY) == ["Officers attended after a 999 call"]
    with app.app_context():
        statuses = db.session.scalars(select(ChronologyUpload.status).where(
            ChronologyUpload.request_id == rid).order_by(ChronologyUpload.version)).all()
    assert statuses == [UploadStatus.replaced, UploadStatus.committed]

    auth.logout()  # the chair and manager read the submitted request like any form
    auth.login(MANAGER)
    with app.app_context():
        review = db.session.get(FormRequest, rid).review_id
    compare = client.get(f"/admin/formrequest/review/{review}/compare/chronology/")
    assert compare.status_code == 200 and "Entries imported" in compare.text
    grid = client.get(f"/admin/formrequest/review/{review}/").text
    assert "Chronology" in grid


def test_a_column_not_recognised_is_matched_once_and_remembered(app, client, auth,
                                                               monkeypatch):
    """Also: files above the setting's size are read by a job, and large imports too."""
    app.config["CHRONOLOGY_JOB_ABOVE_BYTES"] = 0
    monkeypatch.setattr(chronology_actions, "IMPORT_INLINE_UP_TO", 0)
    rid = ask_for_chronologies(app, ON_HOLD, POLICE_AGENCY)[POLICE_AGENCY]
    auth.login(POLICE)
    rows = [["When it happened", "Narrative text"], ["01/02/2021", "A visit"]]
    _upload(client, rid, csv_bytes(rows))
    page = client.get(f"/portal/chronology/{rid}").text
    assert 'id="mapping-form"' in page and "When it happened" in page
    fields = form_data(page, {"column-0": "date", "column-1": "event"}, form_id="mapping-form")
    action = page.split('id="mapping-form"')[0].rsplit('action="', 1)[1].split('"')[0]
    assert client.post(action, data=fields).status_code == 302
    assert "<strong>1</strong> rows will be imported" in client.get(
        f"/portal/chronology/{rid}").text
    _upload(client, rid, csv_bytes(rows))  # next time: no mapping screen
    assert "<strong>1</strong> rows will be imported" in client.get(
        f"/portal/chronology/{rid}").text
    assert _press(client, rid, "commit-form").status_code == 302
    assert entries_of(app, ON_HOLD, POLICE_AGENCY) == ["A visit"]
    with app.app_context():
        kinds = db.session.execute(select(JobRun.kind, JobRun.status).where(
            JobRun.kind.like("chronology.%")).order_by(JobRun.id)).all()
    assert kinds == [("chronology.read", JobStatus.done)] * 2 + [
        ("chronology.import", JobStatus.done)]


def test_a_preview_left_unimported_is_discarded_by_the_daily_run(app, client, auth):
    """Its staged rows (the agency's whole chronology) are deleted, not kept for ever; a
    preview still within CHRONOLOGY_PREVIEW_DAYS is left alone."""
    from datetime import date, datetime, timedelta
    import jobs
    from models import StagedEntry
    ids = ask_for_chronologies(app, ON_HOLD, POLICE_AGENCY, HEALTH_AGENCY)
    auth.login(POLICE)
    _upload(client, ids[POLICE_AGENCY], csv_bytes(ROWS))
    with app.app_context():
        upload = db.session.scalar(select(ChronologyUpload).order_by(ChronologyUpload.id.desc()))
        assert upload.status is UploadStatus.preview
        staged = select(StagedEntry.id).where(StagedEntry.upload_id == upload.id)
        assert len(db.session.scalars(staged).all()) == 2
        today = date(2026, 12, 1)
        days = app.config["CHRONOLOGY_PREVIEW_DAYS"]
        upload.updated_at = datetime.combine(today - timedelta(days=days - 1), datetime.min.time())
        db.session.commit()
        assert jobs.run_daily_tasks(today)["chronology.uploads.discard_stale"] == 0
        upload = db.session.get(ChronologyUpload, upload.id)
        upload.updated_at = datetime.combine(today - timedelta(days=days + 1), datetime.min.time())
        db.session.commit()
        assert jobs.run_daily_tasks(today)["chronology.uploads.discard_stale"] == 1
        assert db.session.get(ChronologyUpload, upload.id).status is UploadStatus.discarded
        assert db.session.scalars(staged).all() == []
    page = client.get(f"/portal/chronology/{ids[POLICE_AGENCY]}").text
    assert 'id="commit-form"' not in page


def test_pressing_import_twice_imports_once(app, client, auth):
    """The second press holds the upload as it was when its page loaded (still a preview):
    it is refused, and the entries are there once."""
    from chronology import uploads
    from chronology.reading import FileRefused
    ids = ask_for_chronologies(app, ON_HOLD, POLICE_AGENCY)
    auth.login(POLICE)
    _upload(client, ids[POLICE_AGENCY], csv_bytes(ROWS))
    with app.app_context():
        second_press = db.session.scalar(select(ChronologyUpload).order_by(
            ChronologyUpload.id.desc()))
        assert second_press.status is UploadStatus.preview
        with app.app_context():  # the first press, in its own request
            uploads.commit(db.session.get(ChronologyUpload, second_press.id), None)
        try:
            uploads.commit(second_press, None)
        except FileRefused as refused:
            assert "already been imported" in str(refused)
        else:
            raise AssertionError("the second press imported the rows again")
    assert entries_of(app, ON_HOLD, POLICE_AGENCY) == ["Officers attended after a 999 call",
                                                       "Follow-up visit"]


def test_an_agency_reads_what_it_imported_and_only_that(app, client, auth, monkeypatch):
    """Its own entries, as it sent them, a page at a time; another agency's page on the same
    review lists none of them; a cursor that is not one gives the first page."""
    monkeypatch.setattr(portal_chronology, "IMPORTED_PAGE", 1)
    ids = ask_for_chronologies(app, ON_HOLD, POLICE_AGENCY, HEALTH_AGENCY)
    auth.login(POLICE)
    rid = ids[POLICE_AGENCY]
    assert 'id="imported"' not in client.get(f"/portal/chronology/{rid}").text
    _upload(client, rid, csv_bytes(ROWS))
    assert 'id="imported"' not in client.get(f"/portal/chronology/{rid}").text  # a preview
    assert _press(client, rid, "commit-form").status_code == 302
    first = client.get(f"/portal/chronology/{rid}").text
    table = first[first.index('id="imported-entries"'):first.index("</table>", first.index(
        'id="imported-entries"'))]
    assert "<td>4</td><td>3 Mar 2021</td><td>Officers attended after a 999 call</td>" in table
    assert "Follow-up visit" not in table
    following = first.split('id="imported-next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get(following.replace("&amp;", "&")).text
    table = second[second.index('id="imported-entries"'):]
    assert "<td>5</td><td>4 Mar 2021</td><td>Follow-up visit</td>" in table
    assert 'id="imported-next"' not in second and 'id="imported-first"' in second
    bogus = client.get(f"/portal/chronology/{rid}?after=9999-99-99_xx_{'9' * 40}")
    assert bogus.status_code == 200 and "Officers attended after a 999 call" in bogus.text
    auth.logout()
    auth.login(HEALTH)
    theirs = client.get(f"/portal/chronology/{ids[HEALTH_AGENCY]}").text
    assert 'id="imported"' not in theirs and "Officers attended" not in theirs
    assert client.get(f"/portal/chronology/{rid}").status_code == 404


def test_discarding_an_upload_already_imported_changes_nothing(app, client, auth):
    """A Discard pressed on a page loaded before Import (another tab): the upload stays
    imported, its entries stay, and the page says so: the agency's request is submitted by
    then (409), and a manager's discard is refused in words."""
    ids = ask_for_chronologies(app, ON_HOLD, POLICE_AGENCY)
    rid = ids[POLICE_AGENCY]
    auth.login(POLICE)
    _upload(client, rid, csv_bytes(ROWS))
    stale = client.get(f"/portal/chronology/{rid}").text
    action = stale.split('id="discard-form"')[0].rsplit('action="', 1)[1].split('"')[0]
    assert _press(client, rid, "commit-form").status_code == 302
    answer = client.post(action, data={"csrf_token": csrf_token(stale)})
    assert answer.status_code == 409 and "This form has changed" in answer.text
    auth.logout()
    auth.login(MANAGER)
    with app.app_context():
        upload_id = db.session.scalar(select(ChronologyUpload.id).where(
            ChronologyUpload.request_id == rid))
    page = client.get(f"/admin/chronology/upload/{upload_id}/")
    answer = client.post(f"/admin/chronology/upload/{upload_id}/discard/",
                         data={"csrf_token": csrf_token(page.text)}, follow_redirects=True)
    assert "already been imported or discarded" in answer.text
    with app.app_context():
        upload = db.session.scalar(select(ChronologyUpload).where(
            ChronologyUpload.request_id == rid))
        assert upload.status is UploadStatus.committed
    assert entries_of(app, ON_HOLD, POLICE_AGENCY) == ["Officers attended after a 999 call",
                                                       "Follow-up visit"]


def test_an_import_whose_job_failed_can_be_discarded_and_goes_with_the_daily_run(app):
    """Left as "being imported" by a failed job, its staged rows would be kept for ever."""
    from datetime import date, datetime, timedelta
    from chronology import uploads
    import jobs
    from models import Agency, Review, StagedEntry
    ask_for_chronologies(app, ON_HOLD, POLICE_AGENCY)
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == ON_HOLD))
        agency = db.session.scalar(select(Agency).where(Agency.name == POLICE_AGENCY))
        upload = uploads.receive(review, agency, io.BytesIO(csv_bytes(ROWS)), "p.csv", None)
        db.session.commit()
        upload = uploads.read_upload(upload)
        upload.status = UploadStatus.importing
        upload.job = JobRun(kind="chronology.import", review_id=review.id,
                            status=JobStatus.running)
        db.session.commit()
        upload_id = upload.id
        today = date(2026, 12, 1)
        upload.updated_at = datetime.combine(today - timedelta(days=40), datetime.min.time())
        db.session.commit()
        assert jobs.run_daily_tasks(today)["chronology.uploads.discard_stale"] == 0
        upload = db.session.get(ChronologyUpload, upload_id)
        assert not uploads.discard(upload)  # still running: left alone
        upload = db.session.get(ChronologyUpload, upload_id)
        upload.job.status = JobStatus.failed
        upload.updated_at = datetime.combine(today - timedelta(days=40), datetime.min.time())
        db.session.commit()
        assert jobs.run_daily_tasks(today)["chronology.uploads.discard_stale"] == 1
        assert db.session.get(ChronologyUpload, upload_id).status is UploadStatus.discarded
        assert not db.session.scalar(select(StagedEntry.id).where(
            StagedEntry.upload_id == upload_id))
