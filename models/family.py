"""Family involvement: the family's contacts (as sensitive as victims' real names: the same
readers as ``person``) and each contact's steps with the review."""
from datetime import date

from sqlalchemy import Boolean, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.mixins import TimestampMixin
from models.scoping import ReviewScoped


class FamilyContact(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "family_contact"
    __review_backref__ = "family_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    relationship_to_victim: Mapped[str | None] = mapped_column(String(120))
    contact_details: Mapped[str | None] = mapped_column(Text)
    advocacy_offered_on: Mapped[date | None] = mapped_column(Date)
    advocacy_offered_by: Mapped[str | None] = mapped_column(String(160))
    met_panel: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    saw_draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    agreed_pseudonym: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    notes: Mapped[str | None] = mapped_column(Text)

    def __str__(self):
        return self.relationship_to_victim or "Family contact"
