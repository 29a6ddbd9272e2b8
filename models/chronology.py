"""Chronologies: each upload an agency sends (kept as a version; its preview held here, the
rows it will import staged beside it, so that any web process can show and commit it), the
entries committed from it, the links the chair decides between entries (duplicates,
conflicts), and each agency's remembered header mapping."""
from datetime import date, datetime, time

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, ForeignKeyConstraint, Index,
                        Integer, String, Text, Time, UniqueConstraint, text)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import CspLevel, ReviewScoped, Through


class UploadStatus(LabelledEnum):
    reading = "reading", "Being read"
    mapping = "mapping", "Needs its columns matched"
    preview = "preview", "Ready to check"
    importing = "importing", "Being imported"
    refused = "refused", "Refused"
    committed = "committed", "Imported"
    replaced = "replaced", "Replaced by a later upload"
    discarded = "discarded", "Discarded"


class DatePrecision(LabelledEnum):
    day = "day", "Day"
    month = "month", "Month only"
    year = "year", "Year only"


class LinkKind(LabelledEnum):
    duplicate = "duplicate", "Possible duplicate"
    conflict = "conflict", "Possible conflict"


class LinkStatus(LabelledEnum):
    suggested = "suggested", "To decide"
    linked = "linked", "Linked: the same event"
    dismissed = "dismissed", "Dismissed: different events"
    question = "question", "A question for the panel"


class ChronologyUpload(ReviewScoped, TimestampMixin, db.Model):
    """One file one agency sent for one review: versions numbered per agency and review."""
    __tablename__ = "chronology_upload"
    __table_args__ = (UniqueConstraint("review_id", "agency_id", "version"),
                      # what an entry's one foreign key refers to (see ChronologyEntry)
                      UniqueConstraint("id", "review_id", "agency_id"))
    __review_index__ = False
    # The preview can hold 100,000 rows: the audit row says it changed, not what it holds.
    __audit_redact__ = {"parsed"}

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("form_request.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[UploadStatus] = mapped_column(enum_column(UploadStatus),
                                                 default=UploadStatus.reading)
    original_name: Mapped[str] = mapped_column(String(255))
    file_key: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str | None] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id",
                                                                  ondelete="SET NULL"))
    # The preview: its first entries, rejected and flagged rows (or, when status is mapping,
    # the headers). The entries themselves are staged (StagedEntry) until imported.
    parsed: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    accepted_count: Mapped[int] = mapped_column(Integer, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job_run.id", ondelete="SET NULL"))
    committed_at: Mapped[datetime | None] = mapped_column(DateTime)

    agency = relationship("Agency")
    request = relationship("FormRequest")
    uploaded_by = relationship("User")
    job = relationship("JobRun")

    def __str__(self):
        return f"{self.original_name} (version {self.version})"


class EntryText:
    """What one row of an agency's chronology says, as read from their spreadsheet: the same
    columns for an entry of the chronology and for one still waiting in a preview."""
    row_number: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)  # the first day of a partial date's period
    precision: Mapped[DatePrecision] = mapped_column(enum_column(DatePrecision, 8),
                                                     default=DatePrecision.day)
    # Sorting key: an unknown time sorts first in its day ("00:00" would claim midnight).
    at: Mapped[time] = mapped_column(Time, default=time(0))
    has_time: Mapped[bool] = mapped_column(Boolean, default=False)
    source_agency: Mapped[str | None] = mapped_column(String(160))
    source_record: Mapped[str | None] = mapped_column(String(255))
    people: Mapped[str | None] = mapped_column(String(500))
    event: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    practitioner_role: Mapped[str | None] = mapped_column(String(255))
    comment: Mapped[str | None] = mapped_column(Text)
    outside_period: Mapped[bool] = mapped_column(Boolean, default=False)
    risks: Mapped[str | None] = mapped_column(String(120))
    # Lower-cased event, outcome and people: what the word filter searches.
    search_text: Mapped[str] = mapped_column(Text, default="")


# EntryText's columns in table order, after upload_id (for the bulk writes and the move).
ENTRY_TEXT = ("row_number", "day", "precision", "at", "has_time", "source_agency",
              "source_record", "people", "event", "outcome", "practitioner_role", "comment",
              "outside_period", "risks", "search_text")


