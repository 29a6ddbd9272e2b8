"""What the Home Office collects about the incident, kept on the review: where, how, and the
flags of its returns; the agreed target date's history; the agencies considered; the parallel
proceedings (criminal trial, inquest...) a review may wait for."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dates import day
from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column, utcnow
from models.scoping import ReviewScoped


class Region(LabelledEnum):
    north_east = "north_east", "North East"
    north_west = "north_west", "North West"
    yorkshire = "yorkshire", "Yorkshire and the Humber"
    east_midlands = "east_midlands", "East Midlands"
    west_midlands = "west_midlands", "West Midlands"
    east = "east", "East of England"
    london = "london", "London"
    south_east = "south_east", "South East"
    south_west = "south_west", "South West"
    wales = "wales", "Wales"


class CauseOfDeath(LabelledEnum):
    sharp_instrument = "sharp_instrument", "Sharp instrument"
    blunt_instrument = "blunt_instrument", "Blunt instrument"
    hitting_with_weapon = "hitting_with_weapon", "Hitting with a weapon"
    manual_strangulation = "manual_strangulation", "Manual strangulation"
    ligature_strangulation = "ligature_strangulation", "Strangulation with ligature"
    asphyxiation = "asphyxiation", "Suffocation, asphyxiation or smothering"
    other_poisoning = "other_poisoning", "Other poisoning"
    burning = "burning", "Arson, burning or scalding"
    drowning = "drowning", "Drowning"
    shooting = "shooting", "Shooting"
    fall = "fall", "Fall to a hard surface"
    other = "other", "Other"
    unknown = "unknown", "Unknown"


class DeathLocation(LabelledEnum):
    public_place = "public_place", "Public place"
    residential = "residential", "Residential"
    other = "other", "Other"
    not_known = "not_known", "Not known"


# The incident flags of the Home Office return: one boolean column on the review each, so that
# SQL counts them directly (column name, label).
INCIDENT_FLAGS = (
    ("ipv", "Intimate partner violence"),
    ("familial_homicide", "Familial homicide"),
    ("parricide", "Parricide"),
    ("homicide_suicide", "Homicide-suicide"),
    ("victim_suicide", "Victim suicide"),
    ("children_present", "Children present"),
    ("coercive_control", "Coercive control"),
    ("economic_abuse", "Economic abuse"),
    ("physical_abuse", "Physical abuse"),
    ("emotional_abuse", "Emotional abuse"),
    ("sexual_abuse", "Sexual abuse"),
    ("stalking", "Stalking"),
    ("separation", "Separation"),
    ("honour_based_abuse", "Honour-based abuse"),
    ("forced_marriage", "Forced marriage"),
    ("faith_based_marriage", "Faith-based marriage"),
)


class IncidentColumns:
    """The incident's columns on ``Review`` (a mixin, so review.py stays about the case)."""
    police_force_area: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[Region | None] = mapped_column(enum_column(Region))
    victim_count: Mapped[int | None] = mapped_column()
    cause_of_death: Mapped[CauseOfDeath | None] = mapped_column(enum_column(CauseOfDeath))
    location_of_death: Mapped[DeathLocation | None] = mapped_column(enum_column(DeathLocation))
    ipv: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    familial_homicide: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    parricide: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    homicide_suicide: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    victim_suicide: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    children_present: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    coercive_control: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    economic_abuse: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    physical_abuse: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    emotional_abuse: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    sexual_abuse: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    stalking: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    separation: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    honour_based_abuse: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    forced_marriage: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    faith_based_marriage: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default="0")
    # Beside the statutory completion date (lifecycle.clocks), the date the CSP and the Home
    # Office agreed; changed only by hodata.records.set_target_date (history kept).
    target_date: Mapped[date | None] = mapped_column(Date)
    target_date_reason: Mapped[str | None] = mapped_column(Text)
    # A decision not to review overturned by the Home Office's direction.
    directed_on: Mapped[date | None] = mapped_column(Date)
    direction_letter_key: Mapped[str | None] = mapped_column(String(64))
    direction_letter_name: Mapped[str | None] = mapped_column(String(255))
    direction_letter_type: Mapped[str | None] = mapped_column(String(120))
    # Once published: copies to the Home Office DHR Library and the Domestic Abuse Commissioner.
    library_sent_on: Mapped[date | None] = mapped_column(Date)
    commissioner_sent_on: Mapped[date | None] = mapped_column(Date)
    # Family involvement at review level (each contact's own steps: FamilyContact).
    family_tribute: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class TargetDateChange(ReviewScoped, db.Model):
    """Every change of the agreed target date, with its reason (append-only)."""
    __tablename__ = "target_date_change"
    __review_backref__ = "target_date_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    changed_by = relationship("User")

    def __str__(self):
        return f"{day(self.from_date) or 'none'} → {day(self.to_date) or 'none'}"


class AgencyConsidered(ReviewScoped, TimestampMixin, db.Model):
    """An agency considered for the review: asked to take part, or excluded and why."""
    __tablename__ = "agency_considered"
    __review_backref__ = "agencies_considered"
    __review_index__ = False

    __table_args__ = (db.UniqueConstraint("review_id", "agency_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    asked: Mapped[bool] = mapped_column(Boolean, default=True)
    reason_excluded: Mapped[str | None] = mapped_column(Text)

    agency = relationship("Agency")

    def __str__(self):
        return f"{self.agency}: {'asked' if self.asked else 'not asked'}"


class ProceedingKind(LabelledEnum):
    criminal_trial = "criminal_trial", "Criminal trial"
    inquest = "inquest", "Inquest"
    police_conduct = "police_conduct", "Police conduct (IOPC)"
    sar = "sar", "Safeguarding adult review"
    cspr = "cspr", "Child safeguarding practice review"
    mental_health_review = "mental_health_review", "Mental-health homicide review"
    other = "other", "Other"


class ParallelProceeding(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "parallel_proceeding"
    __review_backref__ = "proceedings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ProceedingKind] = mapped_column(enum_column(ProceedingKind))
    details: Mapped[str | None] = mapped_column(Text)
    started_on: Mapped[date | None] = mapped_column(Date)
    next_hearing_on: Mapped[date | None] = mapped_column(Date)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    # What may not be shared or published until it ends (e.g. agreed with the SIO or coroner).
    disclosure_limits: Mapped[str | None] = mapped_column(Text)

    def __str__(self):
        return self.kind.label + (f" ({self.details[:40]})" if self.details else "")
