"""Job: "Download the forms tracker", an xlsx of a review's form requests (agency, form,
status, due date, days late, sent, submitted, reminders) for the coordinator's chasing
meeting. Rows are those the person who asked may see, as they are when the job runs.

Written with openpyxl's write_only mode (constant memory), every text cell forced to a string
so that an agency name beginning with "=" is never a formula; dates are real dates shown as
"1 Dec 2026"."""
import tempfile
from datetime import date

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import access
import filestore
import jobs
import sheets
from models import FormRequest, Review, db

AREA = "jobs"
XLSX = sheets.XLSX
HEADINGS = ("Agency", "Form", "Status", "Due", "Days late", "Sent", "Submitted",
            "Reminders sent", "Last reminder")


@jobs.job("forms.tracker", startable=jobs.Startable("Download the forms tracker",
                                                     back="formrequest.grid_view"),
          needs=("form_request", access.EXPORT))
def forms_tracker(record):
    """``record``: the JobRun (review, who asked). Returns the stored file."""
    user, today = record.requested_by, date.today()
    if not access.may_still_export(user, "form_request", record.review_id):
        raise jobs.JobFailed("You may no longer export this review's forms.")
    review = db.session.get(Review, record.review_id)
    requests = db.session.scalars(access.scope(select(FormRequest), FormRequest, user=user)
                                  .where(FormRequest.review_id == review.id)
                                  .options(selectinload(FormRequest.agency),
                                           selectinload(FormRequest.reminders))
                                  .order_by(FormRequest.id)).all()
    # Plain values first: progress() commits, which would expire every loaded row.
    rows = sorted((_values(request, today) for request in requests),
                  key=lambda row: (row[0], row[1]))
    name = f"Forms tracker {review.reference} {today:%d %b %Y}.xlsx"
    total = len(rows)
    jobs.progress(0, total, f"Read {total} form requests")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Forms tracker")
    sheet.append([sheets.text(sheet, heading, bold=True) for heading in HEADINGS])
    for done, row in enumerate(rows, start=1):
        sheet.append(_cells(sheet, row))
        jobs.progress(done, total, f"Written {done} of {total} form requests")
    with tempfile.TemporaryFile() as out:
        workbook.save(out)
        out.seek(0)
        return filestore.put_produced(AREA, out, name, XLSX)


def _values(request, today):
    reminders = request.reminders
    return (request.agency.name, request.form_type.label, request.status.label,
            request.due_on, request.days_overdue(today),
            request.sent_at and request.sent_at.date(),
            request.submitted_at and request.submitted_at.date(),
            len(reminders), max((r.sent_on for r in reminders), default=None))


def _cells(sheet, row):
    agency, form, status, due, late, sent, submitted, chased, last = row
    text, day = sheets.text, sheets.day
    return [text(sheet, agency), text(sheet, form), text(sheet, status), day(sheet, due), late,
            day(sheet, sent), day(sheet, submitted), chased, day(sheet, last)]


