"""Meetings in the agency portal: only those the user's agency is invited to (``access``
says which), their answer, the papers shared with the agency, adding the agency's own paper,
and the approved minutes. Listed on the portal's home page as a task group."""
from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_security import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import access
import audit
from dates import when
from meetings import documents, schedule
from meetings.forms import AnswerForm, PaperForm
from models import AuditAction, Invitation, Meeting, MeetingStatus, Visibility, db
from models.mixins import utcnow
from portal import Task, bp, tasks
from portal.guard import agency_page, visible

RECENT = timedelta(days=60)  # held meetings stay listed this long (their minutes, papers)
TAG = {"pending": ("Answer needed", "blue"), "accepted": ("Accepted", "green"),
       "declined": ("Declined", "grey")}


def invited_meetings(user, recent_only=False):
    query = access.scope(select(Meeting), Meeting, user=user).options(
        selectinload(Meeting.review), selectinload(Meeting.minutes)).order_by(Meeting.starts_at)
    if recent_only:
        query = query.where(Meeting.ends_at >= utcnow() - RECENT)
    return db.session.scalars(query).all()


def my_invitation(meeting, user):
    """The invitation of the user (or failing that, their agency's) to ``meeting``."""
    return my_invitations([meeting.id], user)[meeting.id]


def my_invitations(meeting_ids, user):
    """``my_invitation`` of each meeting, in one statement: meeting id -> invitation or None
    (one statement per meeting made a list of 2,000 meetings take 0.6 s)."""
    found = {meeting_id: [] for meeting_id in meeting_ids}
    if meeting_ids:
        for invitation in db.session.scalars(
                access.scope(select(Invitation), Invitation, user=user)
                .where(Invitation.meeting_id.in_(meeting_ids)).order_by(Invitation.id)):
            found[invitation.meeting_id].append(invitation)
    email = user.email.lower()
    return {meeting_id: next((i for i in invitations if i.user_id == user.id
                              or i.email == email), invitations[0] if invitations else None)
            for meeting_id, invitations in found.items()}


@tasks("meetings", "Meetings", "Meetings your agency is invited to.", 20)
def meeting_tasks(user):
    tasks = []
    now = utcnow()
    meetings = invited_meetings(user, recent_only=True)
    invitations = my_invitations([meeting.id for meeting in meetings], user)
    for meeting in meetings:
        invitation = invitations[meeting.id]
        if meeting.is_cancelled:
            words, modifier = "Cancelled", "red"
        elif meeting.ends_at < now:
            approved = meeting.minutes is not None and meeting.minutes.is_locked
            words, modifier = ("Minutes approved", "green") if approved else ("Held", "grey")
        else:
            words, modifier = TAG[invitation.response.value if invitation else "pending"]
        tasks.append(Task(id=f"meeting-task-{meeting.id}",
                          href=url_for("portal.meeting", meeting_id=meeting.id),
                          label=f"{meeting.kind.label} for {meeting.review.reference}",
                          hint=f"{when(meeting.starts_at)} (UK time)", status=words,
                          modifier=modifier))
    return tasks


def _page(meeting, form=None, status=200):
    minutes = meeting.minutes if meeting.minutes and meeting.minutes.is_locked else None
    return render_template("portal/meeting.html", meeting=meeting,
                           invitation=my_invitation(meeting, current_user),
                           papers=documents.visible_papers(meeting), minutes=minutes,
                           form=form or PaperForm(formdata=None), answer_form=AnswerForm(formdata=None),
                           may_upload=access.allowed("document", access.CREATE)
                           and meeting.status is MeetingStatus.scheduled,
                           size_text=documents.size_text, when=when), status


@bp.route("/meetings/<int:meeting_id>")
@agency_page
def meeting(meeting_id):
    found = visible(Meeting, meeting_id)
    audit.record(AuditAction.view, obj=found)
    return _page(found)


@bp.route("/meetings/<int:meeting_id>/answer", methods=["POST"])
@agency_page
def answer_meeting(meeting_id):
    found = visible(Meeting, meeting_id)
    invitation = my_invitation(found, current_user)
    access.require("invitation", access.ANSWER)
    form = AnswerForm()
    if invitation is None or not form.validate_on_submit():
        access.deny(404, "Invitation", meeting_id)
    try:
        schedule.answer(invitation, form.attending)
    except schedule.Refused as refused:
        flash(str(refused), "error")
        return redirect(url_for("portal.meeting", meeting_id=meeting_id))
    flash("Your answer is saved: you will attend." if form.attending
          else "Your answer is saved: you cannot attend.", "success")
    return redirect(url_for("portal.meeting", meeting_id=meeting_id))


@bp.route("/meetings/<int:meeting_id>/papers", methods=["POST"])
@agency_page
def add_meeting_paper(meeting_id):
    """The agency's own paper: shared with the agency and the review's chair (the
    coordinator may share it wider)."""
    found = visible(Meeting, meeting_id)
    access.require("document", access.CREATE)
    form = PaperForm()
    form.visibility.data = Visibility.agency.name  # not the agency's choice
    form.agency.choices = [("", "")]
    if not form.validate_on_submit():
        return _page(found, form, 400)
    try:
        document = documents.store(found.review, form.file.data, current_user,
                                   Visibility.agency, current_user.agency, found,
                                   title=form.title.data)
    except documents.Refused as refused:
        form.file.errors = [f"The paper was not added. {refused}"]
        return _page(found, form, 400)
    flash(f"{document.original_name} sent to the review team.", "success")
    return redirect(url_for("portal.meeting", meeting_id=meeting_id))
