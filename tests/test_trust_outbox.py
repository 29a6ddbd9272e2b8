"""Finding 5 (issue 8): the outbox never shows a usable password-reset or invitation link to
the admins who read it; "Send again" still delivers the real link."""
import re

import pytest
from sqlalchemy import select

import access
from conftest import csrf_token
from models import OutboxMessage, OutboxStatus, db
from trust_forms import form_data
from world import ADMIN, CHAIR_A

RESET_PATH = re.compile(r"/reset/([^\s\"'<>]+)")


@pytest.fixture
def app_config(request):
    return getattr(request, "param", {})


def reset_mail(app, client, email=CHAIR_A):
    page = client.get("/reset")
    client.post("/reset", data=form_data(page.text, {"email": email}))
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == email))
        return message.id, RESET_PATH.search(message.body).group(1)


def test_outbox_hides_the_reset_token_in_list_details_and_export(app, auth, client, monkeypatch):
    message_id, token = reset_mail(app, client)
    auth.login(ADMIN)
    listing = client.get("/admin/outbox/")
    details = client.get(f"/admin/outbox/details/?id={message_id}")
    assert listing.status_code == 200 and details.status_code == 200
    assert "/reset/[link hidden]" in details.text
    for page in (listing, details):
        assert token not in page.text
    export = client.get("/admin/outbox/export/csv/")
    assert export.status_code in (302, 403)  # outbox export is not an admin permission
    # Were it granted one day, the export would hide the link too.
    rule = access.RULES["outbox_message"]
    monkeypatch.setitem(access.RULES, "outbox_message", {
        role: {*actions, access.EXPORT} for role, actions in rule.items()})
    export = client.get("/admin/outbox/export/csv/")
    assert export.status_code == 200 and CHAIR_A in export.text  # the message is there
    assert token not in export.text
    # The token still works for its owner: the hidden link is only hidden.
    assert client.get(f"/reset/{token}").status_code == 200


@pytest.mark.parametrize("app_config", [{"MAIL_SERVER": "127.0.0.1"}], indirect=True)
def test_send_again_delivers_the_real_link(app, auth, client, smtp_sink):
    from conftest import free_port
    app.config["MAIL_PORT"] = free_port()  # the first delivery fails
    message_id, token = reset_mail(app, client)
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.failed
    app.config["MAIL_PORT"] = smtp_sink.port
    auth.login(ADMIN)
    page = client.get("/admin/outbox/")
    assert token not in page.text
    client.post("/admin/outbox/action/", data={"action": "retry", "rowid": str(message_id),
                                               "csrf_token": csrf_token(page.text)})
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.sent
    delivered = [part.get_payload(decode=True).decode() for m in smtp_sink.messages
                 for part in m.walk()
                 if part.get_content_maintype() == "text"]
    assert any(f"/reset/{token}" in text for text in delivered)
