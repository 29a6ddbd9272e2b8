"""Choices in admin forms and filters: every enum shown by its label, posted and stored by its
name, and every filter value checked before it reaches SQL. Used by ``base.SecureModelView``
for every view, inline forms included, so no view configures choices of its own."""
from flask_admin.contrib.sqla.filters import FilterConverter
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.form import Select2Field
from flask_admin.model import filters
from flask_admin.model.filters import BaseFilter
from flask_admin.model.form import converts

from models import LabelledEnum
from request_limits import fits_integer

# Longer filter text than this is refused: SQLite refuses LIKE patterns over 50,000 bytes.
MAX_FILTER_TEXT = 500


def labelled(enum_class):
    return enum_class is not None and issubclass(enum_class, LabelledEnum)


class ChoiceConverter(AdminModelConverter):
    """Enum columns of every form: labels shown, names posted, the stored member selected.
    (Flask-Admin's ``form_choices`` path coerces with ``str``, and ``str()`` of a LabelledEnum
    is its label, so no option, all named by name, was selected: an unchanged form posted the
    first option back and saving reset the choice.)"""

    @converts("sqlalchemy.sql.sqltypes.Enum")
    def convert_enum(self, column, field_args, **extra):
        enum_class = getattr(column.type, "enum_class", None)
        if not labelled(enum_class):
            return super().convert_enum(column=column, field_args=field_args, **extra)
        return Select2Field(choices=enum_class.choices(), coerce=member_of(enum_class),
                            allow_blank=bool(column.nullable), **field_args)


def member_of(enum_class):
    """The member named by a posted value (a member passes as itself); ValueError, which the
    field reports as an invalid choice, for anything else."""
    def coerce(value):
        if isinstance(value, enum_class):
            return value
        try:
            return enum_class[value]
        except (KeyError, TypeError):
            raise ValueError(f"not a {enum_class.__name__}") from None
    return coerce


class CheckedFilter:
    """Mixed into every filter class: a value the filter cannot use (an unknown enum name,
    a number past its column's integer type, text past MAX_FILTER_TEXT) is invalid, so Flask-Admin
    ignores the filter with its "Invalid Filter Value" message instead of failing in SQL."""

    def clean(self, value):
        if isinstance(value, str) and len(value) > MAX_FILTER_TEXT:
            raise ValueError("filter text too long")
        try:
            cleaned = super().clean(value)
        except (KeyError, TypeError, OverflowError) as error:
            raise ValueError(str(error)) from None
        for item in cleaned if isinstance(cleaned, list) else [cleaned]:
            if isinstance(item, int) and not isinstance(item, bool) and not fits_integer(
                    item, getattr(getattr(self, "column", None), "type", None)):
                raise ValueError("number too large")
        return cleaned

    def validate(self, value):
        try:
            return super().validate(value) and self._usable(value)
        except (KeyError, TypeError, OverflowError):
            return False

    def _usable(self, value):
        try:
            self.clean(value)
        except ValueError:
            return False
        return True


def _checked(filter_class):
    return type(filter_class.__name__, (CheckedFilter, filter_class), {})


class CheckedFilterConverter(FilterConverter):
    """Flask-Admin's filters, each made a CheckedFilter; enum filters offer labels."""

    def __init__(self):
        for name, value in vars(FilterConverter).items():
            if isinstance(value, tuple) and value and all(
                    isinstance(c, type) and issubclass(c, BaseFilter) for c in value):
                setattr(self, name, tuple(_checked(c) for c in value))
        super().__init__()

    @filters.convert("enum")
    def conv_enum(self, column, name, options=None, **kwargs):
        enum_class = getattr(column.type, "enum_class", None)
        if not options and labelled(enum_class):
            options = enum_class.choices()
        return super().conv_enum(column, name, options, **kwargs)
