"""Who may see and do what. The one permission mechanism: every admin view, portal page, job
and export asks here, by role (``allowed``) and by row (``scope``). Nothing else decides."""
from flask_security import current_user
from sqlalchemy import false, select

from models import Review, ReviewMember, RoleName

READ, CREATE, EDIT, DELETE, EXPORT = "read", "create", "edit", "delete", "export"
ALL = frozenset({READ, CREATE, EDIT, DELETE, EXPORT})
READ_ONLY = frozenset({READ})

ADMIN, MANAGER = RoleName.admin.name, RoleName.review_manager.name
CHAIR, PANEL = RoleName.chair.name, RoleName.panel_member.name
AGENCY, ANALYST = RoleName.agency_user.name, RoleName.analyst.name

# Roles that run every review of the CSP, so rows are not narrowed by membership.
CSP_WIDE = {ADMIN, MANAGER}
# Roles that may open /admin at all. Agency users work in /portal only.
ADMIN_AREA = {ADMIN, MANAGER, CHAIR, PANEL, ANALYST}

# resource -> role -> actions. A resource missing here is refused to everyone.
RULES = {
    "review": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "review_member": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "person": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    # The life cycle (review page): history is append-only; holds and submissions are
    # corrected, never deleted.
    "review_status_change": {ADMIN: {READ, EXPORT}, MANAGER: {READ, EXPORT}, CHAIR: READ_ONLY,
                             PANEL: READ_ONLY},
    "review_hold": {ADMIN: {READ, CREATE, EDIT}, MANAGER: {READ, CREATE, EDIT},
                    CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "home_office_submission": {ADMIN: {READ, CREATE, EDIT}, MANAGER: {READ, CREATE, EDIT},
                               CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "reminder_sent": {ADMIN: READ_ONLY, MANAGER: READ_ONLY},
    "agency": {ADMIN: ALL - {DELETE}, MANAGER: READ_ONLY},
    "user": {ADMIN: ALL - {DELETE}},
    "role": {ADMIN: {READ, CREATE, EDIT}},
    "audit_event": {ADMIN: {READ, EXPORT}},
    "outbox_message": {ADMIN: {READ, "send"}},
}


def roles_of(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return {role.name for role in user.roles}


def actions_for(resource, user=None):
    user = current_user if user is None else user
    rule = RULES.get(resource, {})
    granted = set()
    for role in roles_of(user):
        granted |= rule.get(role, set())
    return granted


def allowed(resource, action, user=None):
    return action in actions_for(resource, user)


def may_enter_admin(user=None):
    user = current_user if user is None else user
    return bool(roles_of(user) & ADMIN_AREA)


def is_csp_wide(user=None):
    user = current_user if user is None else user
    return bool(roles_of(user) & CSP_WIDE)


def visible_review_ids(user=None):
    """A subquery of the reviews the user may see, or None when they may see every review."""
    user = current_user if user is None else user
    if is_csp_wide(user):
        return None
    if roles_of(user) & {CHAIR, PANEL}:
        return select(ReviewMember.review_id).where(ReviewMember.user_id == user.id)
    return select(Review.id).where(false())


def review_column(model):
    """The column that ties a model's rows to a review, or None for CSP-level data."""
    if model is Review:
        return Review.id
    return getattr(model, "review_id", None) if hasattr(model, "__table__") else None


def scope(query, model, user=None):
    """Narrow a query of ``model`` to the rows the user may see."""
    column = review_column(model)
    if column is None:
        return query
    reviews = visible_review_ids(user)
    return query if reviews is None else query.filter(column.in_(reviews))


def can_see_review(review_id, user=None):
    reviews = visible_review_ids(user)
    if reviews is None:
        return True
    from models import db
    return db.session.scalar(select(Review.id).where(Review.id == review_id,
                                                     Review.id.in_(reviews))) is not None
