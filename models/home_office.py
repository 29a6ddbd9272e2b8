"""Submissions of a review's report to the Home Office Quality Assurance Panel."""
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dates import day
from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import ReviewScoped, Through


class HomeOfficeOutcome(LabelledEnum):
    adequate = "adequate", "Content to publish"
    with_changes = "with_changes", "Content to publish once listed changes are made"
    resubmission_required = "resubmission_required", "Resubmission required"


class HomeOfficeSubmission(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "home_office_submission"
    __review_backref__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    sent_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[HomeOfficeOutcome | None] = mapped_column(enum_column(HomeOfficeOutcome))
    outcome_on: Mapped[date | None] = mapped_column(Date)
    feedback: Mapped[str | None] = mapped_column(Text)
    # The Quality Assurance Panel's meeting and its letter (a document CSPs publish).
    panel_on: Mapped[date | None] = mapped_column(Date)
    letter_on: Mapped[date | None] = mapped_column(Date)
    letter_key: Mapped[str | None] = mapped_column(String(64))
    letter_name: Mapped[str | None] = mapped_column(String(255))
    letter_type: Mapped[str | None] = mapped_column(String(120))

    areas = relationship("DevelopmentArea", back_populates="submission",
                         cascade="all, delete-orphan", order_by="DevelopmentArea.id")

    def __str__(self):
        outcome = self.outcome.label if self.outcome else "awaiting outcome"
        return f"Sent {day(self.sent_on)}: {outcome}"


class DevelopmentArea(TimestampMixin, db.Model):
    """An "area for final development" the panel listed with "content to publish once listed
    changes are made": publication is refused until every one is done."""
    __tablename__ = "development_area"
    __scope__ = Through("submission")

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("home_office_submission.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    done_on: Mapped[date | None] = mapped_column(Date)

    submission = relationship("HomeOfficeSubmission", back_populates="areas")

    def __str__(self):
        return self.description[:60]
