"""Feedback rounds in the agency portal: an agency asked sees only the sections of the report
(as they stood when the round opened) that mention it, and sends points of factual accuracy
on a section or paragraph; nothing of other agencies' asks or feedback."""
from flask import flash, redirect, render_template, url_for
from flask_security import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import access
import audit
from models import AuditAction, FeedbackAsk, FeedbackItem, FeedbackRound, db
from models.mixins import utcnow
from portal import Task, bp, tasks
from portal.forms import FeedbackForm
from portal.guard import agency_page, visible
from report import feedback, merging, rendering


def _open_asks(user):
    query = access.scope(select(FeedbackAsk), FeedbackAsk, user=user).join(FeedbackRound) \
        .where(FeedbackRound.closed_at.is_(None)) \
        .options(selectinload(FeedbackAsk.round).selectinload(FeedbackRound.review)) \
        .order_by(FeedbackRound.due_on, FeedbackAsk.id)
    return db.session.scalars(query).all()


@tasks("report-feedback", "Report feedback",
       "Draft overview reports your agency is asked to check for factual accuracy.", 40)
def feedback_tasks(user):
    return [Task(id=f"feedback-{ask.id}", href=url_for("portal.report_feedback", ask_id=ask.id),
                 label=f"Check the draft report of {ask.round.review.reference}",
                 hint=f"Due {ask.round.due_on:%-d %b %Y}",
                 status="Finished" if ask.finished_at else "To do",
                 modifier="green" if ask.finished_at else "blue")
            for ask in _open_asks(user)]


def _page(ask, form=None, status=200):
    sections = [(section, revision, merging.paragraphs(revision.body),
                 rendering.to_html(revision.body))
                for section, revision in feedback.sections_for(ask)]
    mine = db.session.scalars(access.scope(select(FeedbackItem), FeedbackItem)
                              .where(FeedbackItem.ask_id == ask.id)
                              .order_by(FeedbackItem.id)).all()
    form = form or FeedbackForm(formdata=None)
    errors = [(f"{field.name}-{form.section_id.data}", field.label.text, " ".join(field.errors))
              for field in form if field.errors]
    return render_template("portal/report_feedback.html", ask=ask, round=ask.round,
                           sections=sections, items=mine, form=form, errors=errors), status


@bp.route("/report/<int:ask_id>", methods=["GET"])
@agency_page
def report_feedback(ask_id):
    ask = visible(FeedbackAsk, ask_id)
    audit.record(AuditAction.view, obj=ask)
    return _page(ask)


@bp.route("/report/<int:ask_id>", methods=["POST"])
@agency_page
def send_report_feedback(ask_id):
    ask = visible(FeedbackAsk, ask_id)
    access.require("feedback_item", access.CREATE)
    shown = {section.id: len(paragraphs) for section, _, paragraphs, _ in
             ((s, r, merging.paragraphs(r.body), None) for s, r in feedback.sections_for(ask))}
    form = FeedbackForm()
    valid = form.validate_on_submit()
    section_id, paragraph = form.section_id.data, form.paragraph.data
    if section_id not in shown:
        access.deny(404, "ReportSection", section_id)
    if not valid:
        return _page(ask, form, 400)
    feedback.add_item(ask, section_id, paragraph if paragraph and paragraph <= shown[section_id]
                      else None, form.body.data, current_user)
    db.session.commit()
    flash("Thank you: your feedback was sent to the chair.", "success")
    return redirect(url_for("portal.report_feedback", ask_id=ask.id) + f"#section-{section_id}")


@bp.route("/report/<int:ask_id>/finished", methods=["POST"])
@agency_page
def finish_report_feedback(ask_id):
    ask = visible(FeedbackAsk, ask_id, action=access.EDIT)
    access.require("feedback_ask", access.EDIT)
    ask.finished_at = ask.finished_at or utcnow()
    db.session.commit()
    flash("You told the chair your agency has finished checking.", "success")
    return redirect(url_for("portal.index"))

