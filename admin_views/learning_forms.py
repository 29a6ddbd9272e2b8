"""The forms of the learning pages. They parse and check input only; ``learning`` decides
(an action is complete only with an outcome)."""
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (BooleanField, IntegerField, RadioField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from agency_forms.fields import MultiCheckboxField
from dates import GovDateField
from models import (ActionStatus, Agency, LessonSource, RecommendationScope, Theme, User, db,
                    RoleName)



class LessonForm(FlaskForm):
    text = TextAreaField("Lesson", [DataRequired("Enter the lesson"), Length(max=5000)])
    source = RadioField("Where it came from", choices=LessonSource.choices(),
                        default=LessonSource.panel_meeting.name, validators=[DataRequired()])
    agency = SelectField("The agency it concerns (optional)", validators=[Optional()])
    themes = MultiCheckboxField("Themes", coerce=int, validators=[Optional()],
                                description="Suggested themes are ticked for you; change them "
                                            "as you need.")


class RecommendationForm(FlaskForm):
    text = TextAreaField("Recommendation", [DataRequired("Enter the recommendation"),
                                            Length(max=5000)])
    scope = RadioField("Scope", choices=RecommendationScope.choices(),
                       default=RecommendationScope.local.name, validators=[DataRequired()])
    multi_agency = BooleanField("Multi-agency recommendation")
    agencies = MultiCheckboxField("Addressed to agencies", coerce=int, validators=[Optional()])
    national_bodies = TextAreaField(
        "Addressed to national bodies (optional)", [Optional(), Length(max=2000)],
        description="One a line, for example the Home Office or NHS England.")
    lessons = MultiCheckboxField("Lessons it answers", coerce=int, validators=[Optional()])
    themes = MultiCheckboxField("Themes", coerce=int, validators=[Optional()])


class ActionForm(FlaskForm):
    action_to_take = TextAreaField("Action to take", [DataRequired("Enter the action to take"),
                                                      Length(max=5000)])
    lead_agency = SelectField("Lead agency", validators=[DataRequired("Choose the lead agency")])
    owner = SelectField("Owner (optional)", validators=[Optional()])
    key_milestones = TextAreaField("Key milestones achieved in enacting the recommendation",
                                   [Optional(), Length(max=5000)])
    target_date = GovDateField("Target date", validators=[DataRequired()])
    status = SelectField("Status", choices=ActionStatus.choices(),
                         default=ActionStatus.not_started.name)
    outcome = TextAreaField("Outcome", [Optional(), Length(max=5000)],
                            description="Needed before the action can be marked complete.")


class LibraryForm(FlaskForm):
    class Meta:
        csrf = False  # a search (GET): nothing changes

    words = StringField("Words", [Optional(), Length(max=200)])
    theme = SelectField("Theme", validators=[Optional()])
    scope = SelectField("Scope", validators=[Optional()])
    agency = SelectField("Agency", validators=[Optional()])
    status = SelectField("Action status", validators=[Optional()],
                         choices=[("", "Any")] + ActionStatus.choices())


def theme_choices():
    return [(t.id, t.name) for t in db.session.scalars(
        select(Theme).where(Theme.active.is_(True)).order_by(Theme.name))]


def agency_choices():
    return [(a.id, a.name) for a in db.session.scalars(
        select(Agency).where(Agency.active.is_(True)).order_by(Agency.name))]


def owner_choices(agency_id=None):
    """Agency staff (of the lead agency when given) and CSP staff who may own an action."""
    query = select(User).where(User.active.is_(True)).order_by(User.full_name, User.email)
    users = [u for u in db.session.scalars(query)
             if u.agency_id == agency_id or (agency_id is None and u.agency_id)
             or (u.agency_id is None and u.role_names & {RoleName.chair.name,
                                                         RoleName.review_manager.name})]
    return [("", "No owner yet")] + [(str(u.id), str(u)) for u in users]


def fill_choices(form, review=None):
    """Choices from the database (never from the post)."""
    agencies = agency_choices()
    if hasattr(form, "agency") and isinstance(form.agency, SelectField):
        form.agency.choices = [("", "Not about one agency" if not isinstance(form, LibraryForm)
                                else "Any")] + [(str(i), n) for i, n in agencies]
    if hasattr(form, "agencies"):
        form.agencies.choices = agencies
    if hasattr(form, "lead_agency"):
        form.lead_agency.choices = [("", "Choose an agency")] + [(str(i), n)
                                                                 for i, n in agencies]
    if hasattr(form, "owner"):
        form.owner.choices = owner_choices()
    if isinstance(form, LibraryForm):
        form.theme.choices = [("", "Any")] + [(str(i), n) for i, n in theme_choices()]
        form.scope.choices = [("", "Any")] + RecommendationScope.choices()
    elif hasattr(form, "themes"):
        form.themes.choices = theme_choices()
    if hasattr(form, "lessons") and review is not None:
        form.lessons.choices = [(lesson.id, str(lesson)) for lesson in review.lessons]
    return form


class TextLookupForm(FlaskForm):
    """What "seen before" and the theme suggestions are asked about (posted while typing)."""
    class Meta:
        csrf = False  # static/learning.js sends the token as a header, checked by CSRFProtect

    text = TextAreaField("Text", filters=[lambda value: (value or "")[:5000]])
    review_id = IntegerField("Review", [Optional(), NumberRange(1, 999_999_999)])
