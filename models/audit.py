"""The audit trail: who did what, when, from where, to which record of which review."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dates import when
from models import db
from models.mixins import LabelledEnum, enum_column, utcnow
from models.scoping import CspLevel


class AuditAction(LabelledEnum):
    sign_in = "sign_in", "Signed in"
    sign_in_failed = "sign_in_failed", "Sign-in failed"
    two_factor_failed = "two_factor_failed", "Two-factor code refused"
    sign_in_throttled = "sign_in_throttled", "Sign-in throttled"
    sign_out = "sign_out", "Signed out"
    two_factor_setup = "two_factor_setup", "Two-factor set up"
    password_changed = "password_changed", "Password changed"
    view = "view", "Viewed"
    create = "create", "Created"
    update = "update", "Updated"
    delete = "delete", "Deleted"
    export = "export", "Exported"
    permission_denied = "permission_denied", "Permission denied"
    not_found = "not_found", "Refused record"
    mail_sent = "mail_sent", "E-mail sent"
    reminder_sent = "reminder_sent", "Reminder sent"


class AuditEvent(CspLevel, db.Model):
    """Append-only: no view may edit or delete these rows."""
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_action_created", "action", "created_at"),
        Index("ix_audit_event_object", "object_type", "object_id"),
        Index("ix_audit_event_actor_created", "actor", "created_at"),  # sign-in throttling
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str | None] = mapped_column(String(255))
    ip: Mapped[str | None] = mapped_column(String(64), index=True)
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[int | None] = mapped_column(Integer)
    review_id: Mapped[int | None] = mapped_column(Integer, index=True)
    path: Mapped[str | None] = mapped_column(String(255))
    changes: Mapped[dict | None] = mapped_column(JSON)

    user = relationship("User")

    def __str__(self):
        return f"{when(self.created_at)} {self.actor or '-'} {self.action.label}"
