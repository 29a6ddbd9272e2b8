"""The one file store: names a person sees, names that run, types from content, keys, and the
local backend's put/open/delete/exists."""
import hashlib
import io

import pytest

import filestore


@pytest.mark.parametrize("given,shown", [
    ("report\u202efdp.exe", "reportfdp.exe"),
    ("C:\\Users\\x\\Desktop\\IMR final.docx", "IMR final.docx"),
    ("../../etc/passwd", "passwd"),
    ("evil.exe. . ", "evil.exe"),
    ("zero\u200bwidth\u2066.pdf", "zerowidth.pdf"),
    ("tab\tand\nnewline.txt", "tabandnewline.txt"),
])
def test_clean_name_drops_folders_controls_and_bidirectional_characters(given, shown):
    assert filestore.clean_name(given) == shown


@pytest.mark.parametrize("name", ["invoice.hta", "minutes.pdf.bat", "report\u202efdp.exe",
                                  "setup.EXE.pdf", "x.vbs", "run.ps1", "a.scr", "b.msi",
                                  "c.jar", "d.lnk", "e.sh", "f.py", "g.cmd", "h.com", "i.js",
                                  "evil.exe."])
def test_executable_names_are_refused_in_any_part(name):
    with pytest.raises(filestore.Refused, match="cannot be attached"):
        filestore.check_name(name)


@pytest.mark.parametrize("name", ["IMR v2.1 final.docx", "J.S. chronology.xlsx", "scan.JPEG",
                                  "notes.txt", "Exec summary.pdf"])
def test_ordinary_names_pass(name):
    assert filestore.check_name(name) == name


@pytest.mark.parametrize("name,content_type,download", [
    ("notes", "text/plain", "notes.txt"),
    ("page.html", "text/plain", "page.html.txt"),
    ("report.pdf", "text/plain", "report.pdf.txt"),
    ("scan.JPEG", "image/jpeg", "scan.JPEG"),
    ("tracker.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "tracker.xlsx"),
    ("invite", "text/calendar", "invite.ics"),
])
def test_the_downloaded_name_ends_in_the_extension_of_the_type(name, content_type, download):
    assert filestore.name_for_type(name, content_type) == download


def test_local_store_keeps_files_by_random_key_with_their_digest(app):
    data = b"%PDF-1.4\n%%EOF\n"
    with app.app_context():
        stored = filestore.accept_upload("forms", io.BytesIO(data), "a.pdf", 1024)
        other = filestore.accept_upload("forms", io.BytesIO(data), "a.pdf", 1024)
        assert stored.key != other.key and len(stored.key) == 32
        assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
        assert stored.content_type == "application/pdf"
        assert filestore.exists("forms", stored.key) and filestore.read("forms", stored.key) == data
        assert not filestore.exists("jobs", stored.key)  # areas are apart
        filestore.delete("forms", stored.key)
        assert not filestore.exists("forms", stored.key)
        with pytest.raises(KeyError):
            filestore.read("forms", "../../secret_key")


def test_refused_uploads_leave_nothing_behind(app, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("store")
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    app.extensions.pop("dhr_filestore", None)
    with app.app_context():
        with pytest.raises(filestore.Refused, match="larger than"):
            filestore.accept_upload("forms", io.BytesIO(b"x" * 3000), "big.txt", 2048)
        with pytest.raises(filestore.Refused, match="can be attached"):
            filestore.accept_upload("forms", io.BytesIO(b"MZ" + b"\0" * 100), "a.pdf", 2048)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_downloads_are_attachments_with_nosniff(app):
    with app.test_request_context():
        stored = filestore.put_produced("mail", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                                        "Panel meeting", "text/calendar")
        response = filestore.download("mail", stored.key, stored.name, stored.content_type)
        response.direct_passthrough = False
        assert response.headers["Content-Disposition"] == \
            'attachment; filename="Panel meeting.ics"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.get_data().startswith(b"BEGIN:VCALENDAR")
        response.close()
