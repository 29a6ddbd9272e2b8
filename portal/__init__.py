"""The agency portal (/portal): agency staff see and complete only what was sent to their own
agency. Every page asks ``access`` which rows exist for the user (404 otherwise, audited)."""
from dataclasses import dataclass
from typing import Callable

from flask import Blueprint, current_app, render_template
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


def tasks(id, title, hint, order):
    """Mark ``func(user)`` as the provider of a task group; ``init_app`` collects it."""
    def mark(func):
        func.task_group = TaskGroup(id, title, hint, order, func)
        return func
    return mark


def _collect_task_groups(modules):
    """The task groups of ``modules``, by ``order`` (ties: in the modules' order)."""
    groups = [func.task_group for module in modules for func in vars(module).values()
              if getattr(func, "__module__", None) == module.__name__
              and hasattr(func, "task_group")]
    return sorted(groups, key=lambda group: group.order)


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
    groups = ((group, group.tasks(current_user))
              for group in current_app.extensions["dhr_portal_tasks"])
    return [(group, found) for group, found in groups if found]


def init_app(app):
    from portal import (chronology, files, learning, meetings, notify, receipt,  # noqa: F401
                        report, requests, session)  # routes on bp
    app.extensions["dhr_portal_tasks"] = _collect_task_groups([learning, meetings, report])
    app.register_blueprint(bp)
