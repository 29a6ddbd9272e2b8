"""The meeting pages in /admin: schedule, change or cancel a meeting of a review, invite
people, add papers, record attendance, draft and approve the minutes, download the
invitation (.ics) and the papers as a zip (a job). Each page declares what it needs
(``@secured``); rows come through ``access`` (404 for a meeting the user may not see)."""
from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_security import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField

import access
import audit
from admin_views import review_page
from admin_views.base import SecureView, checked_row, secured
from admin_views.jobs import status_of
from meetings import documents, minutes as minutes_logic, pack, schedule, section
from meetings.forms import InviteForm, MeetingForm, MinutesForm, PaperForm
from models import (Agency, Attendance, AuditAction, Meeting, Review, User, Visibility, db)

MEETING = (Meeting, "meeting_id")
REVIEW = (Review, "review_id")


def _user():
    return current_user._get_current_object()


def _may(resource, action):
    return access.allowed(resource, action)


def invite_choices(meeting):
    people = schedule.invitable_users(meeting.review)
    invited = {i.email for i in meeting.invitations}
    choices = [(f"user-{u.id}", f"{u.full_name or u.email} ({u.agency.name if u.agency else 'review member'})")
               for u in people if u.email.lower() not in invited]
    agencies = db.session.scalars(select(Agency).where(
        Agency.active.is_(True), Agency.contact_email.is_not(None)).order_by(Agency.name))
    choices += [(f"agency-{a.id}", f"{a.name}: contact address") for a in agencies
                if a.contact_email.lower() not in invited]
    return choices


def _people(keys):
    people = []
    for key in keys:
        kind, _, raw = key.partition("-")
        if kind == "user" and raw.isdigit():
            user = db.session.get(User, int(raw))
            if user is not None and user.active:
                people.append((user, user.agency, user.email))
        elif kind == "agency" and raw.isdigit():
            agency = db.session.get(Agency, int(raw))
            if agency is not None and agency.contact_email:
                people.append((None, agency, agency.contact_email))
    return people


def attendance_form(meeting):
    """One choice of attendance per invitation of ``meeting``, named as the page names it."""
    choices = [("", "")] + Attendance.choices()
    fields = {f"attendance-{invitation.id}": SelectField(choices=choices, default="")
              for invitation in meeting.invitations}
    return type("AttendanceForm", (FlaskForm,), fields)()


def paper_form(meeting, posted=False, prefix=""):
    # A prefixed form's own token would be named apart: CSRFProtect checks "csrf_token".
    extra = {"prefix": prefix, "meta": {"csrf": False}} if prefix else {}
    form = PaperForm(**extra) if posted else PaperForm(formdata=None, **extra)
    form.agency.choices = [("", "Not one agency")] + [
        (str(a.id), a.name) for a in db.session.scalars(
            select(Agency).where(Agency.active.is_(True)).order_by(Agency.name))]
    return form


def pack_state(meeting):
    """The person's latest papers pack of the meeting, as the job panels show (and jobs.js
    updates) a job, or None."""
    record = pack.latest(meeting, _user())
    return status_of(record) if record is not None else None


