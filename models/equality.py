"""The equality and circumstance data the Home Office collects on each victim and perpetrator:
choice lists (never free text), the victim-to-perpetrator relationship, the verdict, and the
multi-choice mental health and vulnerabilities as rows (PersonTrait) that SQL counts per value.
"""
from datetime import date

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum, enum_column
from models.scoping import Through


class Sex(LabelledEnum):
    female = "female", "Female"
    male = "male", "Male"
    not_known = "not_known", "Not known"


class SexualOrientation(LabelledEnum):
    heterosexual = "heterosexual", "Heterosexual or straight"
    gay_lesbian = "gay_lesbian", "Gay or lesbian"
    bisexual = "bisexual", "Bisexual"
    other = "other", "Other sexual orientation"
    not_known = "not_known", "Not known"


class Religion(LabelledEnum):
    no_religion = "no_religion", "No religion"
    christian = "christian", "Christian"
    buddhist = "buddhist", "Buddhist"
    hindu = "hindu", "Hindu"
    jewish = "jewish", "Jewish"
    muslim = "muslim", "Muslim"
    sikh = "sikh", "Sikh"
    other = "other", "Any other religion"
    not_known = "not_known", "Not known"


class Ethnicity(LabelledEnum):
    """The 2021 census categories for England and Wales."""
    asian_bangladeshi = "asian_bangladeshi", "Asian: Bangladeshi"
    asian_chinese = "asian_chinese", "Asian: Chinese"
    asian_indian = "asian_indian", "Asian: Indian"
    asian_pakistani = "asian_pakistani", "Asian: Pakistani"
    asian_other = "asian_other", "Asian: any other Asian background"
    black_african = "black_african", "Black: African"
    black_caribbean = "black_caribbean", "Black: Caribbean"
    black_other = "black_other", "Black: any other Black background"
    mixed_white_asian = "mixed_white_asian", "Mixed: White and Asian"
    mixed_white_black_african = "mixed_white_black_african", "Mixed: White and Black African"
    mixed_white_black_caribbean = ("mixed_white_black_caribbean",
                                   "Mixed: White and Black Caribbean")
    mixed_other = "mixed_other", "Mixed: any other mixed background"
    white_british = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    white_irish = "white_irish", "White: Irish"
    white_gypsy_traveller = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    white_roma = "white_roma", "White: Roma"
    white_other = "white_other", "White: any other White background"
    other_arab = "other_arab", "Other: Arab"
    other_any = "other_any", "Other: any other ethnic group"
    not_known = "not_known", "Not known"


class Relationship(LabelledEnum):
    """Always read victim → perpetrator: "parent" means the victim is the perpetrator's parent
    (a parricide), "child" that the victim is the perpetrator's child."""
    spouse = "spouse", "Spouse or civil partner"
    common_law_spouse = "common_law_spouse", "Common-law spouse"
    partner = "partner", "Boyfriend or girlfriend"
    ex_partner = "ex_partner", "Ex-partner"
    ex_spouse = "ex_spouse", "Ex-spouse"
    cohabitant = "cohabitant", "Cohabitant"
    parent = "parent", "Parent"
    step_parent = "step_parent", "Step-parent"
    grandparent = "grandparent", "Grandparent"
    sibling = "sibling", "Sibling"
    child = "child", "Child"
    other_relative = "other_relative", "Other relative"
    other_non_relative = "other_non_relative", "Other non-relative"
    unknown = "unknown", "Unknown"


INTIMATE = frozenset({Relationship.spouse, Relationship.common_law_spouse, Relationship.partner,
                      Relationship.ex_partner, Relationship.ex_spouse})


class Verdict(LabelledEnum):
    murder = "murder", "Murder"
    manslaughter = "manslaughter", "Manslaughter"
    manslaughter_diminished = ("manslaughter_diminished",
                               "Manslaughter with diminished responsibility")
    not_guilty = "not_guilty", "Not guilty"
    not_charged = "not_charged", "Not charged"
    ongoing = "ongoing", "Proceedings ongoing"
    other = "other", "Other"
    unknown = "unknown", "Unknown"


class MentalHealth(LabelledEnum):
    adjustment_disorder = "adjustment_disorder", "Adjustment disorder"
    anxiety = "anxiety", "Anxiety"
    dementia = "dementia", "Dementia"
    depression = "depression", "Depression"
    panic_attacks = "panic_attacks", "Panic attacks"
    ptsd = "ptsd", "PTSD"
    psychosis = "psychosis", "Psychosis"
    self_harm = "self_harm", "Self-harm"
    suicidal_thoughts = "suicidal_thoughts", "Suicidal thoughts"
    suicide_attempts = "suicide_attempts", "Suicide attempts"
    other = "other", "Other"


