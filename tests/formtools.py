"""Helpers for the form tests: find demo requests, post portal forms and attachments as a
browser would, and take a picture of a request's state to prove that a refused request changed
nothing."""
import io
import re
from html.parser import HTMLParser

from sqlalchemy import func, select

from models import (Agency, FormAttachment, FormReminder, FormRequest, FormType, FormVersion,
                    IMRAnalysis, OutboxMessage, Review, db)
from world import HEALTH_AGENCY, HOUSING_AGENCY, POLICE_AGENCY

POLICE, HEALTH, HOUSING = POLICE_AGENCY, HEALTH_AGENCY, HOUSING_AGENCY


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


class _FormValues(HTMLParser):
    """What a browser would post from one form: text inputs, hidden inputs, checked boxes and
    radios, textareas and selected options (never buttons or file inputs)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "name" not in a and tag != "option":
            return
        kind = a.get("type", "text")
        if tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in a:
                self.values[a["name"]] = a.get("value", "on")
        elif tag == "input" and kind not in ("submit", "button", "file"):
            self.values[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            self.values.setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data.removeprefix("\n") if not self.values[
                self._textarea] else data


def page_form(html, form_id="answers-form"):
    """The whole form as rendered, as a browser would post it back."""
    parser = _FormValues(form_id)
    parser.feed(html)
    return parser.values


def post_answers(client, rid, answers, action="save", files=None):
    """Post the whole rendered form with ``answers`` typed over it, as a browser would.
    ``action="submit"`` goes the way a person does: save, check your answers, submit."""
    page = client.get(f"/portal/requests/{rid}")
    data = {**page_form(page.text), **answers, **(files or {}),
            "action": "check" if action == "submit" else action}
    response = client.post(f"/portal/requests/{rid}", data=data,
                           content_type="multipart/form-data")
    if action != "submit" or response.status_code != 302:
        return response
    check = client.get(f"/portal/requests/{rid}/check")
    if 'id="submit-answers"' not in check.text:
        return response  # still incomplete: the check page lists what is missing
    return client.post(f"/portal/requests/{rid}/submit",
                       data=page_form(check.text, "submit-answers"))


def complete_answers(html, text="Answer"):
    """Answers for every field of the page, as a complete submission would have them."""
    answers = {}
    for name in form_fields(html):
        if name in ("had_contact", "imr_recommended", "victim_contact", "perpetrator_contact",
                    "children_contact", "suspect_deceased", "children_in_household", "marac",
                    "mappa"):
            answers[name] = "yes"
        elif name == "suspect_sex":
            answers[name] = "male"
        elif name == "suspect_age":
            answers[name] = "40"
        elif name in ("contact_from", "contact_to", "victim_date_of_birth"):
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


def attach(client, rid, content=PDF, name="notes.pdf", answers=None):
    """Choose a file in the form and press "Save draft" (answers are saved with it)."""
    return post_answers(client, rid, answers or {}, files={"file": (io.BytesIO(content), name)})


def remove_attachment(client, rid, attachment_id):
    """Press "Remove" beside an attached file (the form's answers are saved with it)."""
    return post_answers(client, rid, {}, action="save",
                        files={"remove_attachment": str(attachment_id)})


def attachment_ids(app, rid):
    with app.app_context():
        return db.session.scalars(select(FormAttachment.id).where(
            FormAttachment.request_id == rid)).all()
