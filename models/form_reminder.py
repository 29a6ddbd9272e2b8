"""Reminders about a form request: automatic ones before and after the due date, escalations
to the agency's senior contact, and a manager's "chase now". At most one of a kind a day."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dates import day
from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import RequestScoped


class ReminderKind(LabelledEnum):
    before_due = "before_due", "Reminder before the due date"
    overdue = "overdue", "Overdue reminder"
    escalation = "escalation", "Escalation to senior contact"
    manual = "manual", "Chased by the review manager"


class FormReminder(RequestScoped, TimestampMixin, db.Model):
    __tablename__ = "form_reminder"
    __request_backref__ = "reminders"
    __table_args__ = (UniqueConstraint("request_id", "kind", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReminderKind] = mapped_column(enum_column(ReminderKind))
    sent_on: Mapped[date] = mapped_column(Date)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recipients: Mapped[str | None] = mapped_column(Text)

    sent_by = relationship("User")

    def __str__(self):
        return f"{self.kind.label} on {day(self.sent_on)}"
