"""The consolidated chronology of a review (/admin/chronology/review/<id>/): every agency's
entries in one timeline with filters and keyset paging, pseudonyms unless names are asked for
(and allowed), duplicates and conflicts for the chair to decide, "who knew what, when" lanes
with the same data as a table, exports as jobs; and a review manager's upload for any
agency, with the same preview the portal shows."""
from flask import Response, flash, redirect, render_template, request, url_for
from flask_admin import expose
from flask_security import current_user
from markupsafe import Markup
from sqlalchemy import func, select

import access
import audit
from admin_views.base import SecureView, secured
from chronology import actions, links, timeline, uploads
from chronology.dates import shown
from chronology.forms import (LinkDecisionForm, ManagerUploadForm, PostForm, chosen_columns,
                              mapping_form)
from chronology.matching import FIELDS, HEADINGS
from models import (Agency, AuditAction, ChronologyEntry, ChronologyLink, ChronologyUpload,
                    JobRun, LinkStatus, Review, UploadStatus, db)

REVIEW, LINK = (Review, "review_id"), (ChronologyLink, "link_id")
UPLOAD = (ChronologyUpload, "upload_id")
LANE_MARKS = 5000  # the picture's marks; the table pages through everything
DECISIONS = {"link": LinkStatus.linked, "dismiss": LinkStatus.dismissed,
             "question": LinkStatus.question}


class ChronologyView(SecureView):
    resource = "chronology_entry"

    def is_visible(self):
        return False  # reached from the review page

    @expose("/")
    @secured("chronology_entry", access.READ)
    def index(self):
        return redirect(url_for("review.index_view"))  # a chronology is a review's

    @expose("/review/<int:review_id>/")
    @secured("chronology_entry", access.READ, row=REVIEW)
    def review_view(self, review_id):
        review = db.session.get(Review, review_id)
        names = request.args.get("names") == "1"
        if names:
            access.require("chronology_names", access.READ)
        filters = timeline.Filters.from_args(request.args)
        people = timeline.people_of(review_id)
        query = timeline.narrowed(access.scope(select(ChronologyEntry), ChronologyEntry),
                                  review_id, filters, people)
        entries, following = timeline.page(query, request.args.get("after"))
        audit.record(AuditAction.view, obj=review, changes={
            "page": "chronology", "names": names}, commit=True)
        return self.render("chronology/review.html", review=review, entries=entries,
                           following=following, filters=filters, people=people,
                           agencies=_agencies(review_id), names=names,
                           namer=timeline.Namer(people, names), also=timeline.also_reported(
                               entries), date_shown=timeline.date_shown,
                           may_name=access.allowed("chronology_names", access.READ),
                           open_links=self._open_links(review_id), form=PostForm(),
                           may_decide=access.allowed("chronology_link", access.EDIT),
                           may_upload=access.allowed("chronology_upload", access.CREATE),
                           all_agencies=_active_agencies(), page_args=filters.as_args())

    def _open_links(self, review_id):
        if not access.allowed("chronology_link", access.READ):
            return []
        return links.open_links(review_id, access.scope(select(ChronologyLink),
                                                        ChronologyLink))

    @expose("/review/<int:review_id>/lanes/")
    @secured("chronology_entry", access.READ, row=REVIEW)
    def lanes_view(self, review_id):
        review = db.session.get(Review, review_id)
        query = timeline.narrowed(access.scope(select(ChronologyEntry), ChronologyEntry),
                                  review_id, timeline.Filters())
        entries = db.session.scalars(query.order_by(
            ChronologyEntry.risks.is_(None), ChronologyEntry.day, ChronologyEntry.id)
            .limit(LANE_MARKS)).all()
        entries.sort(key=lambda e: (e.day, e.at, e.id))
        agencies = _agencies(review_id)
        audit.record(AuditAction.view, obj=review, changes={"page": "chronology lanes"},
                     commit=True)
        return self.render("chronology/lanes.html", review=review, entries=entries,
                           agencies=agencies, names={a.id: a.name for a in agencies},
                           svg=Markup(timeline.lanes_svg(entries, agencies)),
                           date_shown=timeline.date_shown,
                           namer=timeline.Namer(timeline.people_of(review_id)))

    @expose("/link/<int:link_id>/", methods=("POST",))
    @secured("chronology_link", access.EDIT, row=LINK)
    def link_view(self, link_id):
        link = db.session.get(ChronologyLink, link_id)
        form = LinkDecisionForm()
        if not form.validate_on_submit():
            flash("Choose link, dismiss or keep as a question.", "danger")
        else:
            status = DECISIONS[form.decision.data]
            links.decide(link, status, current_user)
            flash(f"Recorded: {status.label}.", "success")
        return redirect(url_for(".review_view", review_id=link.review_id) + "#links")

    @expose("/template.xlsx")
    @secured("chronology_entry", access.READ)
    def template_view(self):
        download = actions.template_download()
        return Response(download.data, mimetype=download.mimetype, headers={
            "Content-Disposition": f'attachment; filename="{download.name}"'})

    @expose("/review/<int:review_id>/upload/", methods=("POST",))
    @secured("chronology_upload", access.CREATE, row=REVIEW)
    def upload_view(self, review_id):
        review = db.session.get(Review, review_id)
        form = ManagerUploadForm()
        agency = db.session.get(Agency, form.agency.data) if form.validate_on_submit() else None
        back = url_for(".review_view", review_id=review_id) + "#upload"
        if agency is None:
            flash("Choose the agency and its chronology file.", "danger")
            return redirect(back)
        outcome = actions.upload_file(review, agency, form.file.data, current_user,
                                      uploads.request_for(review_id, agency.id))
        if not outcome.done:
            flash(outcome.message, outcome.category)
            return redirect(back)
        return redirect(url_for(".upload_page", upload_id=outcome.upload.id))

    @expose("/upload/<int:upload_id>/")
    @secured("chronology_upload", access.CREATE, row=UPLOAD)
    def upload_page(self, upload_id):
        upload = db.session.get(ChronologyUpload, upload_id)
        job = db.session.get(JobRun, upload.job_id) if upload.job_id else None
        return self.render("chronology/upload.html", upload=upload, review=upload.review,
                           job=job, form=PostForm(), statuses=UploadStatus, fields=FIELDS,
                           headings=HEADINGS, post_url=lambda name: url_for(
                               ".upload_action", upload_id=upload.id, action=name))

    @expose("/upload/<int:upload_id>/<action>/", methods=("POST",))
    @secured("chronology_upload", access.CREATE, row=UPLOAD)
    def upload_action(self, upload_id, action):
        upload = db.session.get(ChronologyUpload, upload_id)
        mapping = upload.status is UploadStatus.mapping and action == "mapping"
        form = mapping_form(upload.parsed["headers"]) if mapping else PostForm()
        if not form.validate_on_submit():
            access.deny(403, "chronology_upload", upload_id)
        act = UPLOAD_ACTIONS.get(action)
        outcome = act(upload, form) if act else None
        if outcome and outcome.message:
            flash(outcome.message, outcome.category)
        return redirect(url_for(".upload_page", upload_id=upload_id))


