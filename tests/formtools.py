"""Helpers for the form tests: find demo requests, post portal forms and attachments as a
browser would, and take a picture of a request's state to prove that a refused request changed
nothing."""
import io
import re

from sqlalchemy import func, select

from conftest import csrf_token
from models import (Agency, FormAttachment, FormReminder, FormRequest, FormType, FormVersion,
                    IMRAnalysis, OutboxMessage, Review, db)

POLICE, HEALTH, HOUSING = "Northshire Police", "Northshire NHS Foundation Trust", "Northshire Homes"


def request_id(app, reference, agency, form_type):
    with app.app_context():
        return db.session.scalar(select(FormRequest.id).join(FormRequest.review).join(
            FormRequest.agency).where(Review.reference == reference, Agency.name == agency,
                                      FormRequest.form_type == FormType[form_type]))


def agency_id(app, name):
    with app.app_context():
        return db.session.scalar(select(Agency.id).where(Agency.name == name))


def revision_of(html):
    return re.search(r'name="revision"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="revision"',
                     html).group(1) or None


def form_fields(html):
    """Every named text/textarea/select field of the portal form, with its current value."""
    names = set(re.findall(r'<(?:input|textarea|select)[^>]*name="([a-z_0-9]+)"', html))
    return names - {"csrf_token", "revision", "action"}


def post_answers(client, rid, answers, action="save"):
    page = client.get(f"/portal/requests/{rid}")
    data = {"csrf_token": csrf_token(page.text), "revision": revision_of(page.text),
            "action": action, **answers}
    return client.post(f"/portal/requests/{rid}", data=data)


def complete_answers(html, text="Answer"):
    """Answers for every field of the page, as a complete submission would have them."""
    answers = {}
    for name in form_fields(html):
        if name in ("had_contact", "imr_recommended"):
            answers[name] = "yes"
        elif name in ("contact_from", "contact_to"):
            answers[name] = "2025-01-31"
        elif name == "declaration_confirmed":
            answers[name] = "y"
        else:
            answers[name] = f"{text} for {name}"
    return answers


def state(app, rid):
    """Everything a refused request must leave untouched."""
    with app.app_context():
        request = db.session.get(FormRequest, rid)
        count = lambda model: db.session.scalar(  # noqa: E731
            select(func.count()).select_from(model).where(model.request_id == rid))
        return {"status": request.status, "revision": request.revision,
                "updated_at": request.updated_at, "versions": count(FormVersion),
                "attachments": count(FormAttachment), "analyses": count(IMRAnalysis),
                "reminders": count(FormReminder),
                "analysis_text": sorted(a.answer or "" for a in db.session.scalars(
                    select(IMRAnalysis).where(IMRAnalysis.request_id == rid)))}


def outbox(app, since_id=0):
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).where(OutboxMessage.id > since_id)
                                  .order_by(OutboxMessage.id)).all()


def last_outbox_id(app):
    with app.app_context():
        return db.session.scalar(select(func.max(OutboxMessage.id))) or 0


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def attach(client, rid, content=PDF, name="notes.pdf"):
    page = client.get(f"/portal/requests/{rid}")
    return client.post(f"/portal/requests/{rid}/attachments", data={
        "csrf_token": csrf_token(page.text), "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data")


def attachment_ids(app, rid):
    with app.app_context():
        return db.session.scalars(select(FormAttachment.id).where(
            FormAttachment.request_id == rid)).all()
