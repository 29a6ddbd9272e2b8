"""Reminders already sent. The UNIQUE constraint is the guarantee that a reminder goes once:
a run inserts the row first and sends only when the insert succeeded, so a repeated or
concurrent run (two workers) loses the race on the database, not in Python."""
from datetime import date

from sqlalchemy import Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import ReviewScoped


class ClockName(LabelledEnum):
    decision = "decision", "Decision due"
    completion = "completion", "Completion due"


class ReminderSent(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "reminder_sent"
    __review_index__ = False  # the unique constraint leads with review_id
    __table_args__ = (UniqueConstraint("review_id", "clock", "window"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clock: Mapped[ClockName] = mapped_column(enum_column(ClockName))
    window: Mapped[str] = mapped_column(String(20))  # "14d", "3d" or "missed"
    sent_on: Mapped[date] = mapped_column(Date)

    def __str__(self):
        return f"{self.clock.label} reminder ({self.window}) on {self.sent_on}"
