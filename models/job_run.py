"""The record of a long task a person waits for (an export, an import, a pack): what was
asked, by whom, for which review, how far it got, what went wrong, and the file it produced.

Life cycle (status), and who moves it:
- ``queued``: ``jobs.start`` (the page that asked) or ``jobs.run_again`` (after a failure).
- ``running``: ``jobs.execute`` when a worker (or the web process, in-process) takes it;
  attempts + 1, started_at and heartbeat set. ``jobs.progress`` moves done-of-total, the
  message and the heartbeat.
- ``done``: ``jobs.execute`` when the job returned, with its file (file-store key, name, type).
- ``failed``: ``jobs.execute`` when the job raised (error in words), or ``jobs.mark_stale``
  when a running job's heartbeat is older than ``jobs.STALE_AFTER`` (checked whenever the
  record is read, and by the daily run). A failed job can be run again (back to queued).
"""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.mixins import LabelledEnum, TimestampMixin, enum_column, utcnow
from models.scoping import BY_ASKER


class JobStatus(LabelledEnum):
    queued = "queued", "Waiting to start"
    running = "running", "Running"
    done = "done", "Done"
    failed = "failed", "Failed"


class JobRun(TimestampMixin, db.Model):
    __tablename__ = "job_run"
    __scope__ = BY_ASKER

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(80), index=True)  # the job's registered name
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"),
                                                  index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus, length=20),
                                              default=JobStatus.queued, index=True)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    file_key: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(120))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)

    review = relationship("Review")
    requested_by = relationship("User")

    def begin(self):
        self.status, self.error, self.finished_at = JobStatus.running, None, None
        self.attempts = (self.attempts or 0) + 1
        self.started_at = self.heartbeat_at = utcnow()
        self.progress_done, self.progress_total, self.message = 0, None, "Starting"

    def finish(self, produced=None):
        """``produced``: a filestore.StoredFile (key, name, content_type) or None."""
        self.status, self.finished_at, self.error = JobStatus.done, utcnow(), None
        if produced is not None:
            self.file_key, self.file_name = produced.key, produced.name
            self.file_type = produced.content_type

    def fail(self, error):
        self.status, self.finished_at, self.error = JobStatus.failed, utcnow(), error

    def requeue(self):
        self.status, self.error, self.finished_at = JobStatus.queued, None, None
        self.progress_done, self.progress_total, self.message = 0, None, None
        self.file_key = self.file_name = self.file_type = None

    def is_stale(self, cutoff):
        beat = self.heartbeat_at or self.started_at
        return self.status is JobStatus.running and (beat is None or beat < cutoff)

    @property
    def has_file(self):
        return self.status is JobStatus.done and self.file_key is not None

    def __str__(self):
        return f"{self.kind} #{self.id}"
