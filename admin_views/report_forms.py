"""The forms of the report pages and feedback rounds. They parse, limit and coerce what is
posted; the pages and ``report`` decide what it means."""
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (DataRequired, InputRequired, Length, NumberRange, Optional,
                                StopValidation)

from models import ReportDocument

MAX_TEXT = 200_000  # characters of a section's text
LARGEST_ID = 999_999_999  # nine digits: any row number fits every integer column


def _cut(limit, strip=False):
    """A filter keeping at most ``limit`` characters (what longer posts always were cut to)."""
    def cut(value):
        value = value or ""
        return (value.strip() if strip else value)[:limit]
    return cut


def _posted(form, field):
    if not field.raw_data:
        raise StopValidation("Nothing was posted.")


def _number(label):
    """A row or version number: wrong or missing input reads as none (``valid_or_none``)."""
    return IntegerField(label, [Optional(), NumberRange(1, LARGEST_ID)])


def valid_or_none(field):
    return None if field.errors else field.data


class AddSectionForm(FlaskForm):
    heading = StringField("Heading", [DataRequired()], filters=[_cut(200, strip=True)])
    document = SelectField("Document", [DataRequired()],
                           choices=[(d.name, d.label) for d in ReportDocument])


class ShapeForm(FlaskForm):
    what = SelectField("Change", choices=[(w, w) for w in ("rename", "up", "down", "remove")])
    heading = StringField("Heading", filters=[_cut(200)])


class SaveForm(FlaskForm):
    body = TextAreaField("Text", [_posted, Length(max=MAX_TEXT)])  # empty text is a text
    base_version = IntegerField("Version edited", [InputRequired(), NumberRange(0, LARGEST_ID)])


class PreviewForm(FlaskForm):
    body = TextAreaField("Text", filters=[_cut(MAX_TEXT)])


class RestoreForm(FlaskForm):
    number = _number("Version")


class CommentForm(FlaskForm):
    body = TextAreaField("Comment", filters=[_cut(10_000, strip=True)])
    parent_id = _number("Answering")
    paragraph = _number("Paragraph")


class DealtForm(FlaskForm):
    response = TextAreaField("Response", filters=[_cut(5000)])
