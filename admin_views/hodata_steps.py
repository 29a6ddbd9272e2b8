"""The small forms of the review page's Home Office steps (issue 14): target date, the dates
the Home Office was told, a direction to review, the panel's letter, an area done, copies
sent. They parse input only; ``lifecycle.actions`` decides."""
from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from dates import GovDateField


class TargetDateForm(FlaskForm):
    target_date = GovDateField("Agreed target date", validators=[Optional()],
                               description="Agreed with the Home Office, beside the statutory "
                                           "date (which does not move). Leave empty to remove.")
    reason = TextAreaField("Reason", validators=[DataRequired("Say why the target date is set "
                                                              "or changed."), Length(max=2000)])


class ToldForm(FlaskForm):
    told_on = GovDateField("Date the Home Office was told", validators=[DataRequired()],
                           default=date.today)


class HoldToldForm(ToldForm):
    pass


class DirectionForm(FlaskForm):
    directed_on = GovDateField("Date of the Home Office's direction",
                               validators=[DataRequired()], default=date.today)
    letter = FileField("The Home Office's letter", [FileRequired("Attach the letter.")])


class LetterForm(FlaskForm):
    letter_on = GovDateField("Date of the letter", validators=[Optional()])
    letter = FileField("The panel's letter", [FileRequired("Attach the letter.")])


class AreaDoneForm(FlaskForm):
    done_on = GovDateField("Done on", validators=[DataRequired()], default=date.today)


class CopiesForm(FlaskForm):
    library_sent_on = GovDateField("Copy sent to the Home Office DHR Library on",
                                   validators=[Optional()])
    commissioner_sent_on = GovDateField("Copy sent to the Domestic Abuse Commissioner on",
                                        validators=[Optional()])