UPLOAD_ACTIONS = {
    "commit": lambda upload, form: actions.import_upload(upload, current_user),
    "discard": lambda upload, form: actions.discard_upload(upload),
    "mapping": lambda upload, form: actions.choose_columns(upload, chosen_columns(form)),
}


def _agencies(review_id):
    """Agencies with entries the user sees in the review, by name."""
    ids = access.scope(select(ChronologyEntry.agency_id), ChronologyEntry).where(
        ChronologyEntry.review_id == review_id).distinct()
    return db.session.scalars(select(Agency).where(Agency.id.in_(ids))
                              .order_by(Agency.name)).all()


def _active_agencies():
    return db.session.scalars(select(Agency).where(Agency.active.is_(True))
                              .order_by(Agency.name)).all()


def chronology_summary(review, review_counts):
    """The review page's section: entries per agency, what the chair has to decide (links
    waiting: counted with the page's ``review_counts``)."""
    counts = db.session.execute(
        access.scope(select(Agency.name, func.count(ChronologyEntry.id)), ChronologyEntry)
        .join(Agency, Agency.id == ChronologyEntry.agency_id)
        .where(ChronologyEntry.review_id == review.id).group_by(Agency.name)
        .order_by(Agency.name)).all()
    waiting = review_counts.get("links_waiting", 0)
    return Markup(render_template("chronology/_summary.html", review=review, counts=counts,
                                  waiting=waiting))


def chronology_day(value, precision):
    from datetime import date
    return shown(date.fromisoformat(value), precision) if value else ""


def register(admin):
    admin.add_view(ChronologyView(name="Chronology", endpoint="chronology",
                                  url="/admin/chronology"))
    admin.app.jinja_env.globals["chronology_summary"] = chronology_summary
    admin.app.jinja_env.filters["chronology_day"] = chronology_day
