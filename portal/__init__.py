"""The agency portal (/portal): agency staff see and complete only what was sent to their own
agency. Every page asks ``access`` which rows exist for the user (404 otherwise, audited)."""
from flask import Blueprint, render_template
from flask_security import current_user
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

import access
from models import FormRequest, FormStatus, db
from portal import wording
from portal.guard import agency_page, notifying_agency

bp = Blueprint("portal", __name__, url_prefix="/portal")

# Open work first, then what waits on the CSP, then what is done.
STATUS_ORDER = case({FormStatus.returned.name: 0, FormStatus.sent.name: 1,
                     FormStatus.in_progress.name: 1, FormStatus.submitted.name: 2},
                    value=FormRequest.status, else_=3)


@bp.route("/")
@agency_page
def index():
    query = access.scope(select(FormRequest), FormRequest, action=access.FILL).options(
        selectinload(FormRequest.review)).order_by(STATUS_ORDER, FormRequest.due_on,
                                                   FormRequest.id)
    tasks = db.session.scalars(query).all()
    return render_template("portal/index.html", agency=current_user.agency, tasks=tasks,
                           may_notify=notifying_agency() is not None,
                           task_status=wording.task_status, days_left=wording.days_left,
                           long_date=wording.long_date)


def init_app(app):
    from portal import files, notify, receipt, requests, session  # noqa: F401  (routes on bp)
    app.register_blueprint(bp)
