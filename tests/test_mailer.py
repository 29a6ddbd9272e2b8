"""Outgoing mail: always an outbox row; held without a mail server, delivered by SMTP with one."""
import re

import pytest
from sqlalchemy import select

import mailer
from conftest import free_port, csrf_token
from models import OutboxMessage, OutboxStatus, db
from world import ADMIN, CHAIR_A, MANAGER


def test_without_a_mail_server_mail_waits_in_the_outbox_for_admins(app, auth, client):
    with app.app_context():
        message = mailer.send("someone@example.org", "Form due", "Your form is due.")
        db.session.commit()  # the caller owns the transaction
        assert message.status is OutboxStatus.held
    auth.login(ADMIN)
    outbox = client.get("/admin/outbox/")
    assert outbox.status_code == 200 and "Form due" in outbox.text
    auth.logout()
    auth.login(MANAGER)
    assert client.get("/admin/outbox/").status_code == 403


def test_password_reset_goes_through_the_outbox_without_enumeration(app, client):
    page = client.get("/reset")
    known = client.post("/reset", data={"email": CHAIR_A,
                                        "csrf_token": csrf_token(page.text)})
    unknown = client.post("/reset", data={"email": "nobody@example.org",
                                          "csrf_token": csrf_token(page.text)})
    def strip(html):  # the CSRF token and the echoed address differ, nothing else may
        return re.sub(r'value="[^"]*"|[\w.]+@example\.org', "", html)
    assert strip(known.text) == strip(unknown.text)
    with app.app_context():
        sent = db.session.scalars(select(OutboxMessage)).all()
    assert [m.recipient for m in sent] == [CHAIR_A]
    assert "/reset/" in sent[0].body


@pytest.fixture
def app_config(request):
    return getattr(request, "param", {})


@pytest.mark.parametrize("app_config", [{"MAIL_SERVER": "127.0.0.1"}], indirect=True)
def test_in_process_delivery_by_smtp(app, smtp_sink):
    app.config["MAIL_PORT"] = smtp_sink.port
    with app.app_context():
        message = mailer.send("panel@example.org", "Meeting papers", "Papers are ready.")
        db.session.commit()  # the caller owns the transaction
        assert message.status is OutboxStatus.sent and message.attempts == 1
    assert [m["Subject"] for m in smtp_sink.messages] == ["Meeting papers"]
    assert smtp_sink.messages[0]["To"] == "panel@example.org"


@pytest.mark.parametrize("app_config", [{"MAIL_SERVER": "127.0.0.1"}], indirect=True)
def test_failed_delivery_is_recorded_and_can_be_retried(app, auth, client, smtp_sink):
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    with app.app_context():
        message = mailer.send("panel@example.org", "Agenda", "Agenda attached.")
        db.session.commit()  # the caller owns the transaction
        message_id = message.id
        assert message.status is OutboxStatus.failed and "Connection" in message.error
    app.config["MAIL_PORT"] = smtp_sink.port
    auth.login(ADMIN)
    page = client.get("/admin/outbox/")
    client.post("/admin/outbox/action/", data={"action": "retry", "rowid": str(message_id),
                                               "csrf_token": csrf_token(page.text)})
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.sent
    assert [m["Subject"] for m in smtp_sink.messages] == ["Agenda"]
