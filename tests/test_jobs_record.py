"""The job record (JobRun) end to end, in-process: "Download the forms tracker" started from a
review's forms page, its progress, its one scoped and audited download, a failure shown in
words and run again, a worker that died, and the queue's rules (stable names, commit first)."""
import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

import jobs
from models import (Agency, AuditAction, AuditEvent, FormRequest, JobRun, JobStatus, Review,
                    User, db)
from models.mixins import utcnow
from world import ADMIN, CHAIR_A, CHAIR_B, GATHERING, MANAGER, POLICE, POLICE_AGENCY

REFERENCE = GATHERING
KIND = "forms.tracker"


class Forms(HTMLParser):
    """Every form of a page as a browser sees it: action, method and all its fields."""

    def __init__(self, html):
        super().__init__()
        self.forms, self._current = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {"action": attrs.get("action"), "method": attrs.get("method", "get"),
                             "fields": {}}
            self.forms.append(self._current)
        elif tag in ("input", "button", "textarea", "select") and self._current is not None:
            if attrs.get("name") and attrs.get("type") not in ("submit",):
                self._current["fields"][attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None

    def posting_to(self, fragment):
        [form] = [f for f in self.forms if fragment in (f["action"] or "")]
        return form


def review_id(app, reference=REFERENCE):
    with app.app_context():
        return db.session.scalar(select(Review.id).where(Review.reference == reference))


def grid_url(app, reference=REFERENCE):
    return f"/admin/formrequest/review/{review_id(app, reference)}/"


def start_tracker(client, app, reference=REFERENCE):
    """Press "Download the forms tracker" on the review's forms page, posting its whole form."""
    page = client.get(grid_url(app, reference))
    assert page.status_code == 200
    form = Forms(page.text).posting_to("/admin/jobrun/start/forms.tracker/")
    assert form["method"] == "post"
    return client.post(form["action"], data=form["fields"])


def latest_run(app):
    with app.app_context():
        record = db.session.scalar(select(JobRun).order_by(JobRun.id.desc()).limit(1))
        db.session.expunge(record)
        return record


def visible_requests(app, reference=REFERENCE):
    with app.app_context():
        return db.session.scalar(select(func.count(FormRequest.id)).join(FormRequest.review)
                                 .where(Review.reference == reference))


def test_the_forms_tracker_is_made_shown_and_downloaded(app, client, auth):
    with app.app_context():  # an agency whose name a spreadsheet would run as a formula
        agency = db.session.scalar(select(Agency).where(Agency.name == POLICE_AGENCY))
        agency.name = '=HYPERLINK("http://evil.example","Police")'
        db.session.commit()
    auth.login(MANAGER)
    response = start_tracker(client, app)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        grid_url(app) + "#jobs")
    record = latest_run(app)
    total = visible_requests(app)
    assert (record.kind, record.status, record.progress_done, record.progress_total) == (
        KIND, JobStatus.done, total, total)
    assert record.attempts == 1 and record.started_at and record.finished_at
    page = client.get(grid_url(app)).text
    assert "Status:" in page and "Done" in page and f"Written {total} of {total}" in page
    assert f'href="/admin/jobrun/{record.id}/download/"' in page
    assert "data-status-url" not in page  # nothing left to poll
    status = client.get(f"/admin/jobrun/{record.id}/status.json").get_json()
    assert status["status"] == "done" and status["percent"] == 100
    assert status["file_name"] == record.file_name and record.file_name.endswith(".xlsx")

    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    sheet = load_workbook(io.BytesIO(download.data)).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == ["Agency", "Form", "Status", "Due", "Days late",
                                          "Sent", "Submitted", "Reminders sent",
                                          "Last reminder"]
    assert len(rows) == 1 + total
    police = [row for row in rows if str(row[0].value).startswith("=HYPERLINK")]
    assert police and all(row[0].data_type == "s" for row in police)  # text, not a formula
    assert all(isinstance(row[4].value, int) for row in rows[1:])
    with app.app_context():
        exported = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.export, AuditEvent.object_type == "JobRun")).all()
        assert [(e.object_id, e.review_id) for e in exported] == [(record.id,
                                                                    review_id(app))]


def test_a_file_leaves_only_after_a_recent_password(app, client, auth):
    """Signed in over SECURITY_FRESHNESS ago: the download asks for the password again and
    then gives the file; the panel's polling is not interrupted."""
    from trust_forms import form_data
    auth.login(MANAGER)
    start_tracker(client, app)
    record = latest_run(app)
    download = f"/admin/jobrun/{record.id}/download/"
    with client.session_transaction() as session:
        session["fs_paa"] = session["fs_paa"] - 3600  # the password was entered an hour ago
    asked = client.get(download)
    assert asked.status_code == 302 and "/verify" in asked.headers["Location"]
    assert client.get(f"/admin/jobrun/{record.id}/status.json").status_code == 200
    verify = client.get(asked.headers["Location"])
    fields = form_data(verify.text, {"password": auth.accounts[MANAGER]["password"]})
    back = client.post(asked.headers["Location"], data=fields)
    assert back.status_code == 302 and back.headers["Location"].endswith(download)
    again = client.get(download)
    assert again.status_code == 200 and again.headers["Content-Disposition"].startswith(
        "attachment;")