class Vulnerability(LabelledEnum):
    alcohol = "alcohol", "Alcohol"
    housing = "housing", "Housing"
    neurodiversity = "neurodiversity", "Neurodiversity"
    physical_disability = "physical_disability", "Physical disability"
    pregnancy = "pregnancy", "Pregnancy"
    substance_misuse = "substance_misuse", "Substance misuse"
    other = "other", "Other"


class TraitKind(LabelledEnum):
    mental_health = "mental_health", "Mental health"
    vulnerability = "vulnerability", "Vulnerability"


TRAIT_VALUES = {TraitKind.mental_health: MentalHealth, TraitKind.vulnerability: Vulnerability}

AGE_BANDS = ((16, 19), (20, 24), (25, 34), (35, 44), (45, 54), (55, 64))


def age_band(age):
    """The Home Office's band of an age: "16-19" ... "65+", "under 16", or "unknown"."""
    if age is None:
        return "unknown"
    if age >= 65:
        return "65+"
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low}-{high}"
    return "under 16"


def age_on(date_of_birth, on):
    if date_of_birth is None or on is None:
        return None
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month,
                                                                   date_of_birth.day))


class PersonEquality:
    """The columns on ``Person`` (a mixin, so review.py stays about the case)."""
    sex: Mapped[Sex | None] = mapped_column(enum_column(Sex))
    sexual_orientation: Mapped[SexualOrientation | None] = mapped_column(
        enum_column(SexualOrientation, length=80))
    religion: Mapped[Religion | None] = mapped_column(enum_column(Religion, length=80))
    ethnicity: Mapped[Ethnicity | None] = mapped_column(enum_column(Ethnicity, length=80))
    relationship_to_perpetrator: Mapped[Relationship | None] = mapped_column(
        enum_column(Relationship))
    verdict: Mapped[Verdict | None] = mapped_column(enum_column(Verdict))
    previous_offending: Mapped[bool | None] = mapped_column(Boolean)
    previous_victimisation: Mapped[bool | None] = mapped_column(Boolean)
    carer_responsibilities: Mapped[bool | None] = mapped_column(Boolean)
    carer_for_victim: Mapped[bool | None] = mapped_column(Boolean)
    # Free text the choice lists replaced (kept by migration 0006 so nothing typed is lost).
    equality_notes: Mapped[str | None] = mapped_column(String(400))

    @property
    def age_at_death(self):
        """The age given, else the age on the date of death from the date of birth."""
        if self.age is not None:
            return self.age
        review = getattr(self, "review", None)
        return age_on(self.date_of_birth, getattr(review, "date_of_death", None) or date.today())

    @property
    def age_band(self):
        return age_band(self.age_at_death)

    def values_of(self, kind):
        return [trait.value for trait in self.traits if trait.kind is TraitKind(kind)]

    @property
    def mental_health(self):
        return [MentalHealth(v) for v in self.values_of(TraitKind.mental_health)]

    @mental_health.setter
    def mental_health(self, values):
        self.set_traits(TraitKind.mental_health, values or ())

    @property
    def vulnerabilities(self):
        return [Vulnerability(v) for v in self.values_of(TraitKind.vulnerability)]

    @vulnerabilities.setter
    def vulnerabilities(self, values):
        self.set_traits(TraitKind.vulnerability, values or ())

    def set_traits(self, kind, values):
        """Replace this person's choices of one kind (values: enum members or names)."""
        kind = TraitKind(kind)
        allowed = TRAIT_VALUES[kind]
        wanted = {allowed(v).name for v in values}
        self.traits[:] = [t for t in self.traits if t.kind is not kind or t.value in wanted]
        have = {t.value for t in self.traits if t.kind is kind}
        self.traits.extend(PersonTrait(kind=kind, value=v) for v in sorted(wanted - have))


class PersonTrait(db.Model):
    """One mental-health condition or vulnerability of a person (value: a name of
    MentalHealth or Vulnerability, by kind)."""
    __tablename__ = "person_trait"
    __scope__ = Through("person")
    __table_args__ = (UniqueConstraint("person_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[TraitKind] = mapped_column(enum_column(TraitKind, length=20))
    value: Mapped[str] = mapped_column(String(40))

    person = relationship("Person", back_populates="traits")

    def __str__(self):
        return TRAIT_VALUES[self.kind](self.value).label
