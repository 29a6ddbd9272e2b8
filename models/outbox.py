"""Every e-mail the system sends is first a row here: readable by admins, retryable on failure.
Attachments (an .ics invitation, say) are rows of their own pointing into the file store
("mail" area): a foreign key ties them to their message, admins list their names without
parsing anything, and the drift test covers them like every table."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import CspLevel, Through


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

    attachments = relationship("OutboxAttachment", back_populates="message",
                               cascade="all, delete-orphan", order_by="OutboxAttachment.id",
                               lazy="selectin")  # the outbox list names them per row

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


class OutboxAttachment(TimestampMixin, db.Model):
    __tablename__ = "outbox_attachment"
    __scope__ = Through("message")  # the outbox is CSP-level, and so are its files

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="CASCADE"), index=True)
    file_key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)

    message = relationship("OutboxMessage", back_populates="attachments")

    def __str__(self):
        return self.name
