"""Holds: periods a review is paused for parallel proceedings. Days on hold extend the
completion clock (see ``lifecycle.clocks``)."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dates import day
from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.review import ReviewStatus
from models.scoping import ReviewScoped


class HoldReason(LabelledEnum):
    criminal_trial = "criminal_trial", "Criminal trial"
    inquest = "inquest", "Inquest"
    police_conduct = "police_conduct", "Police conduct investigation"
    other_review = "other_review", "Other review"


class ReviewHold(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "review_hold"
    __review_backref__ = "holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[HoldReason] = mapped_column(enum_column(HoldReason))
    details: Mapped[str | None] = mapped_column(Text)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)  # None while the hold lasts
    # The stage the review returns to when it comes off hold.
    status_before: Mapped[ReviewStatus] = mapped_column(enum_column(ReviewStatus))
    home_office_told_on: Mapped[date | None] = mapped_column(Date)
    # The parallel proceeding that causes the hold, if one is recorded.
    proceeding_id: Mapped[int | None] = mapped_column(
        ForeignKey("parallel_proceeding.id", ondelete="SET NULL"), index=True)

    proceeding = relationship("ParallelProceeding")

    def __str__(self):
        return f"{self.reason.label} from {day(self.started_on)}"
