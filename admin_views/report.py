"""The overview report's pages: the report of a review (both documents, their sections, the
chair's structure controls, feedback rounds, Word exports), a section's editing page (preview,
autosave, who else is here, conflicts side by side), revisions with word differences and
restore, and comments. Feedback rounds: admin_views/report_rounds.py."""
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_admin import expose
from flask_security import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import access
import audit
from admin_views import report_forms as forms, review_page
from admin_views.base import SecureView, checked_row, secured
from models import (AuditAction, ReportComment, ReportDocument, ReportSection, Review,
                    SectionRevision, db)
from models.mixins import utcnow
from report import diffing, editing, feedback, merging, rendering, sources, structure

REVIEW = (Review, "review_id")
SECTION = (ReportSection, "section_id")
COMMENT = (ReportComment, "comment_id")


def _name(user):
    return (user.full_name or user.email) if user is not None else "someone"


def _scoped_one(model, pk, action=access.READ):
    return db.session.scalar(access.scope(select(model).where(model.id == pk), model,
                                          action=action))


class ReportView(SecureView):
    resource = "report_section"

    def is_visible(self):
        return False  # reached from each review's page

    @expose("/")
    @secured(None, None)
    def index(self):
        return redirect(url_for("admin.index"))  # reports are reached from each review

    # -- the report of a review ----------------------------------------------------------
    @expose("/review/<int:review_id>/")
    @secured("report_section", access.READ, row=REVIEW)
    def report_view(self, review_id):
        review = checked_row()
        audit.record(AuditAction.view, obj=review, changes={"page": "report"}, commit=True)
        documents = [(document, structure.sections_of(review_id, document))
                     for document in ReportDocument]
        return self.render("report/report.html", review=review, documents=documents,
                           may_shape=access.allowed("report_section", access.CREATE),
                           rounds=feedback.rounds_of(review_id),
                           may_export=access.allowed("report_section", access.EXPORT))

    @expose("/review/<int:review_id>/start/", methods=("POST",))
    @secured("report_section", access.CREATE, row=REVIEW)
    def start_view(self, review_id):
        created = structure.start_report(review_id, current_user)
        db.session.commit()
        flash(f"The report was started with {created} sections." if created
              else "The report has already been started.", "success")
        return redirect(url_for(".report_view", review_id=review_id))

    @expose("/review/<int:review_id>/add/", methods=("POST",))
    @secured("report_section", access.CREATE, row=REVIEW)
    def add_view(self, review_id):
        form = forms.AddSectionForm()
        if not form.validate_on_submit():
            flash("Enter the new section's heading.", "error")
        else:
            heading = form.heading.data
            structure.add_section(review_id, ReportDocument[form.document.data], heading,
                                  current_user)
            db.session.commit()
            flash(f"Section \u201c{heading}\u201d added.", "success")
        return redirect(url_for(".report_view", review_id=review_id))

    @expose("/section/<int:section_id>/shape/", methods=("POST",))
    @secured("report_section", access.DELETE, row=SECTION)
    def shape_view(self, section_id):
        section = checked_row()
        form = forms.ShapeForm()
        what = form.what.data if form.validate_on_submit() else None
        if what == "rename" and form.heading.data.strip():
            structure.rename(section, form.heading.data)
        elif what in ("up", "down"):
            structure.move(section, -1 if what == "up" else 1)
        elif what == "remove":
            structure.remove(section)
            flash(f"Section \u201c{section.heading}\u201d removed.", "success")
        db.session.commit()
        return redirect(url_for(".report_view", review_id=section.review_id))

    # -- editing a section ----------------------------------------------------------------
    @expose("/section/<int:section_id>/")
    @secured("report_section", access.READ, row=SECTION)
    def section_view(self, section_id):
        section = checked_row()
        may_edit = _scoped_one(ReportSection, section_id, access.EDIT) is not None and \
            access.allowed("report_section", access.EDIT)
        draft = editing.draft_of(section_id, current_user) if may_edit else None
        comments = db.session.scalars(select(ReportComment).where(
            ReportComment.section_id == section_id, ReportComment.parent_id.is_(None))
            .options(selectinload(ReportComment.answers), selectinload(ReportComment.author))
            .order_by(ReportComment.id)).all()
        last = db.session.scalar(select(SectionRevision).where(
            SectionRevision.section_id == section_id, SectionRevision.number == section.version))
        return self.render(
            "report/section.html", section=section, review=section.review, may_edit=may_edit,
            draft=draft, comments=comments, last=last, name=_name,
            paragraphs=merging.paragraphs(section.body),
            preview=rendering.to_html(section.body, section.review_id, current_user),
            citable=sources.imr_choices(section.review_id, current_user),
            may_comment=access.allowed("report_comment", access.CREATE))

    @expose("/section/<int:section_id>/save/", methods=("POST",))
    @secured("report_section", access.EDIT, row=SECTION)
    def save_view(self, section_id):
        form = forms.SaveForm()
        if not form.validate_on_submit():
            return jsonify({"status": "refused", "message": "The text could not be saved."}), 400
        saved = editing.save(section_id, form.base_version.data, form.body.data, current_user)
        return jsonify({"status": saved.status, "version": saved.version, "body": saved.body,
                        "merged": saved.merged, "conflicts": saved.conflicts,
                        "parts": saved.parts})

    @expose("/section/<int:section_id>/preview/", methods=("POST",))
    @secured("report_section", access.READ, row=SECTION)
    def preview_view(self, section_id):
        section = checked_row()
        text = forms.PreviewForm().body.data
        return jsonify({"html": str(rendering.to_html(text, section.review_id, current_user))})

    @expose("/section/<int:section_id>/presence/", methods=("POST",))
    @secured("report_section", access.READ, row=SECTION)
    def presence_view(self, section_id):
        editing.here(section_id, current_user)
        return jsonify({"others": [_name(u) for u in editing.others_here(section_id,
                                                                          current_user)]})

    # -- revisions --------------------------------------------------------------------------
    @expose("/section/<int:section_id>/revisions/")
    @secured("section_revision", access.READ, row=SECTION)
    def revisions_view(self, section_id):
        section = checked_row()
        revisions = db.session.scalars(select(SectionRevision).where(
            SectionRevision.section_id == section_id).options(
            selectinload(SectionRevision.author)).order_by(SectionRevision.number.desc())).all()
        numbers = {r.number: r for r in revisions}
        old, new = _number(request.args.get("old")), _number(request.args.get("new"))
        diff = None
        if old in numbers and new in numbers:
            diff = diffing.diff_html(numbers[old].body, numbers[new].body)
        return self.render("report/revisions.html", section=section, review=section.review,
                           revisions=revisions, old=old, new=new, diff=diff, name=_name,
                           may_restore=access.allowed("report_section", access.EDIT) and
                           _scoped_one(ReportSection, section_id, access.EDIT) is not None)

    @expose("/section/<int:section_id>/restore/", methods=("POST",))
    @secured("report_section", access.EDIT, row=SECTION)
    def restore_view(self, section_id):
        section = checked_row()
        form = forms.RestoreForm()
        form.validate_on_submit()
        number = forms.valid_or_none(form.number)
        saved = editing.restore(section, number, current_user) if number else None
        if saved is None:
            flash("There is no such version.", "error")
        else:
            flash(f"Version {number} restored as version {saved.version}.", "success")
        return redirect(url_for(".revisions_view", section_id=section_id))

    # -- comments ---------------------------------------------------------------------------
    @expose("/section/<int:section_id>/comment/", methods=("POST",))
    @secured("report_comment", access.CREATE, row=SECTION)
    def comment_view(self, section_id):
        form = forms.CommentForm()
        form.validate_on_submit()
        text, parent = form.body.data, forms.valid_or_none(form.parent_id)
        if parent and _scoped_one(ReportComment, parent) is None:
            access.deny(404, "ReportComment", parent)
        if not text:
            flash("Enter your comment.", "error")
        else:
            db.session.add(ReportComment(section_id=section_id, author_id=current_user.id,
                                         paragraph=forms.valid_or_none(form.paragraph),
                                         parent_id=parent, body=text))
            db.session.commit()
            flash("Comment added.", "success")
        return redirect(url_for(".section_view", section_id=section_id) + "#comments")

    @expose("/comment/<int:comment_id>/resolve/", methods=("POST",))
    @secured("report_comment", access.EDIT, row=COMMENT)
    def resolve_view(self, comment_id):
        comment = checked_row()
        comment.resolved_at, comment.resolved_by_id = utcnow(), current_user.id
        db.session.commit()
        flash("Comment resolved.", "success")
        return redirect(url_for(".section_view", section_id=comment.section_id) + "#comments")


def _number(raw):
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


@review_page.section("report", "Report", needs="report_section", order=230, column="wide")
def report_section(review, context):
    """The sections and rounds of the review's report."""
    summary = {"sections": structure.sections_of(review.id),
               "rounds": feedback.rounds_of(review.id)}
    return Markup(render_template("report/_review_section.html", review=review, summary=summary))


def register(admin):
    admin.add_view(ReportView(name="Report", endpoint="report", url="/admin/report"))
