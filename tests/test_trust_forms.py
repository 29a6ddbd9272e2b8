"""Finding 9 (issue 8), forms parts: a chair never reads an agency's draft declaration or
sign-off names (drafts are the agency's until submitted); parallel submits of one form freeze
exactly one version, on SQLite and PostgreSQL."""
import threading

import pytest
from sqlalchemy import func, select

from formtools import POLICE, complete_answers, post_answers, request_id
from models import FormRequest, FormStatus, FormVersion, db
from trust_forms import form_data
import world
from world import CHAIR_A, GATHERING

pytestmark = pytest.mark.both_backends  # saves at once (threads)

POLICE_USER = world.POLICE
CHAIR = CHAIR_A  # chair on DHR-2026-001
DRAFT_NAME, SIGNOFF = "Draftina Declarer", "Senior Draftsman"


def test_chair_does_not_read_the_draft_declaration(app, auth, client):
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(POLICE_USER)
    page = client.get(f"/portal/requests/{rid}")
    draft = post_answers(client, rid, {"declaration_name": DRAFT_NAME,
                                       "senior_signoff_name": SIGNOFF})
    assert draft.status_code == 302
    auth.logout()

    auth.login(CHAIR)
    details = client.get(f"/admin/formrequest/details/?id={rid}")
    assert details.status_code == 200
    assert DRAFT_NAME not in details.text and SIGNOFF not in details.text
    assert "Not submitted yet" in details.text
    auth.logout()

    auth.login(POLICE_USER)
    page = client.get(f"/portal/requests/{rid}")
    answers = {**complete_answers(page.text), "declaration_name": DRAFT_NAME,
               "senior_signoff_name": SIGNOFF}
    assert post_answers(client, rid, answers, "submit").status_code == 302
    auth.logout()
    auth.login(CHAIR)
    details = client.get(f"/admin/formrequest/details/?id={rid}")
    assert DRAFT_NAME in details.text and SIGNOFF in details.text  # submitted: the chair's


def test_parallel_submits_freeze_one_version(app, auth, client):
    """Six tabs of one signed-in browser, each on the check-your-answers page, press Submit
    at once: one submission reaches the receipt, the others are refused or sent back."""
    rid = request_id(app, GATHERING, POLICE, "imr")
    auth.login(POLICE_USER)
    page = client.get(f"/portal/requests/{rid}")
    assert post_answers(client, rid, complete_answers(page.text)).status_code == 302
    cookie = client.get_cookie("session").value
    clients, forms = [], []
    for _ in range(6):
        tab = app.test_client()
        tab.set_cookie("session", cookie)
        check = tab.get(f"/portal/requests/{rid}/check")
        assert 'id="submit-answers"' in check.text
        clients.append(tab)
        forms.append(form_data(check.text, form_id="submit-answers"))
    barrier, answers = threading.Barrier(6), [None] * 6

    def submit(n):
        barrier.wait()
        response = clients[n].post(f"/portal/requests/{rid}/submit", data=forms[n])
        answers[n] = (response.status_code, response.headers.get("Location", ""))

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with app.app_context():
        versions = db.session.scalar(select(func.count(FormVersion.id)).where(
            FormVersion.request_id == rid))
        status = db.session.get(FormRequest, rid).status
    assert versions == 1, answers
    assert status is FormStatus.submitted
    receipts = [a for a in answers if a[1].endswith(f"/portal/requests/{rid}/receipt")]
    assert len(receipts) == 1, answers
    assert all(code in (302, 409) for code, _ in answers), answers
