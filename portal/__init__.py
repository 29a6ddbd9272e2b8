"""The agency portal (/portal): agency staff see and complete only what was sent to their own
agency. Every page asks ``access`` which rows exist for the user (404 otherwise, audited)."""
from dataclasses import dataclass
from typing import Callable

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



@dataclass(frozen=True)
class Task:
    """One line of a task list: a link, a hint under it and a status tag."""
    id: str
    href: str
    label: str
    hint: str = ""
    status: str = ""
    modifier: str = ""  # GOV.UK tag colour: "", "blue", "green", "red", "yellow", "grey"


@dataclass(frozen=True)
class TaskGroup:
    """A heading on the portal's home page with the tasks of one capability (actions to
    update, meetings, report feedback...). ``tasks(user)`` returns [Task], already scoped
    through ``access``; a group with none is not shown."""
    id: str
    title: str
    hint: str
    order: int
    tasks: Callable


TASK_GROUPS = []


def register_tasks(group):
    """Called by a capability's portal module when it is imported (portal.init_app)."""
    TASK_GROUPS[:] = sorted([g for g in TASK_GROUPS if g.id != group.id] + [group],
                            key=lambda g: g.order)
    return group


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
                           long_date=wording.long_date, groups=_task_groups())


def _task_groups():
    groups = ((group, group.tasks(current_user)) for group in TASK_GROUPS)
    return [(group, tasks) for group, tasks in groups if tasks]


def init_app(app):
    from portal import (files, learning, notify, receipt, requests,  # noqa: F401  (routes on bp)
                        session)
    app.register_blueprint(bp)
