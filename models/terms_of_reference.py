"""A review's terms of reference (key lines of enquiry): each IMR answers every one."""
from sqlalchemy import ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from models import db
from models.mixins import TimestampMixin


class TermOfReference(TimestampMixin, db.Model):
    __tablename__ = "term_of_reference"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"),
                                           index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    text: Mapped[str] = mapped_column(Text)

    review = relationship("Review", backref=backref(
        "terms_of_reference", order_by="TermOfReference.position",
        cascade="all, delete-orphan"))

    def __str__(self):
        return f"{self.position}. {self.text[:80]}"
