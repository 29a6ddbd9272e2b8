"""Saving a section: every save names the version it was based on and wins only by a
conditional ``UPDATE report_section SET ... WHERE id = :id AND version = :seen`` (the
database decides, so two web processes can never both win). A save that finds a newer
version merges three-way (report.merging) and tries again; a conflict keeps the writer's
text as their draft (SectionDraft) and returns it side by side, nothing saved over anyone."""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select, update

from models import ReportSection, SectionDraft, SectionPresence, SectionRevision, User, db
from models.mixins import utcnow
from report import merging

ATTEMPTS = 20
PRESENT_FOR = timedelta(seconds=30)


@dataclass
class Saved:
    status: str  # "saved", "unchanged", "conflict"
    version: int
    body: str
    merged: bool = False
    conflicts: list = field(default_factory=list)  # [{"mine": text, "theirs": text}]
    parts: list = field(default_factory=list)


def revision_body(section_id, number):
    return db.session.scalar(select(SectionRevision.body).where(
        SectionRevision.section_id == section_id, SectionRevision.number == number))


def _current(section_id):
    return db.session.execute(select(ReportSection.body, ReportSection.version)
                              .where(ReportSection.id == section_id)).one()


def save(section_id, base_version, body, user, note=None):
    """Save ``body`` (written on ``base_version``) as the user's new revision."""
    body = merging.normalised(body)
    base_text = None
    for _ in range(ATTEMPTS):
        current_body, current_version = _current(section_id)
        target, merged = body, False
        if current_version != base_version:
            if base_text is None:
                base_text = revision_body(section_id, base_version) or ""
            result = merging.merge(base_text, body, current_body)
            if not result.clean:
                return _conflict(section_id, base_version, body, user, current_version,
                                 current_body, result)
            target, merged = result.text(), True
        if target == merging.normalised(current_body):
            _drop_draft(section_id, user)
            db.session.commit()
            return Saved("unchanged", current_version, current_body, merged)
        if _conditional_update(section_id, current_version, target):
            db.session.add(SectionRevision(section_id=section_id, number=current_version + 1,
                                           heading=_heading(section_id), body=target,
                                           author_id=user.id,
                                           note=note or ("merged" if merged else None)))
            _drop_draft(section_id, user)
            db.session.commit()
            return Saved("saved", current_version + 1, target, merged)
        db.session.rollback()  # someone saved between our read and our update: again
    raise RuntimeError("the section kept changing; try saving again")


def _conditional_update(section_id, seen_version, target):
    done = db.session.execute(
        update(ReportSection).where(ReportSection.id == section_id,
                                    ReportSection.version == seen_version)
        .values(body=target, version=seen_version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    return done.rowcount == 1


def _heading(section_id):
    return db.session.scalar(select(ReportSection.heading).where(ReportSection.id == section_id))


def _conflict(section_id, base_version, body, user, current_version, current_body, result):
    keep_draft(section_id, user, base_version, body)
    db.session.commit()
    conflicts = [{"mine": merging.join(m), "theirs": merging.join(t)}
                 for _, m, t in result.conflicts]
    parts = [{"text": merging.join(p[1])} if p[0] == "text" else
             {"mine": merging.join(p[1]), "theirs": merging.join(p[2])} for p in result.parts]
    return Saved("conflict", current_version, current_body, conflicts=conflicts, parts=parts)


def keep_draft(section_id, user, base_version, body):
    draft = draft_of(section_id, user)
    if draft is None:
        db.session.add(SectionDraft(section_id=section_id, user_id=user.id,
                                    base_version=base_version, body=body))
    else:
        draft.base_version, draft.body = base_version, body


def draft_of(section_id, user):
    return db.session.scalar(select(SectionDraft).where(SectionDraft.section_id == section_id,
                                                        SectionDraft.user_id == user.id))


def _drop_draft(section_id, user):
    db.session.execute(delete(SectionDraft).where(SectionDraft.section_id == section_id,
                                                  SectionDraft.user_id == user.id))


def restore(section, number, user):
    """An old revision's text saved as a new revision (nothing in between is lost)."""
    old = revision_body(section.id, number)
    if old is None:
        return None
    saved = save(section.id, section.version, old, user, note=f"restored from version {number}")
    return saved


# -- who else is editing ----------------------------------------------------------------------
def here(section_id, user):
    """Mark the user present on the section now (one row per person, updated in place)."""
    now = utcnow()
    done = db.session.execute(update(SectionPresence).where(
        SectionPresence.section_id == section_id, SectionPresence.user_id == user.id)
        .values(seen_at=now, updated_at=now).execution_options(synchronize_session=False))
    if done.rowcount == 0:
        from jobs import claim
        claim(SectionPresence(section_id=section_id, user_id=user.id, seen_at=now))
    db.session.commit()


def others_here(section_id, user):
    since = utcnow() - PRESENT_FOR
    return db.session.scalars(select(User).join(SectionPresence, SectionPresence.user_id == User.id)
                              .where(SectionPresence.section_id == section_id,
                                     SectionPresence.user_id != user.id,
                                     SectionPresence.seen_at >= since)
                              .order_by(User.email)).all()
