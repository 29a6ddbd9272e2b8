"""The review (the case), its members and the people in it."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.equality import PersonEquality
from models.incident import IncidentColumns
from models.scoping import THE_REVIEW, ReviewScoped



class ReviewType(LabelledEnum):
    """What differs in practice. The review's name (DHR, or DARDR under the 2024 Act) is a
    setting (config REVIEW_NAME, REFERENCE_PREFIX), not a type."""
    standalone = "standalone", "Standalone review"
    joint_sar = "joint_sar", "Joint review with a safeguarding adult review"
    joint_cspr = "joint_cspr", "Joint review with a child safeguarding practice review"


class DeathType(LabelledEnum):
    homicide = "homicide", "Homicide"
    suicide = "suicide", "Suicide"
    homicide_suicide = "homicide_suicide", "Homicide-suicide"
    other = "other", "Other / unexplained"


class Decision(LabelledEnum):
    pending = "pending", "Pending"
    commission = "commission", "Commission a review"
    no_review = "no_review", "No review"


class ReviewStatus(LabelledEnum):
    notified = "notified", "Notified"
    decision_pending = "decision_pending", "Decision pending"
    not_commissioned = "not_commissioned", "Not commissioned"
    commissioned = "commissioned", "Commissioned"
    scoping = "scoping", "Scoping"
    information_gathering = "information_gathering", "Information gathering"
    analysis_and_drafting = "analysis_and_drafting", "Analysis and drafting"
    panel_signoff = "panel_signoff", "Panel sign-off"
    csp_signoff = "csp_signoff", "CSP sign-off"
    submitted_to_home_office = "submitted_to_home_office", "Submitted to Home Office"
    resubmission_required = "resubmission_required", "Resubmission required"
    approved = "approved", "Approved by Home Office"
    publication_pending = "publication_pending", "Publication pending"
    published = "published", "Published"
    action_plan_monitoring = "action_plan_monitoring", "Action plan monitoring"
    on_hold = "on_hold", "On hold"
    closed = "closed", "Closed"


class MemberRole(LabelledEnum):
    chair = "chair", "Chair"
    author = "author", "Overview author"
    panel_member = "panel_member", "Panel member"
    coordinator = "coordinator", "Coordinator"
    observer = "observer", "Observer"


class PersonRole(LabelledEnum):
    victim = "victim", "Victim"
    perpetrator = "perpetrator", "Perpetrator"
    child = "child", "Child"
    family_member = "family_member", "Family member"
    friend = "friend", "Friend"
    other = "other", "Other"


class Review(IncidentColumns, TimestampMixin, db.Model):
    __tablename__ = "review"
    __scope__ = THE_REVIEW
    __table_args__ = (Index("ix_review_status_notified", "status", "notified_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    review_type: Mapped[ReviewType] = mapped_column(enum_column(ReviewType),
                                                   default=ReviewType.standalone)
    death_type: Mapped[DeathType | None] = mapped_column(enum_column(DeathType))
    date_of_death: Mapped[date | None] = mapped_column(Date)
    notified_on: Mapped[date] = mapped_column(Date)
    notifying_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    decision: Mapped[Decision] = mapped_column(enum_column(Decision), default=Decision.pending)
    decision_on: Mapped[date | None] = mapped_column(Date)
    decision_reasons: Mapped[str | None] = mapped_column(Text)
    home_office_told_on: Mapped[date | None] = mapped_column(Date)
    # The terms of reference' scoping period: what agencies search their records for, and the
    # window a chronology is checked against.
    scoping_start: Mapped[date | None] = mapped_column(Date)
    scoping_end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus), default=ReviewStatus.notified, index=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    publication_url: Mapped[str | None] = mapped_column(String(500))
    # Computed by lifecycle.deadlines on every change of dates, holds or status (never typed),
    # so that lists sort and filter by deadline in SQL.
    next_deadline: Mapped[date | None] = mapped_column(Date, index=True)
    next_deadline_clock: Mapped[str | None] = mapped_column(String(20))

    notifying_agency = relationship("Agency")
    members = relationship("ReviewMember", back_populates="review", cascade="all, delete-orphan")
    people = relationship("Person", back_populates="review", cascade="all, delete-orphan",
                          order_by="Person.id")
    status_changes = relationship("ReviewStatusChange", back_populates="review",
                                  cascade="all, delete-orphan",
                                  order_by="ReviewStatusChange.id")
    holds = relationship("ReviewHold", back_populates="review", cascade="all, delete-orphan",
                         order_by="ReviewHold.id")
    submissions = relationship("HomeOfficeSubmission", back_populates="review",
                               cascade="all, delete-orphan", order_by="HomeOfficeSubmission.id")
    target_date_changes = relationship("TargetDateChange", back_populates="review",
                                       cascade="all, delete-orphan",
                                       order_by="TargetDateChange.id")
    agencies_considered = relationship("AgencyConsidered", back_populates="review",
                                       cascade="all, delete-orphan",
                                       order_by="AgencyConsidered.id")
    proceedings = relationship("ParallelProceeding", back_populates="review",
                               cascade="all, delete-orphan", order_by="ParallelProceeding.id")
    family_contacts = relationship("FamilyContact", back_populates="review",
                                   cascade="all, delete-orphan", order_by="FamilyContact.id")

    def __str__(self):
        return self.reference

    @property
    def review_id(self):
        """Lets audit and scoping treat a review like any row that belongs to a review."""
        return self.id


class ReviewMember(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "review_member"
    __review_backref__ = "members"
    __review_index__ = False  # the unique constraint leads with review_id
    __table_args__ = (UniqueConstraint("review_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole))

    user = relationship("User", back_populates="memberships")

    def __str__(self):
        return f"{self.user} ({self.role.label if self.role else ''})"


class Person(PersonEquality, ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "person"
    __review_backref__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[PersonRole] = mapped_column(enum_column(PersonRole))
    real_name: Mapped[str] = mapped_column(String(160))
    pseudonym: Mapped[str | None] = mapped_column(String(80))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    age: Mapped[int | None] = mapped_column(Integer)
    gender_identity: Mapped[str | None] = mapped_column(String(80))
    disability: Mapped[str | None] = mapped_column(String(200))
    relationship_to_victim: Mapped[str | None] = mapped_column(String(120))

    traits = relationship("PersonTrait", back_populates="person", cascade="all, delete-orphan",
                          order_by="PersonTrait.id")

    def __str__(self):
        return self.pseudonym or f"{self.role.label} #{self.id}"
