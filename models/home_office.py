"""Submissions of a review's report to the Home Office Quality Assurance Panel."""
from datetime import date

from sqlalchemy import Date, Text
from sqlalchemy.orm import Mapped, mapped_column

from dates import day
from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import ReviewScoped


class HomeOfficeOutcome(LabelledEnum):
    adequate = "adequate", "Adequate"
    resubmission_required = "resubmission_required", "Resubmission required"


class HomeOfficeSubmission(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "home_office_submission"
    __review_backref__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    sent_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[HomeOfficeOutcome | None] = mapped_column(enum_column(HomeOfficeOutcome))
    outcome_on: Mapped[date | None] = mapped_column(Date)
    feedback: Mapped[str | None] = mapped_column(Text)

    def __str__(self):
        outcome = self.outcome.label if self.outcome else "awaiting outcome"
        return f"Sent {day(self.sent_on)}: {outcome}"
