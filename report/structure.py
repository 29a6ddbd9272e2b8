"""A review's report starts with the Home Office structure (DESIGN section 5); the chair adds,
renames, reorders and removes (archives) sections."""
from sqlalchemy import func, select

from models import ReportDocument, ReportSection, SectionRevision, db

OVERVIEW = (
    "Introduction", "Timescales", "Confidentiality and pseudonyms", "Terms of reference",
    "Methods", "Family involvement", "Contributors to the review", "The review panel",
    "Independence of the chair", "Parallel proceedings", "Equality and diversity",
    "Dissemination", "Background", "Chronology and overview", "Analysis by term of reference",
    "Conclusions", "Lessons to be learned", "Recommendations",
    "Appendix: action plan", "Appendix: glossary",
)
SUMMARY = (
    "The review process", "Contributors to the review", "The review panel",
    "Terms of reference", "Summary chronology", "Key issues arising from the review",
    "Conclusions", "Lessons to be learned", "Recommendations",
)
STRUCTURE = {ReportDocument.overview: OVERVIEW, ReportDocument.summary: SUMMARY}


def sections_of(review_id, document=None):
    query = select(ReportSection).where(ReportSection.review_id == review_id,
                                        ReportSection.removed.is_(False))
    if document is not None:
        query = query.where(ReportSection.document == document)
    return db.session.scalars(query.order_by(ReportSection.document,
                                             ReportSection.position, ReportSection.id)).all()


def start_report(review_id, user=None):
    """Create both documents' sections once; returns how many were created."""
    exists = db.session.scalar(select(func.count()).select_from(ReportSection)
                               .where(ReportSection.review_id == review_id))
    if exists:
        return 0
    created = 0
    for document, headings in STRUCTURE.items():
        for position, heading in enumerate(headings, start=1):
            add_section(review_id, document, heading, user, position=position)
            created += 1
    return created


def add_section(review_id, document, heading, user=None, position=None, body=""):
    if position is None:
        position = 1 + (db.session.scalar(
            select(func.max(ReportSection.position)).where(
                ReportSection.review_id == review_id, ReportSection.document == document)) or 0)
    section = ReportSection(review_id=review_id, document=document, heading=heading.strip(),
                            position=position, body=body, version=1)
    db.session.add(section)
    db.session.flush()
    db.session.add(SectionRevision(section_id=section.id, number=1, heading=section.heading,
                                   body=body, author_id=getattr(user, "id", None),
                                   note="started"))
    return section


def rename(section, heading):
    section.heading = heading.strip()


def move(section, step):
    """Swap with the neighbour above (step -1) or below (+1) in the same document."""
    siblings = sections_of(section.review_id, section.document)
    index = siblings.index(section)
    other = index + step
    if 0 <= other < len(siblings):
        for position, each in enumerate(siblings, start=1):
            each.position = position
        siblings[index].position, siblings[other].position = (siblings[other].position,
                                                              siblings[index].position)


def remove(section):
    section.removed = True
