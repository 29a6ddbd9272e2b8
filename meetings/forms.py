"""The forms of the meeting pages. They parse and check input; ``meetings.schedule`` and
``meetings.minutes`` decide what may change."""
from flask_wtf import FlaskForm
from wtforms import FileField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from agency_forms.fields import MultiCheckboxField
from dates import GovDateField, GovDateTimeField
from models import MeetingKind, Visibility


class MeetingForm(FlaskForm):
    kind = SelectField("Kind of meeting", choices=MeetingKind.choices(),
                       validators=[DataRequired()])
    starts_at = GovDateTimeField("Starts", validators=[DataRequired()])
    ends_at = GovDateTimeField("Ends", validators=[DataRequired()])
    place = StringField("Place (optional)", validators=[Optional(), Length(max=300)])
    online_link = StringField("Online meeting link (optional)",
                              validators=[Optional(), URL(require_tld=False), Length(max=500)])
    agenda = TextAreaField("Agenda (optional)", validators=[Optional(), Length(max=20000)])
    papers_due_on = GovDateField("Papers due by (optional)", validators=[Optional()])

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError("The meeting must end after it starts")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not (self.place.data or "").strip() and not (self.online_link.data or "").strip():
            self.place.errors = [*self.place.errors, "Enter a place or an online meeting link"]
            return False
        return valid

    def values(self):
        return {"kind": MeetingKind[self.kind.data], "starts_at": self.starts_at.data,
                "ends_at": self.ends_at.data, "place": (self.place.data or "").strip() or None,
                "online_link": (self.online_link.data or "").strip() or None,
                "agenda": self.agenda.data or None, "papers_due_on": self.papers_due_on.data}


class InviteForm(FlaskForm):
    people = MultiCheckboxField("Who to invite", choices=[],
                                validators=[DataRequired("Choose at least one person to invite")])


class PaperForm(FlaskForm):
    file = FileField("Paper", validators=[DataRequired("Choose a file to upload")])
    title = StringField("Title (optional)", validators=[Optional(), Length(max=200)])
    visibility = SelectField("Who may see it", choices=Visibility.choices(),
                             validators=[DataRequired()])
    agency = SelectField("Agency (when shared with one agency)", choices=[],
                         validators=[Optional()])


class MinutesForm(FlaskForm):
    text = TextAreaField("Minutes", validators=[DataRequired("Enter the minutes"),
                                                Length(max=100000)])


class AnswerForm(FlaskForm):
    """An invitee's answer: the button pressed, "I will attend" or "I cannot attend"."""
    response = RadioField(choices=[("accepted", "I will attend"),
                                   ("declined", "I cannot attend")])

    @property
    def attending(self):
        return self.response.data == "accepted"
