"""The portal's fixed forms: what a POST carries besides an agency form's questions (those are
built from the question set by ``agency_forms.fields.answers_form``). They parse, coerce and
limit input; the views decide what it may change."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from request_limits import MAX_ID

FEEDBACK_MAX = 10_000


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class SaveButtonsForm(FlaskForm):
    """Posted with the answers form of a request: the button pressed, the file chosen and
    the attachment whose "Remove" was pressed (the answers form checks the CSRF token)."""

    class Meta:
        csrf = False

    action = SelectField(choices=[("save", "Save draft"), ("check", "Save and check"),
                                  ("submit", "Submit")], validators=[Optional()])
    file = FileField("Attach a document")
    remove_attachment = IntegerField(validators=[Optional(), NumberRange(1, MAX_ID)])

    @property
    def checking(self):
        return self.action.data in ("check", "submit") and not self.action.errors


class SubmitForm(FlaskForm):
    """Submit after checking the answers: the revision the person checked."""
    revision = IntegerField(validators=[InputRequired(), NumberRange(0, MAX_ID)])


class FeedbackForm(FlaskForm):
    """A point of factual accuracy on a section of the draft report, or one paragraph of it."""
    section_id = IntegerField(validators=[InputRequired(), NumberRange(1, MAX_ID)])
    paragraph = IntegerField("Paragraph (optional)", validators=[Optional()])
    body = TextAreaField("What is inaccurate, and what should it say?", filters=[_stripped],
                         validators=[DataRequired("Enter what is inaccurate and what it "
                                                  "should say."),
                                     Length(max=FEEDBACK_MAX, message=(
                                         f"Keep it to {FEEDBACK_MAX:,} characters or fewer."))])
