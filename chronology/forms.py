"""The chronology's web forms, shared by the portal and the admin: the upload, the mapping
of a file's columns to the chronology's fields, a link decision, and CSRF-only buttons."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, RadioField, SelectField
from wtforms.validators import InputRequired, NumberRange

from chronology.matching import FIELDS, HEADINGS

LARGEST_ID = 2**31 - 1  # an id past the column's type is no agency (not an SQL error)


class PostForm(FlaskForm):
    """CSRF only: Import, Discard."""


class UploadForm(FlaskForm):
    file = FileField("File (.xlsx, .xls, .ods or .csv)", [FileRequired()])


class ManagerUploadForm(UploadForm):
    """A review manager uploads for any agency."""
    agency = IntegerField("Agency", [InputRequired(), NumberRange(1, LARGEST_ID)])


class LinkDecisionForm(FlaskForm):
    decision = RadioField("Decision", [InputRequired()], choices=(
        ("link", "Link"), ("dismiss", "Dismiss"), ("question", "Keep as a question")))


UNUSED = ("", "Not used")


def mapping_form(headers):
    """One choice of field per column of the file (``column-<index>``); a value that is no
    field leaves the column unused."""
    fields = {f"column-{index}": SelectField(str(header or ""), choices=[UNUSED, *(
        (name, HEADINGS[name]) for name in FIELDS)], default="", validate_choice=False)
        for index, header in enumerate(headers)}
    return type("MappingForm", (FlaskForm,), fields)()


def chosen_columns(form):
    """Column index -> field name, as chosen on ``mapping_form`` (unused columns left out)."""
    return {int(name.removeprefix("column-")): field.data for name, field in form._fields.items()
            if name.startswith("column-") and field.data in FIELDS}
