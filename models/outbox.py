"""Every e-mail the system sends is first a row here: readable by admins, retryable on failure."""
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import CspLevel


class OutboxStatus(LabelledEnum):
    queued = "queued", "Queued"
    held = "held", "Held in outbox (no mail server)"
    sent = "sent", "Sent"
    failed = "failed", "Failed"


class OutboxMessage(CspLevel, TimestampMixin, db.Model):
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(255), index=True)
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus, length=20), default=OutboxStatus.queued, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    def __str__(self):
        return f"{self.subject} → {self.recipient}"
