"""Learning (DESIGN section 4): themes, lessons and recommendations of a review, and the Home
Office action plan (section 5): actions per recommendation, their progress updates and the
reminders sent about them.

An action belongs to its review through its recommendation (``Through``); an agency user
reaches only the actions their agency leads (``agency_id`` is the lead agency, the column
``access`` narrows agency users by)."""
from datetime import date

from sqlalchemy import (Boolean, Column, Date, ForeignKey, Integer, LargeBinary, String, Table,
                        Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship, synonym

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import CspLevel, ReviewScoped, Through


class LessonSource(LabelledEnum):
    imr = "imr", "An IMR"
    panel_meeting = "panel_meeting", "A panel meeting"
    chronology = "chronology", "The chronology"
    other = "other", "Other"


class RecommendationScope(LabelledEnum):
    local = "local", "Local"
    regional = "regional", "Regional"
    national = "national", "National"


class ActionStatus(LabelledEnum):
    not_started = "not_started", "Not started"
    on_track = "on_track", "On track"
    at_risk = "at_risk", "At risk"
    overdue = "overdue", "Overdue"
    complete = "complete", "Complete"


def _link(name, left, right):
    return Table(name, db.metadata,
                 Column(f"{left}_id", ForeignKey(f"{left}.id", ondelete="CASCADE"),
                        primary_key=True),
                 Column(f"{right}_id", ForeignKey(f"{right}.id", ondelete="CASCADE"),
                        primary_key=True, index=True))


lesson_theme = _link("lesson_theme", "lesson", "theme")
recommendation_theme = _link("recommendation_theme", "recommendation", "theme")
recommendation_lesson = _link("recommendation_lesson", "recommendation", "lesson")
recommendation_agency = _link("recommendation_agency", "recommendation", "agency")


class Theme(CspLevel, TimestampMixin, db.Model):
    """The CSP's reference list of themes (seeded with those recurring in DHR analyses)."""
    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)

    def __str__(self):
        return self.name


class EmbeddedText:
    """Rows whose text is compared ("seen before", theme suggestions): the stored vector and
    a hash of the text it was computed from (so a job recomputes it only when text changes)."""
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    embedded_hash: Mapped[str | None] = mapped_column(String(64))


class Lesson(ReviewScoped, EmbeddedText, TimestampMixin, db.Model):
    __tablename__ = "lesson"
    __review_backref__ = backref("lessons", order_by="Lesson.id",
                                 cascade="all, delete-orphan")

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"),
                                                  index=True)
    source: Mapped[LessonSource] = mapped_column(enum_column(LessonSource),
                                                 default=LessonSource.other)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    agency = relationship("Agency")
    created_by = relationship("User")
    themes = relationship(Theme, secondary=lesson_theme, order_by=Theme.name)

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:77] + "..."


class Recommendation(ReviewScoped, EmbeddedText, TimestampMixin, db.Model):
    __tablename__ = "recommendation"
    __review_backref__ = backref("recommendations", order_by="Recommendation.id",
                                 cascade="all, delete-orphan")

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    scope: Mapped[RecommendationScope] = mapped_column(enum_column(RecommendationScope),
                                                       default=RecommendationScope.local)
    multi_agency: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # Named national bodies it is addressed to (the Home Office, NHS England...), one a line.
    national_bodies: Mapped[str | None] = mapped_column(Text)
    # Where it came from when taken from an IMR's single-agency recommendations.
    imr_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("form_request.id", ondelete="SET NULL"))

    agencies = relationship("Agency", secondary=recommendation_agency, order_by="Agency.name")
    lessons = relationship(Lesson, secondary=recommendation_lesson)
    themes = relationship(Theme, secondary=recommendation_theme, order_by=Theme.name)
    actions = relationship("Action", back_populates="recommendation",
                           cascade="all, delete-orphan", order_by="Action.id")

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:77] + "..."

    @property
    def addressed_to(self):
        bodies = [b.strip() for b in (self.national_bodies or "").splitlines() if b.strip()]
        return [a.name for a in self.agencies] + bodies


class Action(TimestampMixin, db.Model):
    """One row of the Home Office action plan."""
    __tablename__ = "action"
    __scope__ = Through("recommendation")

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    action_to_take: Mapped[str] = mapped_column(Text)
    lead_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    key_milestones: Mapped[str | None] = mapped_column(Text)
    target_date: Mapped[date | None] = mapped_column(Date, index=True)
    completed_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus),
                                                 default=ActionStatus.not_started, index=True)

    # access narrows agency users by a table's agency_id: for actions, the lead agency.
    agency_id = synonym("lead_agency_id")

    recommendation = relationship(Recommendation, back_populates="actions")
    lead_agency = relationship("Agency")
    owner = relationship("User")
    updates = relationship("ActionUpdate", back_populates="action",
                           cascade="all, delete-orphan", order_by="ActionUpdate.id")

    def __str__(self):
        text = self.action_to_take
        return text if len(text) <= 80 else text[:77] + "..."


class ActionUpdate(TimestampMixin, db.Model):
    """A dated progress note on an action, with evidence (a file in the file store)."""
    __tablename__ = "action_update"
    __scope__ = Through("action")

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"),
                                           index=True)
    date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    who_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    evidence_key: Mapped[str | None] = mapped_column(String(64))
    evidence_name: Mapped[str | None] = mapped_column(String(255))
    evidence_type: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[ActionStatus | None] = mapped_column(enum_column(ActionStatus))

    action = relationship(Action, back_populates="updates")
    who = relationship("User")

    def __str__(self):
        return f"Update of {self.date}"


class ActionReminder(TimestampMixin, db.Model):
    """A reminder already sent about an action (UNIQUE: sent once per action and window)."""
    __tablename__ = "action_reminder"
    __scope__ = Through("action")
    __table_args__ = (UniqueConstraint("action_id", "window"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"))
    window: Mapped[str] = mapped_column(String(20))  # "14d", "3d", "overdue"
    sent_on: Mapped[date] = mapped_column(Date)

    action = relationship(Action)

    def __str__(self):
        return f"Reminder ({self.window}) on {self.sent_on}"


THEMES = (
    "Risk assessment (including DASH)", "Information sharing",
    "Multi-agency working and MARAC", "Coercive and controlling behaviour", "Economic abuse",
    "Non-fatal strangulation", "Mental health", "Suicide and suicidality",
    "Alcohol and drug use", "Professional curiosity and routine enquiry",
    "Perpetrator management (MAPPA and others)", "Children in the household",
    "Adult family violence", "Honour-based abuse and cultural factors", "Housing",
    "Separation", "Stalking and harassment", "Equality, diversity and unconscious bias",
    "Barriers to help-seeking", "Training and awareness", "Record keeping",
)
