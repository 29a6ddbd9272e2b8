"""What happens to a form request: distributed, sent, saved as a draft, submitted (frozen into a
version and locked), then accepted or returned (reopened, the submitted version kept)."""
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from agency_forms import answers, mail
from models import FormRequest, FormStatus, FormType, FormVersion, VersionOutcome, db
from models.form_request import FILLABLE
from models.mixins import utcnow


class FormLocked(Exception):
    """The request is not in a state that allows this change."""


class Incomplete(Exception):
    def __init__(self, gaps):
        super().__init__("; ".join(gaps))
        self.gaps = gaps


def default_due(form_type, today=None):
    days = current_app.config["FORM_DUE_DAYS_IMR" if form_type is FormType.imr
                              else "FORM_DUE_DAYS_INVOLVEMENT"]
    return (today or date.today()) + timedelta(days=days)


def distribute(review, agencies, form_type, user, due_on=None, briefing=None, send=True):
    """One request per agency; agencies already asked for this form are skipped.
    Returns the new requests."""
    asked = set(db.session.scalars(select(FormRequest.agency_id).where(
        FormRequest.review_id == review.id, FormRequest.form_type == form_type)))
    created = [FormRequest(review=review, agency=agency, form_type=form_type,
                           due_on=due_on or default_due(form_type), briefing=briefing,
                           status=FormStatus.draft)
               for agency in agencies if agency.id not in asked]
    db.session.add_all(created)
    db.session.flush()
    if send:
        for request in created:
            send_request(request, user)
    return created


def send_request(request, user):
    """Draft -> sent, and the agency's contacts get a link. False if it was already sent."""
    if request.status is not FormStatus.draft:
        return False
    request.status = FormStatus.sent
    request.sent_by = user
    request.sent_at = utcnow()
    mail.send_request(request)
    db.session.flush()
    return True


def _require_fillable(request):
    if not request.is_fillable:
        raise FormLocked(f"This form is {request.status.label.lower()} and cannot be changed.")


def _claim(request):
    """Compare-and-set on the request's revision, the first write of the transaction: only
    one of several saves or submits that read the same revision wins, on SQLite (which has
    no row locks: the UPDATE takes the database's write lock) as on PostgreSQL (the row's
    lock, the condition re-checked after it). The loser writes nothing and gets FormLocked,
    so a form is frozen once and a submitted form is never overwritten."""
    expected = request.revision or 0
    won = db.session.execute(
        update(FormRequest)
        .where(FormRequest.id == request.id, FormRequest.revision == expected,
               FormRequest.status.in_(FILLABLE))
        .values(revision=expected + 1)
        .execution_options(synchronize_session=False)).rowcount == 1
    if not won:
        db.session.rollback()
        raise FormLocked("Someone else saved or submitted this form a moment ago: reload it "
                         "to see what is there now.")
    set_committed_value(request, "revision", expected + 1)


def save_draft(request, user, values, analysis=None, declaration=None):
    _require_fillable(request)
    _claim(request)
    answers.save_answers(request, values, analysis, declaration)
    if request.status is FormStatus.sent:
        request.status = FormStatus.in_progress
    db.session.flush()


def submit(request, user):
    """Freeze the saved answers into a new version and lock the form."""
    _require_fillable(request)
    db.session.flush()
    gaps = answers.missing(request)
    if gaps:
        raise Incomplete(gaps)
    freeze(request, user, answers.snapshot(request))
    db.session.flush()


def freeze(request, user, data):
    """Lock the request as submitted and keep ``data`` as its next version, once (the
    compare-and-set: FormLocked, everything rolled back, for the loser). The caller commits,
    with whatever else the submission is (a chronology's import)."""
    _claim(request)
    now = utcnow()
    request.status = FormStatus.submitted
    request.submitted_by = user
    request.submitted_at = now
    number = db.session.scalar(select(func.count(FormVersion.id)).where(
        FormVersion.request_id == request.id)) + 1
    db.session.add(FormVersion(request=request, number=number, data=data, submitted_by=user,
                               submitted_at=now))


def decide(request, user, accept, comment=None, due_on=None):
    """Accept the submitted form, or return it to its agency with comments (and perhaps a new
    due date). The submitted version stays as it was, with the outcome written on it."""
    db.session.refresh(request, with_for_update=True)  # two reviewers deciding at once
    if request.status is not FormStatus.submitted or request.latest_version is None:
        raise FormLocked("Only a submitted form can be accepted or returned.")
    now = utcnow()
    version = request.latest_version
    version.outcome = VersionOutcome.accepted if accept else VersionOutcome.returned
    version.decided_by, version.decided_at, version.comment = user, now, comment
    request.status = FormStatus.accepted if accept else FormStatus.returned
    request.decided_by, request.decided_at, request.decision_comment = user, now, comment
    if not accept:
        request.declaration_confirmed = False  # a resubmission is declared afresh
        request.due_on = due_on or request.due_on
        mail.returned(request)
    db.session.flush()
