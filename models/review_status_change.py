"""The stage history of a review: every change of ``Review.status``, with who, when and why."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import TimestampMixin, enum_column, utcnow
from models.review import ReviewStatus
from models.scoping import ReviewScoped


class ReviewStatusChange(ReviewScoped, TimestampMixin, db.Model):
    """Append-only: written by ``lifecycle.actions``, never edited."""
    __tablename__ = "review_status_change"
    __review_backref__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_status: Mapped[ReviewStatus | None] = mapped_column(enum_column(ReviewStatus))
    to_status: Mapped[ReviewStatus] = mapped_column(enum_column(ReviewStatus))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                                index=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)

    user = relationship("User")

    def __str__(self):
        start = self.from_status.label if self.from_status else "(new)"
        return f"{start} → {self.to_status.label}"
