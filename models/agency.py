"""Partner agencies: their users answer for them and see only what is addressed to them."""
from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import CspLevel


class Sector(LabelledEnum):
    police = "police", "Police"
    health = "health", "Health"
    mental_health = "mental_health", "Mental health"
    gp = "gp", "GP"
    ambulance = "ambulance", "Ambulance"
    probation = "probation", "Probation"
    prison = "prison", "Prison"
    adult_social_care = "adult_social_care", "Adult social care"
    childrens_social_care = "childrens_social_care", "Children's social care"
    housing = "housing", "Housing"
    education = "education", "Education"
    dwp = "dwp", "DWP"
    voluntary = "voluntary", "Voluntary / specialist domestic abuse"
    other = "other", "Other"


class Agency(CspLevel, TimestampMixin, db.Model):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    sector: Mapped[Sector] = mapped_column(enum_column(Sector))
    contact_email: Mapped[str | None] = mapped_column(String(255))
    senior_contact_email: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    users = relationship("User", back_populates="agency")

    def __str__(self):
        return self.name
