"""A form request: one form of one type, sent to one agency on one review, and the frozen
versions kept each time the agency submits it."""
from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String,
                        Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import RequestScoped, ReviewScoped



class FormType(LabelledEnum):
    initial_notification = "initial_notification", "Initial notification"
    involvement = "involvement", "Agency involvement (scoping) return"
    imr = "imr", "Individual Management Review (IMR)"
    chronology = "chronology", "Chronology"


class FormStatus(LabelledEnum):
    draft = "draft", "Draft (not sent)"
    sent = "sent", "Sent"
    in_progress = "in_progress", "In progress"
    submitted = "submitted", "Submitted"
    returned = "returned", "Returned for changes"
    accepted = "accepted", "Accepted"


# The agency may edit the answers only in these states; anything else is locked.
FILLABLE = frozenset({FormStatus.sent, FormStatus.in_progress, FormStatus.returned})
# States in which a submission exists for the chair and review manager to read.
SUBMITTED_STATES = frozenset({FormStatus.submitted, FormStatus.returned, FormStatus.accepted})
# Form types a review manager sends out (the initial notification arrives unasked).
DISTRIBUTABLE_TYPES = (FormType.involvement, FormType.imr, FormType.chronology)


class FormRequest(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "form_request"
    __table_args__ = (
        UniqueConstraint("review_id", "agency_id", "form_type"),
        Index("ix_form_request_status_due", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    form_type: Mapped[FormType] = mapped_column(enum_column(FormType))
    status: Mapped[FormStatus] = mapped_column(enum_column(FormStatus), default=FormStatus.draft)
    due_on: Mapped[date | None] = mapped_column(Date)
    # What the agency is told about the case (subjects, scoping period): chosen by the manager.
    briefing: Mapped[str | None] = mapped_column(Text)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    declaration_name: Mapped[str | None] = mapped_column(String(160))
    declaration_role: Mapped[str | None] = mapped_column(String(160))
    senior_signoff_name: Mapped[str | None] = mapped_column(String(160))
    senior_signoff_role: Mapped[str | None] = mapped_column(String(160))
    declaration_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_comment: Mapped[str | None] = mapped_column(Text)
    # Bumped on every save, so a colleague's later save cannot silently overwrite it.
    revision: Mapped[int] = mapped_column(Integer, default=0)

    agency = relationship("Agency")
    sent_by = relationship("User", foreign_keys=[sent_by_id])
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    reminders = relationship("FormReminder", back_populates="request",
                             cascade="all, delete-orphan", order_by="FormReminder.sent_on")
    versions = relationship("FormVersion", back_populates="request",
                            cascade="all, delete-orphan", order_by="FormVersion.number")
    attachments = relationship("FormAttachment", back_populates="request",
                               cascade="all, delete-orphan", order_by="FormAttachment.id")

    def __str__(self):
        review = self.review.reference if self.review else "?"
        return f"{review} · {self.agency} · {self.form_type.label if self.form_type else ''}"

    @property
    def is_fillable(self):
        return self.status in FILLABLE

    @property
    def has_submission(self):
        """A version has been submitted (and may be read side by side)."""
        return self.status in SUBMITTED_STATES

    def days_overdue(self, today=None):
        """Whole days past the due date while the agency still owes the form, else 0."""
        if self.due_on is None or self.status not in FILLABLE:
            return 0
        return max(((today or date.today()) - self.due_on).days, 0)

    @property
    def latest_version(self):
        return self.versions[-1] if self.versions else None


class VersionOutcome(LabelledEnum):
    pending = "pending", "Awaiting review"
    returned = "returned", "Returned for changes"
    accepted = "accepted", "Accepted"


class FormVersion(RequestScoped, TimestampMixin, db.Model):
    """The answers exactly as submitted, frozen; returning a form keeps this copy."""
    __tablename__ = "form_version"
    __request_backref__ = "versions"
    __table_args__ = (UniqueConstraint("request_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    outcome: Mapped[VersionOutcome] = mapped_column(enum_column(VersionOutcome),
                                                    default=VersionOutcome.pending)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)

    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    def __str__(self):
        return f"{self.request} · version {self.number}"
