"""Submissions of a review's report to the Home Office Quality Assurance Panel."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dates import day
from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column


class HomeOfficeOutcome(LabelledEnum):
    adequate = "adequate", "Adequate"
    resubmission_required = "resubmission_required", "Resubmission required"


class HomeOfficeSubmission(TimestampMixin, db.Model):
    __tablename__ = "home_office_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"),
                                           index=True)
    sent_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[HomeOfficeOutcome | None] = mapped_column(enum_column(HomeOfficeOutcome))
    outcome_on: Mapped[date | None] = mapped_column(Date)
    feedback: Mapped[str | None] = mapped_column(Text)

    review = relationship("Review", back_populates="submissions")

    def __str__(self):
        outcome = self.outcome.label if self.outcome else "awaiting outcome"
        return f"Sent {day(self.sent_on)}: {outcome}"
