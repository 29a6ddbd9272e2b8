"""Who may see and do what. The one permission mechanism: every admin view, portal page, job
and export asks here, by role (``allowed``) and by row (``scope``). Nothing else decides."""
from flask_security import current_user
from sqlalchemy import and_, false, or_, select

from models import FormRequest, FormStatus, Review, ReviewMember, RoleName
from models.form_request import SUBMITTED_STATES

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
# Roles whose reach is the reviews they are members of.
MEMBER_ROLES = {CHAIR, PANEL}

# Actions on form requests beyond CRUD.
NOTIFY, DISTRIBUTE, CHASE, DECIDE, FILL = "notify", "distribute", "chase", "decide", "fill"
RUN_FORMS = {READ, EDIT, EXPORT, NOTIFY, DISTRIBUTE, CHASE, DECIDE}
ANSWERS = {ADMIN: {READ, EXPORT}, MANAGER: {READ, EXPORT}, CHAIR: READ_ONLY, PANEL: READ_ONLY}

# resource -> role -> actions. A resource missing here is refused to everyone.
RULES = {
    "review": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "my_reviews": {CHAIR: READ_ONLY, PANEL: READ_ONLY},
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
    # Agency users reach their forms through /portal only (they never enter /admin).
    "form_request": {ADMIN: RUN_FORMS, MANAGER: RUN_FORMS, CHAIR: {READ, DECIDE},
                     PANEL: READ_ONLY, AGENCY: {READ, FILL, NOTIFY}},
    "notification_form": ANSWERS,
    "involvement_return": ANSWERS,
    "imr": ANSWERS,
    "imr_analysis": ANSWERS,
    "form_version": ANSWERS,
    "form_attachment": {**ANSWERS, AGENCY: {READ, CREATE, DELETE}},
    "form_reminder": {ADMIN: READ_ONLY, MANAGER: READ_ONLY},
    "term_of_reference": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
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


def member_review_ids(user):
    return select(ReviewMember.review_id).where(ReviewMember.user_id == user.id)


def agency_review_ids(user):
    """Reviews the user's agency was asked about: those with a request sent to it."""
    return select(FormRequest.review_id).where(FormRequest.agency_id == user.agency_id,
                                               FormRequest.status != FormStatus.draft)


def _is_agency_user(user):
    return AGENCY in roles_of(user) and getattr(user, "agency_id", None) is not None


def visible_review_ids(user=None):
    """A subquery of the reviews the user may see, or None when they may see every review."""
    user = current_user if user is None else user
    if is_csp_wide(user):
        return None
    grants = []
    if roles_of(user) & MEMBER_ROLES:
        grants.append(Review.id.in_(member_review_ids(user)))
    if _is_agency_user(user):
        grants.append(Review.id.in_(agency_review_ids(user)))
    return select(Review.id).where(or_(*grants) if grants else false())


def form_request_condition(user, answers=False):
    """Which form requests the user may see; ``answers``: whose answers they may read.
    Chairs track every request of their reviews and read what was submitted; panel members
    see accepted forms only; agency users see what was sent to their own agency."""
    roles = roles_of(user)
    grants = []
    if roles & MEMBER_ROLES:
        member = FormRequest.review_id.in_(member_review_ids(user))
        if CHAIR in roles:
            grants.append(and_(member, FormRequest.status.in_(SUBMITTED_STATES))
                          if answers else member)
        else:
            grants.append(and_(member, FormRequest.status == FormStatus.accepted))
    if _is_agency_user(user):
        grants.append(and_(FormRequest.agency_id == user.agency_id,
                           FormRequest.status != FormStatus.draft))
    return or_(*grants) if grants else false()


def review_column(model):
    """The column that ties a model's rows to a review, or None for CSP-level data."""
    if model is Review:
        return Review.id
    return getattr(model, "review_id", None) if hasattr(model, "__table__") else None


def _is_part_of_form(model):
    """Answers, versions, reminders and files: rows hanging off one form request."""
    table = getattr(model, "__table__", None)
    column = table.c.get("request_id") if table is not None else None
    return column is not None and any(fk.column.table.name == FormRequest.__tablename__
                                      for fk in column.foreign_keys)


def row_condition(model, user):
    """The SQL condition for the rows of ``model`` the user may see; None: not narrowed."""
    if is_csp_wide(user):
        return None
    if model is FormRequest:
        return form_request_condition(user)
    if _is_part_of_form(model):
        visible = select(FormRequest.id).where(form_request_condition(user, answers=True))
        return model.request_id.in_(visible)
    column = review_column(model)
    if column is None:
        return None
    grants = []
    if roles_of(user) & MEMBER_ROLES:
        grants.append(column.in_(member_review_ids(user)))
    if _is_agency_user(user):
        grant = column.in_(agency_review_ids(user))
        if model is not Review and hasattr(model, "agency_id"):
            grant = and_(grant, model.agency_id == user.agency_id)  # their agency's rows only
        grants.append(grant)
    return or_(*grants) if grants else false()


def scope(query, model, user=None):
    """Narrow a query of ``model`` to the rows the user may see."""
    user = current_user if user is None else user
    condition = row_condition(model, user)
    return query if condition is None else query.filter(condition)


def can_see_review(review_id, user=None):
    reviews = visible_review_ids(user)
    if reviews is None:
        return True
    from models import db
    return db.session.scalar(select(Review.id).where(Review.id == review_id,
                                                     Review.id.in_(reviews))) is not None
