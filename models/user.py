"""Accounts and roles (Flask-Security-Too's fsqla v3 models) with each user's agency."""
from flask_security.models import fsqla_v3 as fsqla
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum
from models.scoping import CspLevel

fsqla.FsModels.set_db_info(db)


class RoleName(LabelledEnum):
    admin = "admin", "Administrator"
    review_manager = "review_manager", "Review manager"
    chair = "chair", "Chair / author"
    panel_member = "panel_member", "Panel member"
    agency_user = "agency_user", "Agency user"
    analyst = "analyst", "Analyst"


class Role(CspLevel, db.Model, fsqla.FsRoleMixin):
    __tablename__ = "role"

    def __str__(self):
        try:
            return RoleName(self.name).label
        except ValueError:
            return self.name


class User(CspLevel, db.Model, fsqla.FsUserMixin):
    __tablename__ = "user"
    __audit_redact__ = {"password", "tf_totp_secret", "fs_uniquifier", "fs_token_uniquifier",
                        "mf_recovery_codes", "tf_phone_number", "us_totp_secrets"}

    full_name: Mapped[str | None] = mapped_column(String(160))
    job_title: Mapped[str | None] = mapped_column(String(160))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    # Last accepted TOTP time step: a code is accepted once only (replay protection).
    tf_last_counter: Mapped[int | None] = mapped_column(Integer)

    agency = relationship("Agency", back_populates="users")
    memberships = relationship("ReviewMember", back_populates="user",
                               cascade="all, delete-orphan")

    def __str__(self):
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email

    @property
    def role_names(self):
        return {role.name for role in self.roles}


class WebAuthn(CspLevel, db.Model, fsqla.FsWebAuthnMixin):
    """Required by fsqla v3 when webauthn is importable; passkeys are not enabled."""
    __tablename__ = "webauthn"
