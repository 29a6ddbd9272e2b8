"""The small forms of the review page's actions (each posted with its CSRF token). They only
parse and check input; ``lifecycle.actions`` decides whether the step is allowed."""
from flask_wtf import FlaskForm
from wtforms import (DateField, HiddenField, RadioField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from models import HoldReason, HomeOfficeOutcome, ReviewStatus

REASON = TextAreaField("Reason (optional)", validators=[Optional(), Length(max=2000)])


class StageForm(FlaskForm):
    target = HiddenField(validators=[DataRequired()])
    reason = REASON
    decision_on = DateField("Decision date", validators=[Optional()])

    def validate_target(self, field):
        if field.data not in ReviewStatus.__members__:
            raise ValidationError("Unknown stage.")


class DecisionStepForm(StageForm):
    """The decision asked as one question (commission a review or not), posted to the same
    step as StageForm."""
    step = HiddenField(default="decision")
    target = RadioField("Will there be a review?", choices=[
        ("commissioned", "Yes, commission a review"),
        ("not_commissioned", "No, there will be no review")],
        validators=[DataRequired("Choose whether there will be a review.")])
    reason = TextAreaField("Reasons", description="Needed when there will be no review: the "
                           "Home Office is told them.",
                           validators=[Optional(), Length(max=2000)])


class HoldForm(FlaskForm):
    hold_reason = SelectField("Why", choices=HoldReason.choices(), validators=[DataRequired()])
    started_on = DateField("On hold from", validators=[DataRequired()])
    details = TextAreaField("Details (optional)", validators=[Optional(), Length(max=2000)])


class ResumeForm(FlaskForm):
    ended_on = DateField("Off hold from", validators=[DataRequired()])
    reason = REASON


class SubmissionForm(FlaskForm):
    sent_on = DateField("Submitted to the Home Office on", validators=[DataRequired()])


class OutcomeForm(FlaskForm):
    outcome = SelectField("Home Office outcome", choices=HomeOfficeOutcome.choices(),
                          validators=[DataRequired()])
    outcome_on = DateField("Date of outcome", validators=[DataRequired()])
    feedback = TextAreaField("Feedback (optional)", validators=[Optional(), Length(max=10000)])


class PublicationForm(FlaskForm):
    published_on = DateField("Publication date", validators=[DataRequired()])
    publication_url = StringField("Link to the published report",
                                  validators=[DataRequired(), URL(), Length(max=500)])


def errors_text(form):
    return "; ".join(f"{getattr(form, name).label.text}: {' '.join(messages)}"
                     for name, messages in form.errors.items())
