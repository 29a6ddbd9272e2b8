"""The small forms of the review page's actions (each posted with its CSRF token). They only
parse and check input (dates as Day, Month, Year boxes: ``dates.GovDateField``);
``lifecycle.actions`` decides whether the step is allowed, future dates included."""
from datetime import date

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from dates import GovDateField
from models import HoldReason, HomeOfficeOutcome, ReviewStatus

REASON = TextAreaField("Reason (optional)", validators=[Optional(), Length(max=2000)])


class StageForm(FlaskForm):
    target = HiddenField(validators=[DataRequired()])
    reason = REASON
    decision_on = GovDateField("Decision date", validators=[Optional()])

    def validate_target(self, field):
        if field.data not in ReviewStatus.__members__:
            raise ValidationError("Unknown stage.")


class StepForm(FlaskForm):
    """Which form a post to the stage step is: the decision ("decision"), else one stage."""
    step = HiddenField()


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
    started_on = GovDateField("On hold from", validators=[DataRequired()], default=date.today)
    details = TextAreaField("Details (optional)", validators=[Optional(), Length(max=2000)])
    home_office_told_on = GovDateField("Date the Home Office was told (optional)",
                                       validators=[Optional()])
    proceeding = SelectField("The parallel proceeding causing it (optional)",
                             validators=[Optional()], validate_choice=False, choices=[])

    def for_review(self, review):
        """Offer the review's own proceedings (the action refuses any other)."""
        self.proceeding.choices = [SelectChoice("", "None recorded")] + [
            SelectChoice(str(p.id), str(p)) for p in review.proceedings]
        return self

    def chosen_proceeding(self, review):
        wanted = self.proceeding.data
        return next((p for p in review.proceedings if str(p.id) == wanted), None) \
            if wanted else None


class ResumeForm(FlaskForm):
    ended_on = GovDateField("Off hold from", validators=[DataRequired()], default=date.today)
    reason = REASON


class SubmissionForm(FlaskForm):
    sent_on = GovDateField("Submitted to the Home Office on", validators=[DataRequired()],
                           default=date.today)


class OutcomeForm(FlaskForm):
    outcome = SelectField("Home Office outcome", choices=HomeOfficeOutcome.choices(),
                          validators=[DataRequired()])
    outcome_on = GovDateField("Date of outcome", validators=[DataRequired()], default=date.today)
    feedback = TextAreaField("Feedback (optional)", validators=[Optional(), Length(max=10000)])
    panel_on = GovDateField("Date of the panel (optional)", validators=[Optional()])
    letter_on = GovDateField("Date of the panel's letter (optional)", validators=[Optional()])
    areas = TextAreaField("Areas for final development", validators=[
        Optional(), Length(max=10000)], description="With “content to publish once listed "
                          "changes are made”: one a line, as the letter lists them.")

    def area_lines(self):
        return (self.areas.data or "").splitlines()


class PublicationForm(FlaskForm):
    published_on = GovDateField("Publication date", validators=[DataRequired()],
                                default=date.today)
    publication_url = StringField("Link to the published report",
                                  validators=[DataRequired(), URL(), Length(max=500)])


def errors_text(form):
    """The form's errors in one line; date messages already name their field."""
    return "; ".join(_named(getattr(form, name), " ".join(messages))
                     for name, messages in form.errors.items())


def _named(field, text):
    return text if isinstance(field, GovDateField) else f"{field.label.text}: {text}"
