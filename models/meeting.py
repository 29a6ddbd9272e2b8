"""A meeting of a review (panel, scoping, family...), its invitations (a review member or an
agency contact, each with their own answer link), its minutes, and the claims of the daily
"your paper is missing" reminders. Invitations, minutes and reminders belong to the review
through their meeting."""
from datetime import date, datetime

from sqlalchemy import (Date, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import ReviewScoped, Through


class MeetingKind(LabelledEnum):
    panel = "panel", "Panel meeting"
    scoping = "scoping", "Scoping meeting"
    family = "family", "Family meeting"
    practitioner_event = "practitioner_event", "Practitioner learning event"
    home_office_qa = "home_office_qa", "Home Office QA meeting"
    other = "other", "Other meeting"


class MeetingStatus(LabelledEnum):
    scheduled = "scheduled", "Scheduled"
    cancelled = "cancelled", "Cancelled"


class Response(LabelledEnum):
    pending = "pending", "Not answered"
    accepted = "accepted", "Accepted"
    declined = "declined", "Declined"


class Attendance(LabelledEnum):
    unknown = "unknown", "Not recorded"
    attended = "attended", "Attended"
    apologies = "apologies", "Sent apologies"
    absent = "absent", "Did not attend"


class Meeting(ReviewScoped, TimestampMixin, db.Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind))
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus),
                                                  default=MeetingStatus.scheduled)
    # Naive UTC, like every date-time of the system; typed and shown in London time.
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str | None] = mapped_column(String(300))
    online_link: Mapped[str | None] = mapped_column(String(500))
    agenda: Mapped[str | None] = mapped_column(Text)
    papers_due_on: Mapped[date | None] = mapped_column(Date)
    # The calendar event: one UID for its whole life, SEQUENCE raised on every change sent.
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    organiser = relationship("User")
    invitations = relationship("Invitation", back_populates="meeting",
                               cascade="all, delete-orphan", order_by="Invitation.id")
    minutes = relationship("Minutes", back_populates="meeting", uselist=False,
                           cascade="all, delete-orphan")

    def __str__(self):
        reference = self.review.reference if self.review else "?"
        return f"{reference} {self.kind.label.lower() if self.kind else 'meeting'}"

    @property
    def is_cancelled(self):
        return self.status is MeetingStatus.cancelled


class Invitation(TimestampMixin, db.Model):
    """One invitee: a user (a review member or agency staff) or an agency's contact address.
    Agency-side invitations name their agency, so agency staff reach their own agency's only.
    The answer link's token is kept as its SHA-256 only, with its expiry."""
    __tablename__ = "invitation"
    __scope__ = Through("meeting")
    __table_args__ = (UniqueConstraint("meeting_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                                index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    email: Mapped[str] = mapped_column(String(255))
    response: Mapped[Response] = mapped_column(enum_column(Response), default=Response.pending)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime)
    attendance: Mapped[Attendance] = mapped_column(enum_column(Attendance),
                                                   default=Attendance.unknown)
    token_hash: Mapped[str | None] = mapped_column(String(64))
    token_expires_at: Mapped[datetime | None] = mapped_column(DateTime)

    meeting = relationship("Meeting", back_populates="invitations")
    user = relationship("User")
    agency = relationship("Agency")

    def __str__(self):
        return self.email


class Minutes(TimestampMixin, db.Model):
    """Drafted by the coordinator, approved by the review's chair; then locked and circulated."""
    __tablename__ = "minutes"
    __scope__ = Through("meeting")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            unique=True)
    text: Mapped[str] = mapped_column(Text, default="")
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    circulated_at: Mapped[datetime | None] = mapped_column(DateTime)

    meeting = relationship("Meeting", back_populates="minutes")
    drafted_by = relationship("User", foreign_keys=[drafted_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])

    @property
    def is_locked(self):
        return self.approved_at is not None

    def __str__(self):
        return f"Minutes of {self.meeting}"


class PaperReminder(TimestampMixin, db.Model):
    """The claim of one "your paper is missing" reminder: once per meeting and agency."""
    __tablename__ = "paper_reminder"
    __scope__ = Through("meeting")
    __table_args__ = (UniqueConstraint("meeting_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    sent_on: Mapped[date] = mapped_column(Date)

    meeting = relationship("Meeting")


class PaperPack(TimestampMixin, db.Model):
    """Which meeting a "papers as a zip" job record is about (the JobRun carries no ids)."""
    __tablename__ = "paper_pack"
    __scope__ = Through("meeting")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            index=True)
    job_run_id: Mapped[int] = mapped_column(ForeignKey("job_run.id", ondelete="CASCADE"),
                                            unique=True)

    meeting = relationship("Meeting")
    job_run = relationship("JobRun")
