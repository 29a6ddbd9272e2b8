"""Files an agency attaches to a form. Stored under a random key (never the uploaded name),
checked by content and size, and served only through scoped views as downloads."""
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import TimestampMixin
from models.scoping import RequestScoped


class FormAttachment(RequestScoped, TimestampMixin, db.Model):
    __tablename__ = "form_attachment"
    __request_backref__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    uploaded_by = relationship("User")

    def __str__(self):
        return self.original_name
