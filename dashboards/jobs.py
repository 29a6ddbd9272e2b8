"""Jobs: the Home Office data collection return of a review (an xlsx filled through
``dashboards/data_collection.toml``), and the same return for every review notified in a
period (from the command line). Rows are those the asker may still export when the job runs."""
import tempfile

import access
import filestore
import jobs
from dashboards import returns, xlsx
from models import Review, db

AREA = "jobs"


@jobs.job("exports.data_collection",
          startable=jobs.Startable("Download the data collection return", back="review.page"),
          needs=("data_collection", access.EXPORT))
def data_collection(record):
    """``record``: the JobRun (review, who asked). Returns the stored file."""
    user = record.requested_by
    if not access.may_still_export(user, "data_collection", record.review_id):
        raise jobs.JobFailed("You may no longer export this review's return.")
    reference = db.session.get(Review, record.review_id).reference
    with tempfile.TemporaryFile() as out:
        count = write_return(out, [record.review_id])
        jobs.progress(count, count, f"Written {count} rows")
        out.seek(0)
        return filestore.put_produced(AREA, out, f"Data collection {reference}.xlsx", xlsx.XLSX)


def write_return(out, review_ids, today=None, progress=None):
    """The return of these reviews into ``out``; returns the number of rows written."""
    title, sheets = returns.load()
    filled, _ = returns.fill(returns.read(review_ids, today), sheets)
    xlsx.write(out, [(sheet.name, [c.heading for c in sheet.columns], filled[sheet.name],
                      [title] if index == 0 else [])
                     for index, sheet in enumerate(sheets)], progress)
    return sum(len(rows) for rows in filled.values())
