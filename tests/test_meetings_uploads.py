"""Papers uploaded through the file store: a renamed executable and an oversize file are
refused with a clear message (nothing kept), a path-traversal name is stored as a plain name
under a random key, and an agency sends its own paper from the portal."""
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from meetings_helpers import meeting_id
from models import Document, MeetingKind, db
from trust_forms import form_data
from world import GATHERING, MANAGER, POLICE

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def app_config():
    return {"DOCUMENT_MAX_BYTES": 4096}


def upload(client, url, page_url, content, name, form_id="paper-form", **changes):
    page = client.get(page_url)
    data = form_data(page.text, changes, form_id=form_id)
    data["file"] = (io.BytesIO(content), name)
    return client.post(url, data=data, content_type="multipart/form-data")


def documents(app):
    with app.app_context():
        return db.session.scalars(select(Document).order_by(Document.id)).all()


def test_papers_are_checked_and_named_safely(app, client, auth):
    meeting = meeting_id(app, GATHERING, MeetingKind.panel, upcoming=True)
    page, url = f"/admin/meetings/{meeting}/", f"/admin/meetings/{meeting}/papers"
    before = len(documents(app))
    auth.login(MANAGER)
    renamed = upload(client, url, page, EXE, "minutes.pdf")
    assert renamed.status_code == 400
    assert "The paper was not added. Only PDF, Word, Excel" in renamed.text
    named = upload(client, url, page, PDF, "minutes.pdf.exe")
    assert named.status_code == 400 and "Files ending in .exe cannot be attached" in named.text
    oversize = upload(client, url, page, PDF + b" " * 5000, "big.pdf")
    assert oversize.status_code == 400 and "The file is larger than" in oversize.text
    assert len(documents(app)) == before
    stored = upload(client, url, page, PDF, "../../../etc/passwd.pdf", visibility="panel")
    assert stored.status_code == 302
    document = documents(app)[-1]
    assert document.original_name == "passwd.pdf" and document.content_type == "application/pdf"
    assert document.storage_key not in document.original_name and len(document.sha256) == 64
    files = list(Path(app.config["UPLOAD_FOLDER"]).rglob(document.storage_key))
    assert len(files) == 1 and files[0].read_bytes() == PDF
    download = client.get(f"/documents/{document.id}/download")
    assert download.status_code == 200 and download.data == PDF
    assert 'filename=passwd.pdf' in download.headers["Content-Disposition"]
    assert download.headers["Content-Disposition"].startswith("attachment")

    auth.logout()
    auth.login(POLICE)
    portal = f"/portal/meetings/{meeting}"
    refused = upload(client, f"{portal}/papers", portal, EXE, "police paper.docx")
    assert refused.status_code == 400 and "The paper was not added" in refused.text
    sent = upload(client, f"{portal}/papers", portal, PDF, "police paper.pdf")
    assert sent.status_code == 302
    with app.app_context():
        paper = db.session.scalars(select(Document).order_by(Document.id.desc())).first()
        assert paper.agency.name == "Northshire Police" and paper.visibility.name == "agency"
    assert "police paper.pdf" in client.get(portal).text


def test_a_document_of_the_review_itself(app, client, auth):
    from meetings_helpers import review_id
    rid = review_id(app, GATHERING)
    auth.login(MANAGER)
    page = client.get(f"/admin/review/{rid}/")
    data = form_data(page.text, {"review-document-visibility": "panel"},
                     form_id="review-document-form")
    data["review-document-file"] = (io.BytesIO(PDF), "terms of reference.pdf")
    added = client.post(f"/admin/meetings/review/{rid}/documents", data=data,
                        content_type="multipart/form-data")
    assert added.status_code == 302
    page = client.get(f"/admin/review/{rid}/")
    assert "terms of reference.pdf" in page.text and "The panel only" in page.text
    auth.logout()
    auth.login(POLICE)
    with app.app_context():
        document = db.session.scalar(select(Document.id).where(
            Document.original_name == "terms of reference.pdf"))
    assert client.get(f"/documents/{document}/download").status_code == 404
