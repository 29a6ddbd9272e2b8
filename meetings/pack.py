"""Job: a meeting's papers as one zip, only the papers the person who asked may see when it
runs. Started from the meeting page (``start``), followed through its JobRun record, and
downloaded from the one job download view. Member names inside the zip are the documents'
safe names, numbered so that two papers of the same name never collide."""
import tempfile
import zipfile

from sqlalchemy import select

import access
import filestore
import jobs
from meetings import documents
from models import Document, JobRun, Meeting, PaperPack, db

AREA = "jobs"


# Started from a meeting's page (``start``), run again from the jobs list.
@jobs.job("meetings.pack", startable=jobs.Startable("Make a zip of the papers", back="review.page"),
          needs=("document", access.READ))
def papers_pack(record):
    user = record.requested_by
    pack = db.session.scalar(select(PaperPack).where(PaperPack.job_run_id == record.id))
    if pack is None:
        raise jobs.JobFailed("This pack is not about a meeting.")
    meeting = db.session.scalar(access.scope(select(Meeting), Meeting, user=user).where(
        Meeting.id == pack.meeting_id)) if user is not None and user.active else None
    if meeting is None:
        raise jobs.JobFailed("You may no longer see this meeting.")
    papers = [(d.original_name, d.storage_key) for d in documents.visible_papers(meeting, user)]
    name = f"Papers {meeting.review.reference} {meeting.starts_at:%d %b %Y}.zip"
    jobs.progress(0, len(papers), f"{len(papers)} papers to pack")
    with tempfile.TemporaryFile() as out:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for number, (original, key) in enumerate(papers, start=1):
                archive.writestr(f"{number:02d} {filestore.clean_name(original)}",
                                 filestore.read(documents.AREA, key))
                jobs.progress(number, len(papers), f"Packed {number} of {len(papers)}")
        out.seek(0)
        return filestore.put_produced(AREA, out, name, "application/zip")


def start(meeting, user):
    """Create the job record and its link to the meeting, commit, then enqueue (the job must
    find both)."""
    record = JobRun(kind=jobs.job_name(papers_pack), review_id=meeting.review_id,
                    requested_by=user)
    db.session.add_all([record, PaperPack(meeting=meeting, job_run=record)])
    db.session.commit()
    record_id = record.id
    jobs.enqueue(papers_pack, record_id)
    return db.session.get(JobRun, record_id)


def latest(meeting, user):
    return db.session.scalar(select(JobRun).join(PaperPack, PaperPack.job_run_id == JobRun.id)
                             .where(PaperPack.meeting_id == meeting.id,
                                    JobRun.requested_by_id == user.id)
                             .order_by(JobRun.id.desc()).limit(1))


def visible_count(meeting, user):
    return len(documents.visible_papers(meeting, user))


__all__ = ["papers_pack", "start", "latest", "Document"]
