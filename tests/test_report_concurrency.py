"""Concurrent saves against a running server: gunicorn with two worker processes on
PostgreSQL, 20 clients each inserting their own sentence into the same section from the same
base revision. Every sentence ends up in the text exactly once, or was returned to its writer
as a conflict; none is silently lost."""
import re
import threading

import pytest
import requests
from sqlalchemy import select

from bench.load import USER_AGENT, TotpCodes, sign_in
from models import ReportSection, Review, SectionRevision, db
from report import merging, structure
from report_server import Served
from world import CHAIR_A, GATHERING, PANEL_A

CLIENTS = 20
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _section_with_paragraphs(app, count=6):
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == GATHERING))
        section = structure.add_section(review.id, structure.ReportDocument.overview,
                                        "Concurrency", body="\n\n".join(
                                            f"Paragraph {n} of the base text." for n in
                                            range(1, count + 1)))
        db.session.commit()
        return section.id, section.version, section.body


def _client(base_url, cookie, section_id):
    session = requests.Session()
    # A fresh connection per request: gunicorn closes idle keep-alive connections after two
    # seconds, and a POST sent on one it just closed fails (requests never retries a POST).
    session.headers.update({"User-Agent": USER_AGENT, "Cookie": cookie, "Connection": "close"})
    page = session.get(f"{base_url}/admin/report/section/{section_id}/", timeout=30)
    assert page.status_code == 200, page.text[:300]
    return session, CSRF.search(page.text).group(1)


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_twenty_clients_insert_from_one_base_and_nothing_is_lost(app, accounts, instance_dir,
                                                                  database, tmp_path):
    section_id, base_version, base_body = _section_with_paragraphs(app)
    base = merging.paragraphs(base_body)
    codes = TotpCodes()
    with open(tmp_path / "gunicorn.log", "wb") as log, \
            Served(database[0], instance_dir, workers=2, log=log) as server:
        cookies = [sign_in(server.base_url, accounts[email], codes) for email in (CHAIR_A,
                                                                                  PANEL_A)]
        clients = [_client(server.base_url, cookies[i % 2], section_id) for i in range(CLIENTS)]
        sentences = [f"Sentence number {i} written by client {i}." for i in range(CLIENTS)]
        replies = [None] * CLIENTS
        start = threading.Barrier(CLIENTS)

        def write(i):
            session, token = clients[i]
            blocks = list(base)
            blocks.insert(i % (len(base) + 1), sentences[i])
            start.wait()
            replies[i] = session.post(
                f"{server.base_url}/admin/report/section/{section_id}/save/",
                data={"csrf_token": token, "base_version": base_version,
                      "body": "\n\n".join(blocks)}, timeout=60)

        threads = [threading.Thread(target=write, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for session, _ in clients:
            session.close()
    assert all(r is not None and r.status_code == 200 for r in replies), \
        [(r.status_code, r.text[:200]) for r in replies if r is not None and r.status_code != 200]
    statuses = [r.json()["status"] for r in replies]
    with app.app_context():
        final = db.session.get(ReportSection, section_id)
        revisions = db.session.scalars(select(SectionRevision.number).where(
            SectionRevision.section_id == section_id)).all()
        text = final.body
    lost = []
    for i, sentence in enumerate(sentences):
        present = text.count(sentence)
        returned = statuses[i] == "conflict" and any(
            sentence in c["mine"] for c in replies[i].json()["conflicts"])
        if not (present == 1 or (present == 0 and returned)):
            lost.append((i, statuses[i], present))
    assert not lost, f"sentences lost or doubled: {lost}"
    for paragraph in base:
        assert text.count(paragraph) == 1
    saved = statuses.count("saved")
    assert saved >= 1 and sorted(revisions) == list(range(1, base_version + saved + 1))
    assert final.version == base_version + saved
