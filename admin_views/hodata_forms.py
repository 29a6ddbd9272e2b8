"""The Home Office data on the review's edit screen: the incident's fields and flags, each
person's equality data and multi-choice traits, and inlines for the agencies considered, the
parallel proceedings and the family contacts (names: as narrow as people's real names)."""
from flask_admin.model.form import InlineFormAdmin
from wtforms import SelectField, SelectMultipleField, widgets
from wtforms.fields import SelectChoice

from models import INCIDENT_FLAGS, MentalHealth, Vulnerability

INCIDENT_COLUMNS = ("police_force_area", "region", "victim_count", "cause_of_death",
                    "location_of_death") + tuple(name for name, _ in INCIDENT_FLAGS)
FAMILY_COLUMNS = ("family_tribute",)
INCIDENT_LABELS = {"police_force_area": "Police force area", "victim_count": "Number of victims",
                   "cause_of_death": "Cause of death", "location_of_death": "Location of death",
                   "ipv": "Intimate partner violence", "family_tribute":
                   "The report includes a family tribute",
                   **dict(INCIDENT_FLAGS)}

PERSON_COLUMNS = ("id", "role", "real_name", "pseudonym", "date_of_birth", "age", "sex",
                  "gender_identity", "ethnicity", "religion", "sexual_orientation",
                  "disability", "relationship_to_victim", "relationship_to_perpetrator",
                  "verdict", "previous_offending", "previous_victimisation",
                  "carer_responsibilities", "carer_for_victim", "mental_health",
                  "vulnerabilities", "equality_notes")
PERSON_LABELS = {
    "relationship_to_perpetrator": "Victim's relationship to the perpetrator (victim → "
                                   "perpetrator: “Parent” means the victim is their parent)",
    "verdict": "Court verdict (perpetrator)", "previous_offending": "Previous offending",
    "previous_victimisation": "Previous victimisation",
    "carer_responsibilities": "Has carer responsibilities",
    "carer_for_victim": "Was a carer for the victim", "mental_health": "Mental health",
    "vulnerabilities": "Vulnerabilities",
    "equality_notes": "Earlier free text (kept when the choice lists came in)",
}


class Checkboxes(SelectMultipleField):
    """A multi-choice list as GOV.UK checkboxes, posted and stored by name."""
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, label, enum_class, **kwargs):
        super().__init__(label, choices=[SelectChoice(m.name, m.label) for m in enum_class],
                         **kwargs)

    def process_data(self, value):
        self.data = [getattr(v, "name", v) for v in (value or ())]


BLANK = "__None"  # Flask-Admin's value of a blank choice (its Select2Field's)


class YesNoUnknown(SelectField):
    """A yes / no answer that may not be known (None), where a checkbox would say "no"."""
    CHOICES = ((BLANK, "Not known"), ("True", "Yes"), ("False", "No"))

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.pop("choices", None), kwargs.pop("coerce", None)
        super().__init__(label, validators, coerce=str, **kwargs,
                         choices=[SelectChoice(value, text) for value, text in self.CHOICES])

    def process_data(self, value):
        self.data = BLANK if value is None else str(bool(value))

    def populate_obj(self, obj, name):
        setattr(obj, name, {"True": True, "False": False}.get(self.data))


PERSON_YES_NO = ("previous_offending", "previous_victimisation", "carer_responsibilities",
                 "carer_for_victim")
PERSON_OVERRIDES = {name: YesNoUnknown for name in PERSON_YES_NO}


def trait_fields():
    return {"mental_health": Checkboxes("Mental health", MentalHealth),
            "vulnerabilities": Checkboxes("Vulnerabilities", Vulnerability)}


class PersonInline(InlineFormAdmin):
    form_columns = PERSON_COLUMNS
    form_label = "Person"
    column_labels = PERSON_LABELS
    form_overrides = PERSON_OVERRIDES

    def __init__(self, model, **kwargs):
        super().__init__(model, form_extra_fields=trait_fields(), **kwargs)


class AgencyConsideredInline(InlineFormAdmin):
    form_columns = ("id", "agency", "asked", "reason_excluded")
    form_label = "Agency considered"
    column_labels = {"asked": "Asked to take part", "reason_excluded": "Reason not asked"}


class ProceedingInline(InlineFormAdmin):
    form_columns = ("id", "kind", "details", "started_on", "next_hearing_on", "concluded_on",
                    "disclosure_limits")
    form_label = "Parallel proceeding"
    column_labels = {"kind": "Kind", "next_hearing_on": "Next hearing",
                     "disclosure_limits": "Disclosure limits (what may not be shared until it "
                                          "ends)"}


class FamilyContactInline(InlineFormAdmin):
    form_columns = ("id", "name", "relationship_to_victim", "contact_details",
                    "advocacy_offered_on", "advocacy_offered_by", "met_panel", "saw_draft",
                    "agreed_pseudonym", "notes")
    form_label = "Family contact"
    column_labels = {"advocacy_offered_on": "Advocacy offered on",
                     "advocacy_offered_by": "Advocacy offered by",
                     "met_panel": "Met the panel", "saw_draft": "Saw the draft report",
                     "agreed_pseudonym": "Agreed the pseudonym"}
