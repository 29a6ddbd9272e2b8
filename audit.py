"""The audit trail: explicit events (sign-in, denials, exports) and every ORM change, recorded
by one session hook so that admin screens, the portal, jobs and the CLI are all covered."""
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask import g, has_request_context, request
from sqlalchemy import event, inspect, insert

from models import AuditAction, AuditEvent, OutboxMessage, WebAuthn, db, scoping
from models.mixins import utcnow

NOT_AUDITED = (AuditEvent, OutboxMessage, WebAuthn)
# Bookkeeping columns whose changes say nothing about who did what.
IGNORED_FIELDS = {"created_at", "updated_at", "last_login_at", "current_login_at",
                  "last_login_ip", "current_login_ip", "login_count", "tf_last_counter"}
REDACTED = "(changed)"


def _request_actor():
    """The signed-in user of this request, if Flask-Login already loaded one (never loads)."""
    if not has_request_context():
        return None
    user = g.get("_login_user")
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _row(action, user=None, actor=None, obj=None, review_id=None, changes=None):
    user = user or _request_actor()
    row = {
        "created_at": utcnow(),
        "action": action.name,
        "user_id": getattr(user, "id", None),
        "actor": (actor or getattr(user, "email", None) or "").strip().lower() or None,
        "ip": request.remote_addr if has_request_context() else None,
        "path": request.path[:255] if has_request_context() else None,
        "changes": changes,
        "review_id": review_id,
    }
    if obj is not None:
        row["object_type"] = type(obj).__name__
        row["object_id"] = _pk(obj)
        row["review_id"] = review_id or scoping.review_id_of(obj)  # by its declared scope
    return row


def record(action, user=None, actor=None, obj=None, review_id=None, changes=None, commit=False):
    """Write one audit row now, in its own statement, so that it survives a later rollback
    of the caller's work only when ``commit`` is set (denials, failed sign-ins)."""
    db.session.execute(insert(AuditEvent), [_row(action, user, actor, obj, review_id, changes)])
    if commit:
        db.session.commit()


def _pk(obj):
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return key[0] if len(key) == 1 and isinstance(key[0], int) else None


def _plain(value):
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _changed_fields(obj, creating=False, deleting=False):
    redact = getattr(type(obj), "__audit_redact__", set())
    changes = {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in IGNORED_FIELDS:
            continue
        history = state.attrs[attr.key].history
        if deleting:
            old, new = state.attrs[attr.key].value, None
        elif creating:
            old, new = None, state.attrs[attr.key].value
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
        else:
            continue
        if old is None and new is None:
            continue
        changes[attr.key] = ([REDACTED, REDACTED] if attr.key in redact
                             else [_plain(old), _plain(new)])
    return changes


def _record_flush(session, _context):
    rows = []
    for objects, action in ((session.new, AuditAction.create), (session.dirty, AuditAction.update),
                            (session.deleted, AuditAction.delete)):
        for obj in objects:
            if isinstance(obj, NOT_AUDITED) or not hasattr(obj, "__table__"):
                continue
            if action is AuditAction.update and not session.is_modified(obj):
                continue
            changes = _changed_fields(obj, creating=action is AuditAction.create,
                                      deleting=action is AuditAction.delete)
            if changes or action is not AuditAction.update:
                rows.append(_row(action, obj=obj, changes=changes))
    if rows:
        session.connection().execute(insert(AuditEvent), rows)


def init_app(app):
    if not event.contains(db.session, "after_flush", _record_flush):
        event.listen(db.session, "after_flush", _record_flush)
