"""The overview report and executive summary, written together: sections (the current text
and its ``version``), every saved revision, comments, who is editing now, text kept from a
conflict, and feedback rounds (which agencies are asked, what they said, reminders sent)."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, \
    UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import ReviewScoped, Through


class ReportDocument(LabelledEnum):
    overview = "overview", "Overview report"
    summary = "summary", "Executive summary"


class ReportSection(ReviewScoped, TimestampMixin, db.Model):
    """``version`` is the number of the latest revision; a save names the version it was
    based on and wins only by ``UPDATE ... WHERE version = base`` (report.editing)."""
    __tablename__ = "report_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[ReportDocument] = mapped_column(enum_column(ReportDocument))
    position: Mapped[int] = mapped_column(Integer, default=0)
    heading: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)  # archived, never deleted

    revisions = relationship("SectionRevision", back_populates="section",
                             cascade="all, delete-orphan", passive_deletes=True,
                             lazy="raise_on_sql", order_by="SectionRevision.number")

    def __str__(self):
        return self.heading


class SectionRevision(TimestampMixin, db.Model):
    __tablename__ = "section_revision"
    __scope__ = Through("section")
    __audit_redact__ = {"body"}  # the revision is itself the record of the text
    __table_args__ = (UniqueConstraint("section_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("report_section.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    note: Mapped[str | None] = mapped_column(String(200))  # "restored from 3", "merged"

    section = relationship("ReportSection", back_populates="revisions")
    author = relationship("User")

    def __str__(self):
        return f"{self.section} · version {self.number}"


class ReportComment(TimestampMixin, db.Model):
    """On a section, or on one paragraph of it (``paragraph``, counted from 1); answers
    point at the comment they answer."""
    __tablename__ = "report_comment"
    __scope__ = Through("section")

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("report_section.id", ondelete="CASCADE"),
                                            index=True)
    paragraph: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("report_comment.id",
                                                             ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    section = relationship("ReportSection")
    author = relationship("User", foreign_keys=[author_id])
    answers = relationship("ReportComment", order_by="ReportComment.id")

    def __str__(self):
        return f"Comment on {self.section}"


class SectionPresence(TimestampMixin, db.Model):
    """Who has the section open: refreshed by the editing page, current while recent."""
    __tablename__ = "section_presence"
    __scope__ = Through("section")
    __table_args__ = (UniqueConstraint("section_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("report_section.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime)

    section = relationship("ReportSection")
    user = relationship("User")


class SectionDraft(TimestampMixin, db.Model):
    """A writer's text that met a conflicting change: kept until they resolve it."""
    __tablename__ = "section_draft"
    __scope__ = Through("section")
    __audit_redact__ = {"body"}
    __table_args__ = (UniqueConstraint("section_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("report_section.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    base_version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)

    section = relationship("ReportSection")


class FeedbackRound(ReviewScoped, TimestampMixin, db.Model):
    """The chair asks agencies to check the report as it stood (``versions``: section id ->
    version number when the round opened) by ``due_on``."""
    __tablename__ = "feedback_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    versions: Mapped[dict] = mapped_column(JSON, default=dict)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    asks = relationship("FeedbackAsk", back_populates="round", cascade="all, delete-orphan",
                        order_by="FeedbackAsk.id")

    def __str__(self):
        return self.title


class FeedbackAsk(TimestampMixin, db.Model):
    """One agency asked in a round (agency users reach only their own agency's)."""
    __tablename__ = "feedback_ask"
    __scope__ = Through("round")
    __table_args__ = (UniqueConstraint("round_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("feedback_round.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    round = relationship("FeedbackRound", back_populates="asks")
    agency = relationship("Agency")
    items = relationship("FeedbackItem", back_populates="ask", cascade="all, delete-orphan",
                         order_by="FeedbackItem.id")

    def __str__(self):
        return f"{self.round} · {self.agency}"


class FeedbackItem(TimestampMixin, db.Model):
    """An agency's point of factual accuracy on one section (and paragraph)."""
    __tablename__ = "feedback_item"
    __scope__ = Through("ask")

    id: Mapped[int] = mapped_column(primary_key=True)
    ask_id: Mapped[int] = mapped_column(ForeignKey("feedback_ask.id", ondelete="CASCADE"),
                                        index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("report_section.id", ondelete="CASCADE"),
                                            index=True)
    paragraph: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    dealt_with_at: Mapped[datetime | None] = mapped_column(DateTime)
    dealt_with_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    response: Mapped[str | None] = mapped_column(Text)

    ask = relationship("FeedbackAsk", back_populates="items")
    section = relationship("ReportSection")


class FeedbackReminder(TimestampMixin, db.Model):
    """UNIQUE(ask, kind): each reminder of a round goes to an agency once, however often the
    daily run goes."""
    __tablename__ = "feedback_reminder"
    __scope__ = Through("ask")
    __table_args__ = (UniqueConstraint("ask_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ask_id: Mapped[int] = mapped_column(ForeignKey("feedback_ask.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # "due_soon", "overdue"
    sent_on: Mapped[date] = mapped_column(Date)

    ask = relationship("FeedbackAsk")
