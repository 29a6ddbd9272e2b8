"""The two pages of meetings outside /admin and /portal: the answer link an invitee opens
from their e-mail (no sign-in: the link is the key, for that invitation only, until it
expires; it shows nothing of the review), and the ONE download view of documents (signed in;
rows through ``access``; audited; always an attachment)."""
from flask import Blueprint, render_template
from flask_security import auth_required
from sqlalchemy import select

import access
import audit
from dates import when
from meetings import documents, schedule, tokens
from meetings.forms import AnswerForm
from models import AuditAction, Document, Invitation, db
from request_limits import fits_integer

bp = Blueprint("meetings", __name__)


def _invitation(invitation_id, token):
    invitation = db.session.get(Invitation, invitation_id) \
        if fits_integer(invitation_id, Invitation.id.type) else None
    if not tokens.matches(invitation, token):
        access.deny(404, "Invitation", invitation_id)  # wrong, someone else's or expired
    return invitation


@bp.route("/meeting-answer/<int:invitation_id>/<token>", methods=["GET", "POST"])
def answer(invitation_id, token):
    invitation = _invitation(invitation_id, token)
    meeting, form, done = invitation.meeting, AnswerForm(), None
    if form.validate_on_submit() and not meeting.is_cancelled:
        schedule.answer(invitation, form.attending)
        audit.record(AuditAction.update, obj=invitation,
                     changes={"response": form.response.data, "by": "answer link"}, commit=True)
        done = form.response.data
    return render_template("meetings/answer.html", invitation=invitation, meeting=meeting,
                           form=form, done=done, when=when)


@bp.route("/documents/<int:document_id>/download")
@auth_required()
def download(document_id):
    if not access.allowed("document", access.READ):
        access.deny(403, "document", document_id)
    document = db.session.scalar(access.scope(select(Document), Document).where(
        Document.id == document_id)) if fits_integer(document_id, Document.id.type) else None
    if document is None:
        access.deny(404, "Document", document_id)
    return documents.download(document)


def init_app(app):
    app.register_blueprint(bp)
