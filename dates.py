"""Dates as people type them and read them, one way everywhere (GOV.UK patterns).

Entering: ``GovDateField`` is three labelled boxes, Day, Month and Year, grouped under the
question, with the hint "For example, 27 3 2026" (``GovDateTimeField`` adds a Time box, "14:05" in
London time, stored as naive UTC). It parses strictly: an impossible date
(31 2 2026), a two-digit year, a missing part or anything not a number is refused with a
message naming the field, and the boxes keep what was typed. A single text value (a script,
an old bookmark) is read only as day/month/year with a four-digit year, or ISO
``2026-11-20``; "20/11/2026" is 20 Nov 2026, never 2020.

Showing: ``day()`` gives "1 Dec 2026", ``when()`` "1 Dec 2026 14:05", always in Europe/London
(stored date-times are naive UTC). Templates use the filters ``|day`` and ``|when``
(registered by ``init_app``); Flask-Admin uses them through the base view's type formatters;
e-mails and messages call them directly.
"""
import re
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from markupsafe import Markup
from wtforms.fields import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation

LONDON = ZoneInfo("Europe/London")
EXAMPLE = "27 3 2026"
HINT = f"For example, {EXAMPLE}"
PARTS = ("day", "month", "year")
UK_TEXT = re.compile(r"^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d+)$")
ISO_TEXT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# -- showing --------------------------------------------------------------------------------
def local(moment):
    """A stored (naive UTC, or aware) date-time in Europe/London."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LONDON)


def day(value, empty=""):
    """"1 Dec 2026"; a date-time is first put into London time."""
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = local(value).date()
    return f"{value.day} {value:%b %Y}"


def when(value, empty=""):
    """"1 Dec 2026 14:05" (London time) for a date-time; a plain date as ``day``."""
    if value is None:
        return empty
    if not isinstance(value, datetime):
        return day(value)
    moment = local(value)
    return f"{day(moment.date())} {moment:%H:%M}"


def time_tag(value, empty=""):
    """A ``<time>`` element: machine-readable ISO inside, "1 Dec 2026" shown."""
    if value is None:
        return empty
    shown = when(value) if isinstance(value, datetime) else day(value)
    machine = local(value).isoformat(timespec="minutes") if isinstance(value, datetime) \
        else value.isoformat()
    return Markup('<time datetime="{}">{}</time>').format(machine, shown)


def init_app(app):
    app.jinja_env.filters.update(day=day, when=when, time_tag=time_tag)


# -- parsing --------------------------------------------------------------------------------
def in_sentence(label):
    """A label as it reads inside a sentence: "Date of death" -> "date of death", but
    "CSP ..." and "Home Office ..." keep their capitals."""
    label = re.sub(r"\s*(\*|\(optional\))\s*$", "", (label or "").strip())
    first = label.split(" ", 1)[0]
    if first.isupper() or first in ("Home",):
        return label
    return label[:1].lower() + label[1:]


def subject(label):
    text = in_sentence(label)
    return text[:1].upper() + text[1:]


def _real(label):
    return f"{subject(label)} must be a real date, for example {EXAMPLE}"


def parse_parts(day_text, month_text, year_text, label):
    """The date three boxes hold; ValueError with the message shown under the field."""
    parts = dict(zip(PARTS, (day_text or "", month_text or "", year_text or "")))
    missing = [name for name, text in parts.items() if not text.strip()]
    if missing:
        listed = " and ".join(missing)
        raise ValueError(f"{subject(label)} must include a {listed}, for example {EXAMPLE}")
    if not all(text.strip().isdigit() for text in parts.values()):
        raise ValueError(_real(label))
    if len(parts["year"].strip()) != 4:
        raise ValueError(f"{subject(label)} must include the year as 4 numbers, "
                         f"for example {EXAMPLE}")
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        raise ValueError(_real(label)) from None


def parse_text(text, label):
    """One typed value: day month year in UK order (4-digit year), or ISO yyyy-mm-dd."""
    text = (text or "").strip()
    iso = ISO_TEXT.match(text)
    if iso:
        return parse_parts(iso.group(3), iso.group(2), iso.group(1), label)
    uk = UK_TEXT.match(text)
    if uk:
        return parse_parts(*uk.groups(), label)
    raise ValueError(_real(label))


class GovDateInput:
    """Three boxes in a fieldset whose legend is the question. Where the page already shows
    the field's label (Flask-Admin's own forms), the legend is for screen readers only."""

    def __call__(self, field, legend_class="sr-only", **kwargs):
        kwargs.pop("class_", None), kwargs.pop("class", None)
        field_id = kwargs.pop("id", None) or field.id
        hint_id = f"{field_id}-hint"
        described = " ".join(filter(None, [hint_id, kwargs.pop("aria-describedby", None)]))
        values = field.parts_shown()
        invalid = " is-invalid" if field.errors else ""
        boxes = []
        for part, value in zip(field.boxes, values):
            box_id = field_id if part == "day" else f"{field_id}-{part}"
            width = {"year": "gov-date-year", "time": "gov-date-time"}.get(part, "gov-date-short")
            boxes.append(Markup(
                '<div class="gov-date-item"><label class="gov-date-label mb-0" for="{id}">'
                '{label}</label><input class="form-control {width}{invalid}" id="{id}" '
                'name="{name}" type="text" inputmode="{mode}" autocomplete="off" '
                'value="{value}"></div>').format(
                    id=box_id, label=part.capitalize(), width=width, invalid=invalid,
                    name=f"{field.name}-{part}", value=value,
                    mode="text" if part == "time" else "numeric"))
        return Markup(
            '<fieldset class="gov-date{invalid}" role="group" aria-describedby="{described}">'
            '<legend class="{legend_class}">{legend}</legend>'
            '<small id="{hint_id}" class="form-text text-muted mt-0 mb-1">{hint}</small>'
            '<div class="gov-date-input d-flex">{boxes}</div></fieldset>').format(
                invalid=invalid, described=described, legend_class=legend_class,
                legend=field.label.text, hint_id=hint_id,
                hint=" ".join(filter(None, [field.description, field.hint])),
                boxes=Markup("").join(boxes))


class GovDateField(Field):
    """A date typed as Day, Month, Year (see the module's docstring). Required-ness comes
    from the validators as usual (DataRequired/InputRequired); an empty required field says
    "Enter the date ...", and a date that cannot be read stops the other validators."""

    widget = GovDateInput()
    boxes = PARTS
    hint = HINT

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parts = None  # what was typed in the boxes, to show again
        self._formdata = None

    def process(self, formdata, data=unset_value, extra_filters=None):
        self._formdata = formdata
        self.parts = None
        return super().process(formdata, data, extra_filters)

    def process_formdata(self, valuelist):
        formdata = self._formdata
        keys = [f"{self.name}-{part}" for part in PARTS]
        if formdata is not None and any(key in formdata for key in keys):
            self.parts = tuple((formdata.get(key) or "").strip() for key in keys)
            self.raw_data = [" ".join(self.parts)] if any(self.parts) else []
            self.data = None
            if any(self.parts):
                self.data = parse_parts(*self.parts, self.label.text)
        elif valuelist and (valuelist[0] or "").strip():
            self.parts = tuple(valuelist[0].strip().replace("/", " ").split(" ")[:3])
            self.data = None
            self.data = parse_text(valuelist[0], self.label.text)
        # Neither boxes nor text posted: the default stays, as for any WTForms field.

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # the message is already there; required would hide it
        if self.data is None and getattr(self.flags, "required", False):
            raise StopValidation(f"Enter {in_sentence(self.label.text)}, for example {EXAMPLE}")

    def parts_shown(self):
        if self.parts is not None:
            return (tuple(self.parts) + ("", "", ""))[:3]
        if isinstance(self.data, date):
            return (str(self.data.day), str(self.data.month), str(self.data.year))
        return ("", "", "")

    def _value(self):
        return " ".join(self.parts_shown()).strip()


TIME_TEXT = re.compile(r"^(\d{1,2})[:.](\d{2})$")
TIME_EXAMPLE = "14:05"


def parse_time(text, label):
    """"14:05" (24-hour clock) -> time; ValueError with the message shown otherwise."""
    text = (text or "").strip()
    if not text:
        raise ValueError(f"{subject(label)} must include a time, for example {TIME_EXAMPLE}")
    match = TIME_TEXT.match(text)
    try:
        return time(int(match.group(1)), int(match.group(2)))
    except (AttributeError, ValueError):
        raise ValueError(f"{subject(label)} must be a real time on the 24-hour clock, "
                         f"for example {TIME_EXAMPLE}") from None


def utc_naive(on, at):
    """A London date and time as stored: naive UTC."""
    return datetime.combine(on, at, tzinfo=LONDON).astimezone(timezone.utc).replace(tzinfo=None)


class GovDateTimeField(GovDateField):
    """A date and a London time ("14:05"): Day, Month, Year and Time boxes, stored as naive
    UTC like every date-time of the system, and shown again in London time."""

    boxes = PARTS + ("time",)
    hint = f"For example, {EXAMPLE} and {TIME_EXAMPLE}"

    def process_formdata(self, valuelist):
        formdata = self._formdata
        keys = [f"{self.name}-{part}" for part in self.boxes]
        if formdata is None or not any(key in formdata for key in keys):
            return
        self.parts = tuple((formdata.get(key) or "").strip() for key in keys)
        self.raw_data = [" ".join(self.parts)] if any(self.parts) else []
        self.data = None
        if any(self.parts):
            on = parse_parts(*self.parts[:3], self.label.text)
            self.data = utc_naive(on, parse_time(self.parts[3], self.label.text))

    def parts_shown(self):
        if self.parts is not None:
            return (tuple(self.parts) + ("",) * 4)[:4]
        if isinstance(self.data, datetime):
            moment = local(self.data)
            return (str(moment.day), str(moment.month), str(moment.year), f"{moment:%H:%M}")
        return ("",) * 4
