"""Jobs of the overview report: the Word document (as written, or for publication: real
names replaced by pseudonyms, and refused while anything identifying is left), and the daily
reminders of feedback rounds (each sent once per agency and kind: UNIQUE(ask, kind))."""
import tempfile
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

import access
import filestore
import jobs
import mailer
from agency_forms import mail
from models import (FeedbackAsk, FeedbackReminder, FeedbackRound, Person, ReportDocument,
                    Review, db)
from report import export, publication, structure

AREA = "jobs"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DUE_SOON_DAYS = 3
MAX_HITS_LISTED = 50


@jobs.job("report.word", startable=jobs.Startable("Download the report in Word",
                                                  back="report.report_view"),
          needs=("report_section", access.EXPORT))
def word(record):
    """The report and executive summary as written (for the panel and the CSP)."""
    return _export(record, for_publication=False)


@jobs.job("report.publication",
          startable=jobs.Startable("Download the report for publication",
                                   back="report.report_view"),
          needs=("report_section", access.EXPORT))
def for_publication(record):
    """The same with pseudonyms; fails, listing each place, while anything identifies."""
    return _export(record, for_publication=True)


def _export(record, for_publication):
    user = record.requested_by
    if not access.may_still_export(user, "report_section", record.review_id):
        raise jobs.JobFailed("You may no longer export this review's report.")
    review = db.session.get(Review, record.review_id)
    people = db.session.scalars(select(Person).where(Person.review_id == review.id)).all()
    documents = []
    for document in ReportDocument:
        sections = [(s.heading, s.body) for s in structure.sections_of(review.id, document)]
        if for_publication:
            sections = [(publication.pseudonymise(h, people), publication.pseudonymise(b, people))
                        for h, b in sections]
        documents.append((document.label, sections))
    reference, today = review.reference, date.today()
    jobs.progress(1, 3, "Read the sections")
    if for_publication:
        hits = publication.check([s for _, sections in documents for s in sections], people)
        if hits:
            raise jobs.JobFailed(_refusal(hits))
    jobs.progress(2, 3, "Checked" if for_publication else "Writing the document")
    status = "For publication" if for_publication else "Draft, not for publication"
    kind = "for publication " if for_publication else ""
    name = f"Report {reference} {kind}{today:%d %b %Y}.docx"
    with tempfile.TemporaryFile() as out:
        export.render(out, {"reference": reference, "status_line": f"{status} \u00b7 "
                            f"{today:%-d %B %Y}"}, documents)
        out.seek(0)
        stored = filestore.put_produced(AREA, out, name, DOCX)
    jobs.progress(3, 3, "Done")
    return stored


def _refusal(hits):
    listed = "; ".join(str(hit) for hit in hits[:MAX_HITS_LISTED])
    more = f" (and {len(hits) - MAX_HITS_LISTED} more)" if len(hits) > MAX_HITS_LISTED else ""
    return (f"Not finished: {len(hits)} identifying detail{'s' if len(hits) != 1 else ''} "
            f"still in the text, to change before publication: {listed}{more}.")


# -- the daily run ----------------------------------------------------------------------------
@jobs.daily
def remind_feedback(today=None):
    """Daily task: agencies asked in an open round hear once when it is due within
    DUE_SOON_DAYS days, and once when it is overdue. Returns how many e-mails went."""
    day = today if isinstance(today, date) else (date.fromisoformat(today) if today
                                                 else date.today())
    asks = db.session.scalars(select(FeedbackAsk).join(FeedbackRound).where(
        FeedbackRound.closed_at.is_(None), FeedbackAsk.finished_at.is_(None),
        FeedbackRound.due_on <= day + timedelta(days=DUE_SOON_DAYS))
        .options(selectinload(FeedbackAsk.round).selectinload(FeedbackRound.review),
                 selectinload(FeedbackAsk.agency)).order_by(FeedbackAsk.id)).all()
    plans = [(ask.id, "overdue" if ask.round.due_on < day else "due_soon") for ask in asks]
    sent = 0
    for ask_id, kind in plans:
        if not jobs.claim(FeedbackReminder(ask_id=ask_id, kind=kind, sent_on=day)):
            continue
        ask = db.session.get(FeedbackAsk, ask_id)
        mailer.send_template(mail.agency_recipients(ask.agency), "report_feedback_reminder",
                             ask=ask, round=ask.round, review=ask.round.review,
                             overdue=kind == "overdue")
        db.session.commit()
        sent += 1
    return sent
