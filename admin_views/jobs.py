"""Jobs a person started and waits for (exports first): the list for admins, the panel on the
page that started one (``job_panel``, polled by static/jobs.js), its JSON status, running a
failed one again, and the ONE download view of produced files (scoped and audited).

Which jobs a page may start, and the permission on the review each needs (an export of a
review's forms needs ``form_request`` export on that review), each capability declares with
``@jobs.job(name, startable=..., needs=...)``: ``jobs.startable(kind)``."""
from flask import flash, jsonify, redirect, render_template, url_for
from flask_admin import expose
from flask_security import current_user
from markupsafe import Markup
from sqlalchemy import select

import access
import audit
import filestore
import jobs
from admin_views.base import SecureModelView, secured
from dates import when
from models import AuditAction, JobRun, JobStatus, Review, db

RUN = "run"
JOB = (JobRun, "job_id")  # the row the job pages are about


def may_start(startable, review_id):
    return access.allowed(startable.resource, startable.action) and access.can_see_review(
        review_id, action=startable.action, resource=startable.resource)


def status_of(record):
    """What the page shows and jobs.js polls."""
    total = record.progress_total
    return {
        "id": record.id, "status": record.status.name, "label": record.status.label,
        "done": record.progress_done, "total": total,
        "percent": round(100 * record.progress_done / total) if total else
        (100 if record.status is JobStatus.done else 0),
        "message": record.message or "", "error": record.error or "",
        "finished": when(record.finished_at), "started": when(record.started_at),
        "file_name": record.file_name if record.has_file else "",
        "download_url": url_for("jobrun.download_view", job_id=record.id)
        if record.has_file else "",
        "status_url": url_for("jobrun.status_view", job_id=record.id),
    }


def job_panel(kind, review, suffix=""):
    """The panel of ``kind`` on a review's page: a start button and the person's latest run
    of it, with its progress, error or file. Empty when the person may not start it.
    ``suffix``: keeps the panel's ids unique on a page holding several panels."""
    startable = jobs.startable(kind)
    if not may_start(startable, review.id):
        return ""
    record = db.session.scalar(access.scope(select(JobRun), JobRun).where(
        JobRun.kind == kind, JobRun.review_id == review.id,
        JobRun.requested_by_id == current_user.id).order_by(JobRun.id.desc()).limit(1))
    if record is not None:
        jobs.mark_stale(record)
    return Markup(render_template("jobs/_panel.html", kind=kind, startable=startable,
                                  review=review, record=record,
                                  sfx=f"-{suffix}" if suffix else "",
                                  state=status_of(record) if record else None))


def _progress(view, context, model, name):
    if model.progress_total:
        return f"{model.progress_done} of {model.progress_total}"
    return ""


def _time(view, context, model, name):
    return when(getattr(model, name))


class JobRunView(SecureModelView):
    name = "Jobs"
    resource = "job_run"
    can_view_details = True
    can_export = False
    column_list = ("created_at", "kind", "review", "requested_by", "status", "progress",
                   "attempts", "finished_at", "error")
    column_labels = {"created_at": "Asked", "kind": "Job", "requested_by": "Asked by",
                     "finished_at": "Finished"}
    column_formatters = {"progress": _progress, "created_at": _time, "finished_at": _time}
    column_default_sort = ("created_at", True)
    column_filters = ("status", "kind")
    action_permissions = {"delete": access.DELETE}

    def _record(self, job_id, action=access.READ):
        record = self.get_for(job_id, action)
        jobs.mark_stale(record)
        return record

    @expose("/<int:job_id>/status.json")
    @secured("job_run", access.READ, row=JOB)
    def status_view(self, job_id):
        return jsonify(status_of(self._record(job_id)))

    @expose("/<int:job_id>/download/")
    @secured("job_run", access.READ, row=JOB, fresh=True)  # the file is data leaving
    def download_view(self, job_id):
        record = self._record(job_id)
        if not record.has_file or not filestore.exists(jobs.AREA, record.file_key):
            access.deny(404, "JobRun file", job_id)
        audit.record(AuditAction.export, obj=record, changes={
            "job": record.kind, "file": record.file_name}, commit=True)
        return filestore.download(jobs.AREA, record.file_key, record.file_name, record.file_type)

    @expose("/<int:job_id>/again/", methods=("POST",))
    @secured("job_run", RUN, row=JOB)
    def again_view(self, job_id):
        record = self._record(job_id, RUN)
        startable = jobs.startable(record.kind)
        if startable is None or (record.review_id and not may_start(startable,
                                                                     record.review_id)):
            access.deny(403, self.resource, job_id)
        if record.status is JobStatus.failed:
            jobs.run_again(record)
            flash(f"{startable.title}: started again.", "success")
        return self._back(startable, record.review_id)

    @expose("/start/<kind>/<int:review_id>/", methods=("POST",))
    @secured("review", access.READ, row=(Review, "review_id"))  # the kind's own need below
    def start_view(self, kind, review_id):
        startable = jobs.startable(kind)
        if startable is None:
            access.deny(404, "JobKind", None)
        review = db.session.scalar(access.scope(select(Review).where(Review.id == review_id),
                                                Review))
        if review is None:
            access.deny(404, "Review", review_id)
        if not may_start(startable, review_id):
            access.deny(403, startable.resource, review_id)
        jobs.start(startable.func, current_user, review_id=review_id)
        return self._back(startable, review_id)

    def _back(self, startable, review_id):
        return redirect(url_for(startable.back, review_id=review_id) + "#jobs")


def register(admin):
    admin.add_view(JobRunView(JobRun, category="Administration", endpoint="jobrun"))
    admin.app.jinja_env.globals["job_panel"] = job_panel
