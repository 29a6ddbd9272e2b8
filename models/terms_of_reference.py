"""A review's terms of reference (key lines of enquiry): each IMR answers every one."""
from sqlalchemy import Integer, Text
from sqlalchemy.orm import Mapped, backref, mapped_column

from models import db
from models.mixins import TimestampMixin
from models.scoping import ReviewScoped


class TermOfReference(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "term_of_reference"
    __review_backref__ = backref("terms_of_reference", order_by="TermOfReference.position",
                                 cascade="all, delete-orphan")

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    text: Mapped[str] = mapped_column(Text)

    def __str__(self):
        return f"{self.position}. {self.text[:80]}"
