"""Outgoing e-mail: every message is an OutboxMessage first, then a job delivers it by SMTP
when MAIL_SERVER is set; without it the message stays in the outbox for admins to read.
Attachments (``Attachment(name, content_type, data)``, e.g. an .ics invitation) are kept in the
file store and sent with the message."""
import re
import smtplib
from collections import namedtuple
from email.message import EmailMessage

from flask import current_app
from jinja2 import StrictUndefined
from sqlalchemy import select

import filestore
from dates import day
import jobs
from models import OutboxAttachment, OutboxMessage, OutboxStatus, Role, User, db
from models.mixins import utcnow

AREA = "mail"
Attachment = namedtuple("Attachment", "name content_type data")


def send(recipient, subject, body, html=None, attachments=()):
    """Add the message (and its ``attachments``, Attachment tuples) to the caller's
    transaction; delivery is queued when the caller commits. Returns the row (flushed)."""
    message = OutboxMessage(recipient=recipient, subject=subject, body=body, html=html,
                            status=_initial_status())
    for attachment in attachments:
        stored = filestore.put_produced(AREA, attachment.data, attachment.name,
                                        attachment.content_type)
        message.attachments.append(OutboxAttachment(
            file_key=stored.key, name=stored.name, content_type=stored.content_type,
            size=stored.size))
    db.session.add(message)
    db.session.flush()
    if message.status is OutboxStatus.queued:
        jobs.enqueue_after_commit(deliver, message.id)
    return message


def render(name, **context):
    """The subject and body of the e-mail ``templates/email/<name>.txt`` (blocks ``subject``
    and ``body``). Templates get ``link`` (the only way to put a link in a mail: PUBLIC_URL,
    never a request's host) and ``day`` (dates as "1 Dec 2026"); a missing value is an error,
    not a blank. E-mails name references and tasks only, never a person in the review."""
    environment = _mail_environment()
    template = environment.get_template(f"email/{name}.txt")
    values = template.new_context({"link": link, "day": day, **context})
    subject = "".join(template.blocks["subject"](values)).strip()
    body = "".join(template.blocks["body"](values)).strip() + "\n"
    return subject, body


def send_template(recipients, name, **context):
    """Render the e-mail ``name`` once and send it to each address. Returns the addresses."""
    subject, body = render(name, **context)
    for recipient in recipients:
        send(recipient, subject, body)
    return recipients


def _mail_environment():
    """The app's template loader, with plain-text output and undefined values refused."""
    extensions = current_app.extensions
    if "dhr_mail_env" not in extensions:
        extensions["dhr_mail_env"] = current_app.jinja_env.overlay(
            undefined=StrictUndefined, autoescape=False)
    return extensions["dhr_mail_env"]


def link(path):
    """An absolute link into the system for an e-mail (PUBLIC_URL, then ``path``)."""
    return current_app.config["SERVER_NAME_FOR_LINKS"].rstrip("/") + path


# Links that sign someone in or set their password (Flask-Security's token URLs), and a
# meeting invitee's own answer link.
SECRET_LINK = re.compile(
    r"(/(?:reset|confirm|login|us-verify-link|verify-link|meeting-answer)/)[^\s\"'<>]+")
MASK = "[link hidden]"


def masked(text):
    """``text`` with the token of every password-reset or invitation link hidden, for people
    who may read the outbox but must not be able to use someone else's link."""
    return SECRET_LINK.sub(lambda match: match.group(1) + MASK, text) if text else text


def active_addresses(role, agency=None):
    """The addresses of active users holding ``role`` (a RoleName), of ``agency`` if given:
    lower-cased, each once, sorted."""
    query = select(User.email).where(User.active.is_(True), User.roles.any(Role.name == role.name))
    if agency is not None:
        query = query.where(User.agency_id == agency.id)
    return sorted({email.strip().lower() for email in db.session.scalars(query)})


def retry(message):
    """Queue ``message`` again when the caller commits."""
    message.status = _initial_status()
    message.error = None
    if message.status is OutboxStatus.queued:
        jobs.enqueue_after_commit(deliver, message.id)


def _initial_status():
    return OutboxStatus.queued if current_app.config.get("MAIL_SERVER") else OutboxStatus.held


def _delivery_failed(error, message_id):
    """The job runner's record of a failed delivery (after its rollback)."""
    message = db.session.get(OutboxMessage, message_id)
    if message is not None and isinstance(error, (OSError, smtplib.SMTPException)):
        message.attempts += 1
        message.status = OutboxStatus.failed
        message.error = f"{type(error).__name__}: {error}"[:2000]


@jobs.job("mail.deliver", aliases=("mailer.deliver",), on_failure=_delivery_failed)
def deliver(message_id):
    """Job: send one outbox message by SMTP and record the outcome. Sending twice is avoided:
    a message already sent is left alone, so a retried job is harmless."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status is OutboxStatus.sent:
        return
    message.attempts += 1
    _smtp_send(message)
    message.status = OutboxStatus.sent
    message.sent_at = utcnow()
    message.error = None


def _smtp_send(message):
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    for attachment in message.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        email.add_attachment(filestore.read(AREA, attachment.file_key), maintype=maintype,
                             subtype=subtype, filename=attachment.name)
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