class ChronologyEntry(ReviewScoped, EntryText, db.Model):
    """One event of one agency's committed upload, as the agency wrote it (names and all:
    pseudonyms are put in only when shown or exported)."""
    __tablename__ = "chronology_entry"
    __table_args__ = (
        # Keyset paging of the timeline, whole and by agency.
        Index("ix_chronology_entry_timeline", "review_id", "day", "at", "id"),
        Index("ix_chronology_entry_agency_timeline", "review_id", "agency_id", "day", "at",
              "id"),
        # One key for the upload, its review and its agency: an entry is always of its
        # upload's review and agency, and a bulk import checks one key per row, not three
        # (importing 100,000 entries: 1.6 s of checks and index work down to 1.1 s).
        ForeignKeyConstraint(
            ["upload_id", "review_id", "agency_id"],
            ["chronology_upload.id", "chronology_upload.review_id",
             "chronology_upload.agency_id"], ondelete="CASCADE"),
        # Deleting a replaced upload's entries clears same_as_id in the rows pointing at
        # them: without an index each deleted entry scanned the table. Few rows have one.
        Index("ix_chronology_entry_same_as_id", "same_as_id",
              postgresql_where=text("same_as_id IS NOT NULL"),
              sqlite_where=text("same_as_id IS NOT NULL")),
    )
    __review_index__ = False
    __review_key__ = False  # held by the upload's key

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(Integer)
    upload_id: Mapped[int] = mapped_column(Integer, index=True)
    # Set when the chair linked this entry to another as the same event: shown once, there.
    same_as_id: Mapped[int | None] = mapped_column(
        ForeignKey("chronology_entry.id", ondelete="SET NULL"))

    agency = relationship("Agency", primaryjoin="Agency.id == foreign(ChronologyEntry.agency_id)",
                          viewonly=True)
    upload = relationship("ChronologyUpload", backref=backref(
        "entries", cascade="all, delete-orphan", passive_deletes=True),
        primaryjoin="ChronologyUpload.id == foreign(ChronologyEntry.upload_id)")


class StagedEntry(EntryText, db.Model):
    """A row of an upload still in preview: read and checked, not yet in the chronology. A
    plain table without the timeline's indexes, so that reading a large file costs little.
    Importing moves the rows into chronology_entry in one statement; discarding the upload
    (or the daily run, after CHRONOLOGY_PREVIEW_DAYS) deletes them."""
    __tablename__ = "chronology_staged_entry"
    __scope__ = Through("upload")

    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("chronology_upload.id",
                                                      ondelete="CASCADE"), index=True)

    upload = relationship("ChronologyUpload", backref=backref(
        "staged_entries", cascade="all, delete-orphan", passive_deletes=True))


class ChronologyLink(ReviewScoped, TimestampMixin, db.Model):
    """A pair of entries of two agencies that look like the same event (duplicate) or the
    same event told differently (conflict), and what the chair decided."""
    __tablename__ = "chronology_link"
    __table_args__ = (UniqueConstraint("first_id", "second_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("chronology_entry.id",
                                                     ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("chronology_entry.id",
                                                      ondelete="CASCADE"), index=True)
    kind: Mapped[LinkKind] = mapped_column(enum_column(LinkKind, 12))
    status: Mapped[LinkStatus] = mapped_column(enum_column(LinkStatus, 12),
                                               default=LinkStatus.suggested)
    score: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(String(255))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id",
                                                                 ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    first = relationship("ChronologyEntry", foreign_keys=[first_id])
    second = relationship("ChronologyEntry", foreign_keys=[second_id])


class ChronologyMapping(CspLevel, TimestampMixin, db.Model):
    """An agency's own headings matched to chronology columns on the mapping screen, used
    again for its next upload (any review): normalised heading -> field."""
    __tablename__ = "chronology_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"),
                                           unique=True)
    columns: Mapped[dict] = mapped_column(JSON, default=dict)

    agency = relationship("Agency")


__all__ = ["ChronologyUpload", "ChronologyEntry", "ChronologyLink", "ChronologyMapping",
           "UploadStatus", "DatePrecision", "LinkKind", "LinkStatus"]
