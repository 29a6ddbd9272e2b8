"""The action plan in the agency portal: the actions the user's agency leads (and nothing
else of a review's learning), each with its progress updates and a form to add one, with
evidence of completion. Rows only through ``access.scope`` (another agency's action: 404)."""
from datetime import date

from flask import render_template, url_for
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

import access
import audit
from learning import is_overdue, updates
from models import Action, ActionStatus, ActionUpdate, AuditAction, Recommendation, db
from portal import Task, bp, tasks
from portal.guard import agency_page, visible

OPEN_FIRST = case({ActionStatus.complete.name: 1}, value=Action.status, else_=0)
TAGS = {ActionStatus.not_started: "grey", ActionStatus.on_track: "blue",
        ActionStatus.at_risk: "yellow", ActionStatus.overdue: "red",
        ActionStatus.complete: "green"}


def agency_actions(user):
    query = access.scope(select(Action), Action, user=user).options(
        selectinload(Action.recommendation).selectinload(Recommendation.review))
    return db.session.scalars(query.order_by(OPEN_FIRST, Action.target_date, Action.id)).all()


@tasks("actions-to-update", "Actions to update",
       "Actions of review action plans that your agency leads: record their progress, and "
       "their outcome when they are complete.", 20)
def action_tasks(user):
    today = date.today()
    found = []
    for action in agency_actions(user):
        if action.status is ActionStatus.complete:
            continue
        late = is_overdue(action, today)
        status = ActionStatus.overdue if late else action.status
        found.append(Task(
            id=f"action-{action.id}", href=url_for("portal.action_page", action_id=action.id),
            label=f"{action.recommendation.review.reference}: {_short(action.action_to_take)}",
            hint=f"Target date {_day(action.target_date)}", status=status.label,
            modifier=TAGS[status]))
    return found


@bp.route("/actions/<int:action_id>", methods=["GET"])
@agency_page
def action_page(action_id):
    action = visible(Action, action_id)
    audit.record(AuditAction.view, obj=action)
    return _page(action, updates.blank_form(action))


@bp.route("/actions/<int:action_id>", methods=["POST"])
@agency_page
def update_action(action_id):
    action = visible(Action, action_id, action=access.EDIT)
    access.require("action_update", access.CREATE)
    return updates.record_update(action, lambda form, status: _page(action, form, status),
                                 url_for("portal.action_page", action_id=action_id))


@bp.route("/action-evidence/<int:update_id>")
@agency_page
def action_evidence(update_id):
    return updates.download_evidence(visible(ActionUpdate, update_id))


def _page(action, form, status=200):
    return render_template("portal/action.html", action=action, update_form=form,
                           updates=list(reversed(action.updates)),
                           overdue=is_overdue(action)), status


def _short(text, length=70):
    return text if len(text) <= length else text[:length - 1] + "…"


def _day(value):
    from dates import day
    return day(value, "not set")
