"""A document of a review: a paper uploaded to the review, one of its meetings (on the agenda)
or a form request. Kept in the file store under a random key; who may see it is its
visibility (all review members, the panel only, or one agency), applied by ``access``."""
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import ReviewScoped


class Visibility(LabelledEnum):
    members = "members", "All review members"
    panel = "panel", "The panel only"
    agency = "agency", "One agency (and the chair)"


class Document(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                                   index=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("form_request.id", ondelete="CASCADE"), index=True)
    # The agency a paper is shared with (visibility "agency") or came from.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility),
                                                   default=Visibility.members)
    title: Mapped[str | None] = mapped_column(String(200))
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    meeting = relationship("Meeting")
    request = relationship("FormRequest")
    agency = relationship("Agency")
    uploaded_by = relationship("User")

    def __str__(self):
        return self.title or self.original_name
