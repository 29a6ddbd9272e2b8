"""The portal's one guard: signed-in agency staff, rows through ``access.scope`` (others'
ids answer 404, audited), forms changed only while open (409, audited, before anything
changes), and the agency a user may notify a death for."""
from functools import wraps

from flask import abort
from flask_security import auth_required, current_user
from sqlalchemy import select

import access
import audit
from models import Agency, AuditAction, FormRequest, db


def agency_page(view):
    """Sign-in first, then agency staff only (an audited 403 for everyone else)."""
    @wraps(view)
    def agency_only(*args, **kwargs):
        if not access.may_enter_portal():
            access.deny(403, "portal")  # staff have /admin; the refusal is audited like any other
        return view(*args, **kwargs)
    return auth_required()(agency_only)


def notifying_agency():
    """The agency the user may notify a death for: their own while it is active, or None."""
    return db.session.scalar(access.notifiable_agencies(
        select(Agency).where(Agency.id == current_user.agency_id)))


def visible(model, obj_id, for_update=False, action=access.READ):
    """The row if the user may ``action`` it; otherwise an audited 404."""
    query = access.scope(select(model), model, action=action).where(model.id == obj_id)
    if for_update:
        query = query.with_for_update(of=model)
    obj = db.session.scalar(query)
    if obj is None:
        access.deny(404, model.__name__, obj_id)
    return obj


def open_request(request_id, resource="form_request", action=access.FILL):
    """The user's form request, locked for a change to it (``action`` on ``resource``): 404
    when it is not their agency's, 403 without the right, 409 once it is no longer open."""
    form_request = visible(FormRequest, request_id, for_update=True, action=access.FILL)
    access.require(resource, action)
    if not form_request.is_fillable:
        refuse_locked(form_request)
    return form_request


def refuse_locked(request):
    audit.record(AuditAction.permission_denied, obj=request,
                 changes={"reason": f"form is {request.status.name}"}, commit=True)
    abort(409)
