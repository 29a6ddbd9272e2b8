"""The web forms: built from each answer model's questions, so the screen, the stored columns
and the frozen versions never disagree."""
from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, HiddenField, IntegerField, RadioField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from agency_forms.answers import DECLARATION, DECLARATION_TEXT, answer_model
from dates import GovDateField
from models import DISTRIBUTABLE_TYPES, FormType

TEXTAREA_MAX = 20000
NOTIFIED_LABEL = "Date the CSP was told of the death"
RADIOS_UP_TO = 6  # yes/no and other short choices are radios (GOV.UK), longer lists selects


def _choices(enum_class, blank=True):
    items = [SelectChoice(m.name, m.label) for m in enum_class]
    return ([SelectChoice("", "Choose…")] if blank else []) + items


def question_field(model, question, radios=False):
    """One WTForms field for a question; nothing is required for a draft, but the label says
    what submission will need. ``radios``: short choices as radios (the portal's templates
    render them; the admin's still show a select)."""
    label = f"{question.label} *" if question.required else question.label
    kwargs = {"description": question.hint}
    if question.kind == "date":
        return GovDateField(label, [Optional()], **kwargs)
    if question.kind == "int":
        return IntegerField(label, [Optional(), NumberRange(0, 130)], **kwargs)
    if question.kind == "choice" and radios and len(question.choices) <= RADIOS_UP_TO:
        return RadioField(label, [Optional()], choices=_choices(question.choices, blank=False),
                          **kwargs)
    if question.kind == "choice":
        return SelectField(label, [Optional()], choices=_choices(question.choices),
                           **kwargs)
    if question.kind == "text":
        length = model.__table__.c[question.key].type.length
        return StringField(label, [Optional(), Length(max=length)], **kwargs)
    return TextAreaField(label, [Optional(), Length(max=TEXTAREA_MAX)], **kwargs)


def posted_answers(form, questions):
    """The submitted answers keyed by question, select boxes turned back into enum members."""
    values = {}
    for question in questions:
        value = form[question.key].data
        if question.kind == "choice":
            value = question.choices[value] if value else None
        values[question.key] = value
    return values


def term_key(term_id):
    """The field of the analysis against one term of reference."""
    return f"term_{term_id}"


def answers_form(form_type, terms, **kwargs):
    """The portal form for one request: its questions, one analysis per term of reference
    (IMR), the declaration, and the revision the page was built from."""
    model = answer_model(form_type)
    fields = {q.key: question_field(model, q, radios=True) for q in model.QUESTIONS}
    for term in terms:
        fields[term_key(term.id)] = TextAreaField(f"{term.position}. {term.text} *",
                                               [Optional(), Length(max=TEXTAREA_MAX)])
    if form_type is not FormType.initial_notification:
        for question in DECLARATION:
            fields[question.key] = StringField(f"{question.label} *",
                                               [Optional(), Length(max=160)])
        fields["declaration_confirmed"] = BooleanField(f"{DECLARATION_TEXT} *")
    fields["revision"] = HiddenField()
    return type(f"{model.__name__}Form", (FlaskForm,), fields)(**kwargs)


def notification_form(agencies=None, radios=False, **kwargs):
    """The initial notification; CSP staff also say which agency notified them. The day the
    CSP was told starts the decision clock: asked for, today unless said otherwise."""
    model = answer_model(FormType.initial_notification)
    fields = {}
    for question in model.QUESTIONS:
        fields[question.key] = question_field(model, question, radios)
        if question.key == "date_of_death":
            fields["notified_on"] = GovDateField(
                f"{NOTIFIED_LABEL} *", [DataRequired()], default=date.today,
                description="Today, unless the CSP was told earlier (for example by telephone).")
    if agencies is not None:
        fields["agency"] = SelectField("Notifying agency", [DataRequired()], choices=[
            SelectChoice(str(a.id), a.name) for a in agencies])
    return type("NotifyForm", (FlaskForm,), fields)(**kwargs)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DistributeForm(FlaskForm):
    agencies = MultiCheckboxField("Agencies", [DataRequired("Choose at least one agency.")],
                                  coerce=int)
    form_type = RadioField("Form", [DataRequired()], default=FormType.involvement.name,
                           choices=[SelectChoice(t.name, t.label) for t in DISTRIBUTABLE_TYPES])
    due_on = GovDateField("Due date", [Optional()], description="Leave empty for the default: "
                       "3 weeks for an involvement return, 8 weeks for an IMR.")
    briefing = TextAreaField("What the agencies are told about the case", [
        Optional(), Length(max=TEXTAREA_MAX)], description="Shown with the request in the portal "
        "(never in the e-mail): for example the subjects' pseudonyms, dates of birth to search "
        "records with, and the scoping period.")
    send = BooleanField("Send now (unticked: keep as drafts to send later)", default=True)


class DecisionForm(FlaskForm):
    decision = RadioField("Decision", [DataRequired()], choices=[
        SelectChoice("accept", "Accept"), SelectChoice("return", "Return for changes")])
    comment = TextAreaField("Comments to the agency", [Optional(), Length(max=TEXTAREA_MAX)])
    due_on = GovDateField("New due date (when returning)", [Optional()])

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if self.decision.data == "return" and not (self.comment.data or "").strip():
            self.comment.errors.append("Say what must change when returning a form.")
            return False
        return True


class UploadForm(FlaskForm):
    file = FileField("Attach a document", [FileRequired()])