def test_only_the_asker_or_csp_wide_roles_reach_a_job_and_its_file(app, client, auth):
    auth.login(MANAGER)
    start_tracker(client, app)
    record = latest_run(app)
    urls = [f"/admin/jobrun/{record.id}/status.json", f"/admin/jobrun/{record.id}/download/"]
    auth.logout()

    auth.login(CHAIR_A)  # chair of this review, but not the asker
    assert [client.get(url).status_code for url in urls] == [404, 404]
    page = client.get(grid_url(app))
    assert client.post(f"/admin/jobrun/{record.id}/again/",
                       data={"csrf_token": _token(page.text)}).status_code == 404
    assert "Download the forms tracker" not in client.get(grid_url(app)).text
    page = client.get(grid_url(app))
    refused = client.post(f"/admin/jobrun/start/{KIND}/{review_id(app)}/",
                          data={"csrf_token": _token(page.text)})
    assert refused.status_code == 403  # sees the review, may not export its forms
    auth.logout()

    auth.login(CHAIR_B)  # not on this review at all
    page = client.get("/admin/")
    assert client.post(f"/admin/jobrun/start/{KIND}/{review_id(app)}/",
                       data={"csrf_token": _token(page.text)}).status_code == 404
    assert [client.get(url).status_code for url in urls] == [404, 404]
    auth.logout()

    auth.login(ADMIN)  # CSP-wide: a review's job is the CSP's
    assert [client.get(url).status_code for url in urls] == [200, 200]
    auth.logout()

    auth.login(POLICE)  # agency staff never enter /admin
    assert client.get(urls[1]).status_code == 403
    with app.app_context():
        count = db.session.scalar(select(func.count(JobRun.id)))
    assert count == 1


def _token(html):
    from conftest import csrf_token
    return csrf_token(html)


def test_a_failed_job_shows_its_error_in_words_and_runs_again(app, client, auth, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    app.config["UPLOAD_FOLDER"] = str(blocked)
    auth.login(MANAGER)
    start_tracker(client, app)  # in-process: the request goes on although the job failed
    record = latest_run(app)
    assert record.status is JobStatus.failed and record.file_key is None
    assert record.error == ("The job stopped with an error (NotADirectoryError). Run it again; "
                            "if it fails again, tell the system administrator.")
    page = client.get(grid_url(app)).text
    assert "The job failed" in page and "NotADirectoryError" in page
    assert "/download/" not in page
    again = Forms(page).posting_to(f"/admin/jobrun/{record.id}/again/")

    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    app.extensions.pop("dhr_filestore", None)
    assert client.post(again["action"], data=again["fields"]).status_code == 302
    rerun = latest_run(app)
    assert (rerun.id, rerun.status, rerun.attempts, rerun.error) == (
        record.id, JobStatus.done, 2, None)
    assert client.get(f"/admin/jobrun/{record.id}/download/").status_code == 200


def _running_job(app, beat_ago, email=MANAGER):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        record = JobRun(kind=KIND, review_id=review_id(app), requested_by=user,
                        status=JobStatus.running, attempts=1, progress_done=3,
                        progress_total=9, started_at=utcnow() - beat_ago,
                        heartbeat_at=utcnow() - beat_ago)
        db.session.add(record)
        db.session.commit()
        return record.id


def test_a_job_whose_worker_died_is_marked_failed_when_read_and_by_the_daily_run(
        app, client, auth):
    dead = _running_job(app, jobs.STALE_AFTER + timedelta(minutes=1))
    alive = _running_job(app, timedelta(seconds=5))
    auth.login(MANAGER)
    status = client.get(f"/admin/jobrun/{alive}/status.json").get_json()
    assert (status["status"], status["done"], status["total"]) == ("running", 3, 9)
    status = client.get(f"/admin/jobrun/{dead}/status.json").get_json()
    assert status["status"] == "failed"
    assert status["error"] == "The worker running this job stopped before it finished. " \
                              "Run it again."
    forgotten = _running_job(app, jobs.STALE_AFTER * 2)
    with app.app_context():
        assert jobs.mark_stale() == 1  # what the daily run calls
        assert db.session.get(JobRun, forgotten).status is JobStatus.failed
        assert db.session.get(JobRun, alive).status is JobStatus.running


def test_the_panel_polls_while_a_job_runs(app, client, auth):
    record_id = _running_job(app, timedelta(seconds=1))
    auth.login(MANAGER)
    page = client.get(grid_url(app)).text
    assert f'data-status-url="/admin/jobrun/{record_id}/status.json"' in page
    assert 'src="/static/jobs.js"' in page and "Running" in page
    assert 'aria-valuenow="33"' in page
    assert "<script>" not in page.split('id="jobs"')[1]  # no inline script: the CSP forbids


def test_jobs_are_queued_by_their_stable_names_after_commit(app):
    import mailer
    from agency_forms import chasing, tracker as forms_tracker
    from lifecycle import reminders
    assert jobs.job_name(mailer.deliver) == "mail.deliver"
    assert jobs.job_name(reminders.daily) == "reminders.daily"
    assert jobs.job_name(chasing.chase_request) == "forms.chase_request"
    assert jobs.job_name(forms_tracker.forms_tracker) == KIND
    with pytest.raises(jobs.UnknownJob):
        jobs.job_name(len)
    with app.app_context():
        # Names queued before names were registered (module paths) still run.
        assert jobs.resolve("mailer.deliver") is mailer.deliver
        assert jobs.resolve("jobs.reminders.daily") is reminders.daily
        agency = db.session.scalar(select(Agency).limit(1))
        agency.contact_email = "changed@example.org"  # not committed
        with pytest.raises(RuntimeError, match="commit before enqueueing"):
            jobs.enqueue(mailer.deliver, 1)
        db.session.rollback()


def test_the_job_modules_of_a_worker_cover_every_registered_job(app):
    assert set(jobs.registry(app).jobs) >= {"mail.deliver", "reminders.daily", "reminders.run",
                                              "forms.chase_request", KIND}