class MeetingsView(SecureView):
    resource = "meeting"  # the menu entry: those who may read meetings


    def _page(self, meeting, status=200, **forms):  # CSRF: app-wide (CSRFProtect)
        invite = forms.get("invite") or InviteForm(formdata=None)
        invite.people.choices = invite_choices(meeting)
        context = {
            "meeting": meeting, "review": meeting.review,
            "papers": documents.visible_papers(meeting),
            "minutes": meeting.minutes, "invite_form": invite,
            "paper_form": forms.get("paper") or paper_form(meeting),
            "minutes_form": forms.get("minutes") or MinutesForm(
                formdata=None, text=meeting.minutes.text if meeting.minutes else ""),
            "attendance": Attendance, "pack": pack_state(meeting), "size_text": documents.size_text,
            "is_chair": minutes_logic.is_chair(meeting, _user()),
            "learning_link": minutes_logic.learning_link(meeting.minutes),
            "may": {"edit": _may("meeting", access.EDIT),
                    "invite": _may("invitation", access.CREATE),
                    "attendance": _may("invitation", access.EDIT),
                    "paper": _may("document", access.CREATE),
                    "minutes": _may("minutes", access.EDIT),
                    "approve": _may("minutes", access.APPROVE)},
            "failed": [f for f in forms.values() if f is not None],
        }
        return self.render("meetings/page.html", **context), status

    @expose("/")
    @secured("meeting", access.READ)
    def index(self):
        meetings = db.session.scalars(access.scope(select(Meeting), Meeting)
                                      .order_by(Meeting.starts_at.desc()).limit(200)).all()
        return self.render("meetings/list.html", meetings=meetings)

    @expose("/review/<int:review_id>/new", methods=("GET", "POST"))
    @secured("meeting", access.CREATE, row=REVIEW)
    def new_view(self, review_id):
        review = checked_row()
        form = MeetingForm()
        if request.method == "POST":
            if form.validate_on_submit():
                meeting = schedule.schedule(review, form.values(), _user())
                flash("Meeting scheduled. Now invite people to it.", "success")
                return redirect(url_for(".page_view", meeting_id=meeting.id))
            return self.render("meetings/form.html", form=form, review=review,
                               meeting=None), 400
        return self.render("meetings/form.html", form=form, review=review, meeting=None)

    @expose("/<int:meeting_id>/")
    @secured("meeting", access.READ, row=MEETING)
    def page_view(self, meeting_id):
        meeting = checked_row()
        audit.record(AuditAction.view, obj=meeting, commit=True)
        return self._page(meeting)

    @expose("/<int:meeting_id>/edit", methods=("GET", "POST"))
    @secured("meeting", access.EDIT, row=MEETING)
    def edit_view(self, meeting_id):
        meeting = checked_row()
        form = MeetingForm(obj=meeting) if request.method == "GET" else MeetingForm()
        if request.method == "GET":
            form.kind.data = meeting.kind.name
        elif form.validate_on_submit():
            try:
                told = schedule.update(meeting, form.values())
            except schedule.Refused as refused:
                flash(str(refused), "danger")
                return redirect(url_for(".page_view", meeting_id=meeting_id))
            flash("Meeting changed." + (f" The updated invitation was sent to {told} "
                                        "invitees." if told else ""), "success")
            return redirect(url_for(".page_view", meeting_id=meeting_id))
        status = 400 if request.method == "POST" else 200
        return self.render("meetings/form.html", form=form, review=meeting.review,
                           meeting=meeting), status

    @expose("/<int:meeting_id>/cancel", methods=("POST",))
    @secured("meeting", access.EDIT, row=MEETING)
    def cancel_view(self, meeting_id):
        told = schedule.cancel(checked_row())
        flash(f"Meeting cancelled. {told} invitees were sent the cancellation.", "success")
        return redirect(url_for(".page_view", meeting_id=meeting_id))

    @expose("/<int:meeting_id>/invite", methods=("POST",))
    @secured("invitation", access.CREATE, row=MEETING)
    def invite_view(self, meeting_id):
        meeting = checked_row()
        form = InviteForm()
        form.people.choices = invite_choices(meeting)
        if not form.validate_on_submit():
            return self._page(meeting, 400, invite=form)
        try:
            added = schedule.invite(meeting, _people(form.people.data))
        except schedule.Refused as refused:
            flash(str(refused), "danger")
            return redirect(url_for(".page_view", meeting_id=meeting_id))
        flash(f"Invitation sent to {len(added)} people.", "success")
        return redirect(url_for(".page_view", meeting_id=meeting_id) + "#invitations")

    @expose("/<int:meeting_id>/calendar.ics")
    @secured("meeting", access.READ, row=MEETING)
    def calendar_view(self, meeting_id):
        from flask import Response
        meeting = checked_row()
        response = Response(schedule.calendar_for(meeting), mimetype="text/calendar")
        response.headers["Content-Disposition"] = "attachment; filename=\"meeting.ics\""
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @expose("/<int:meeting_id>/papers", methods=("POST",))
    @secured("document", access.CREATE, row=MEETING)
    def paper_view(self, meeting_id):
        meeting = checked_row()
        form = paper_form(meeting, posted=True)
        if not form.validate_on_submit():
            return self._page(meeting, 400, paper=form)
        agency = db.session.get(Agency, int(form.agency.data)) if form.agency.data else None
        try:
            document = documents.store(meeting.review, request.files["file"], _user(),
                                       Visibility[form.visibility.data], agency, meeting,
                                       title=form.title.data)
        except documents.Refused as refused:
            form.file.errors = [f"The paper was not added. {refused}"]
            return self._page(meeting, 400, paper=form)
        flash(f"{document.original_name} added to the agenda.", "success")
        return redirect(url_for(".page_view", meeting_id=meeting_id) + "#papers")

    @expose("/review/<int:review_id>/documents", methods=("POST",))
    @secured("document", access.CREATE, row=REVIEW)
    def review_document_view(self, review_id):
        """A document of the review itself (not of one meeting)."""
        review = checked_row()
        form = paper_form(None, posted=True, prefix="review-document")
        back = url_for("review.page", review_id=review_id) + "#documents"
        if not form.validate_on_submit():
            flash("The document was not added: " + "; ".join(
                " ".join(errors) for errors in form.errors.values()), "danger")
            return redirect(back)
        agency = db.session.get(Agency, int(form.agency.data)) if form.agency.data else None
        try:
            document = documents.store(review, request.files[form.file.name], _user(),
                                       Visibility[form.visibility.data], agency,
                                       title=form.title.data)
        except documents.Refused as refused:
            flash(f"The document was not added. {refused}", "danger")
            return redirect(back)
        flash(f"{document.original_name} added to the review's documents.", "success")
        return redirect(back)

    @expose("/<int:meeting_id>/attendance", methods=("POST",))
    @secured("invitation", access.EDIT, row=MEETING)
    def attendance_view(self, meeting_id):
        meeting = checked_row()
        form = attendance_form(meeting)
        form.validate_on_submit()
        marks = {invitation.id: Attendance[field.data] for invitation in meeting.invitations
                 for field in [form[f"attendance-{invitation.id}"]]
                 if field.data and not field.errors}  # a mark not posted, or wrong, stays
        minutes_logic.record_attendance(meeting, marks)
        flash("Attendance recorded.", "success")
        return redirect(url_for(".page_view", meeting_id=meeting_id) + "#attendance")

    @expose("/<int:meeting_id>/minutes", methods=("POST",))
    @secured("minutes", access.EDIT, row=MEETING)
    def minutes_view(self, meeting_id):
        meeting = checked_row()
        form = MinutesForm()
        if not form.validate_on_submit():
            return self._page(meeting, 400, minutes=form)
        try:
            minutes_logic.save_draft(meeting, form.text.data, _user())
        except minutes_logic.Refused as refused:
            flash(str(refused), "danger")
            return self._page(meeting, 409)
        flash("Draft minutes saved.", "success")
        return redirect(url_for(".page_view", meeting_id=meeting_id) + "#minutes")

    @expose("/<int:meeting_id>/minutes/approve", methods=("POST",))
    @secured("minutes", access.APPROVE, row=MEETING)
    def approve_view(self, meeting_id):
        meeting = checked_row()
        try:
            told = minutes_logic.approve(meeting, _user())
        except minutes_logic.Refused as refused:
            flash(str(refused), "danger")
            return self._page(meeting, 409)
        flash(f"Minutes approved and locked; sent to {len(told)} attendees.", "success")
        return redirect(url_for(".page_view", meeting_id=meeting_id) + "#minutes")

    @expose("/<int:meeting_id>/pack", methods=("POST",))
    @secured("document", access.READ, row=MEETING)
    def pack_view(self, meeting_id):
        pack.start(checked_row(), _user())
        return redirect(url_for(".page_view", meeting_id=meeting_id) + "#pack")


@review_page.section("meetings", "Meetings", needs="meeting", order=210, column="wide")
def meetings_section(review, context):
    return section.render(review, context)


def register(admin):
    admin.add_view(MeetingsView(name="Meetings", endpoint="meetings_admin", url="/admin/meetings",
                                category="Reviews"))
