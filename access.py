"""Who may see and do what. The one permission mechanism: every admin view, portal page, job
and export asks here, by role (``allowed``) and by row (``scope``), and refuses through
``deny`` (an audited 403 or 404). Nothing else decides."""
from flask import abort
from flask_security import current_user
from sqlalchemy import and_, false, or_, select, tuple_
from sqlalchemy.sql.elements import False_

import audit
from models import scoping
from models import (Agency, AuditAction, Document, FormRequest, FormStatus, FormVersion,
                    Invitation, Meeting, MemberRole, Review, ReviewMember, RoleName, Visibility)
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
ANSWER, APPROVE = "answer", "approve"  # an invitation; minutes (the review's chair)
RUN_FORMS = {READ, EDIT, EXPORT, NOTIFY, DISTRIBUTE, CHASE, DECIDE}
ANSWERS = {ADMIN: {READ, EXPORT}, MANAGER: {READ, EXPORT}, CHAIR: READ_ONLY, PANEL: READ_ONLY}

LEARNING = {ADMIN: ALL, MANAGER: ALL, CHAIR: {READ, CREATE, EDIT, EXPORT},
            PANEL: {READ, EXPORT}}

# resource -> role -> actions. A resource missing here is refused to everyone.
RULES = {
    "review": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "my_reviews": {CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "review_member": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "person": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    # The Home Office data (issue 14). Family contacts and a person's traits are read exactly
    # by whoever reads people's real names.
    "person_trait": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "family_contact": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "agency_considered": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "parallel_proceeding": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "target_date_change": {ADMIN: {READ, EXPORT}, MANAGER: {READ, EXPORT}, CHAIR: READ_ONLY,
                           PANEL: READ_ONLY},
    "development_area": {ADMIN: {READ, CREATE, EDIT}, MANAGER: {READ, CREATE, EDIT},
                         CHAIR: READ_ONLY, PANEL: READ_ONLY},
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
    # The overview report (report/): chairs shape it, panel members write and comment in it;
    # agencies asked in a feedback round read their sections and comment through /portal.
    "report_section": {ADMIN: ALL, MANAGER: ALL, CHAIR: {READ, CREATE, EDIT, DELETE, EXPORT},
                       PANEL: {READ, EDIT}},
    "section_revision": {ADMIN: READ_ONLY, MANAGER: READ_ONLY, CHAIR: READ_ONLY,
                         PANEL: READ_ONLY},
    "report_comment": {ADMIN: ALL, MANAGER: ALL, CHAIR: {READ, CREATE, EDIT},
                       PANEL: {READ, CREATE, EDIT}},
    "section_presence": {ADMIN: READ_ONLY, MANAGER: READ_ONLY, CHAIR: READ_ONLY,
                         PANEL: READ_ONLY},
    "section_draft": {ADMIN: READ_ONLY, MANAGER: READ_ONLY},  # the writer reads their own
    "feedback_round": {ADMIN: ALL, MANAGER: ALL, CHAIR: {READ, CREATE, EDIT}, PANEL: READ_ONLY},
    "feedback_ask": {ADMIN: ALL, MANAGER: ALL, CHAIR: {READ, CREATE, EDIT}, PANEL: READ_ONLY,
                     AGENCY: {READ, EDIT}},
    "feedback_item": {ADMIN: {READ, EDIT}, MANAGER: {READ, EDIT}, CHAIR: {READ, EDIT},
                      PANEL: READ_ONLY, AGENCY: {READ, CREATE}},
    "feedback_reminder": {ADMIN: READ_ONLY, MANAGER: READ_ONLY},
    # Chronologies: agencies upload their own (portal); the chair links or dismisses
    # duplicates; names instead of pseudonyms only for "chronology_names".
    "chronology_upload": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, AGENCY: {READ, CREATE}},
    # An upload's rows waiting in its preview: seen only as the upload is (the preview page).
    "chronology_staged_entry": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY,
                                AGENCY: {READ, CREATE}},
    "chronology_entry": {ADMIN: ALL, MANAGER: ALL, CHAIR: {READ, EXPORT},
                         PANEL: {READ, EXPORT}, AGENCY: READ_ONLY},
    "chronology_link": {ADMIN: ALL, MANAGER: ALL, CHAIR: {READ, EDIT}, PANEL: READ_ONLY},
    "chronology_mapping": {ADMIN: ALL, MANAGER: ALL, AGENCY: {READ, CREATE, EDIT}},
    "chronology_names": {ADMIN: READ_ONLY, MANAGER: READ_ONLY, CHAIR: READ_ONLY},
    # Jobs a person started (exports...): rows narrowed by job_run_condition. Starting one
    # needs the right of its kind (e.g. form_request export); "run" is running a failed one
    # again.
    "job_run": {role: {READ, "run"} for role in ADMIN_AREA},
    # Meetings: agency staff reach only meetings their agency is invited to (meeting_condition),
    # documents by their visibility (document_condition).
    "meeting": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY, AGENCY: READ_ONLY},
    "invitation": {ADMIN: ALL, MANAGER: ALL, CHAIR: READ_ONLY, PANEL: READ_ONLY,
                   AGENCY: {READ, ANSWER}},
    "minutes": {ADMIN: {READ, CREATE, EDIT}, MANAGER: {READ, CREATE, EDIT},
                CHAIR: {READ, EDIT, APPROVE}, PANEL: READ_ONLY, AGENCY: READ_ONLY},
    "document": {ADMIN: ALL, MANAGER: ALL, CHAIR: {READ, CREATE}, PANEL: READ_ONLY,
                 AGENCY: {READ, CREATE}},
    "paper_reminder": {ADMIN: READ_ONLY, MANAGER: READ_ONLY},
    "paper_pack": {role: READ_ONLY for role in ADMIN_AREA},
    # Dashboards: figures over the reviews ``dashboard_reviews`` gives (analysts: every
    # review, aggregates only, small numbers suppressed); drilling to the reviews behind a
    # figure is for those who may read reviews; the Home Office data collection return holds
    # each person's details, so it is the CSP staff's.
    "dashboard": {ADMIN: {READ, EXPORT}, MANAGER: {READ, EXPORT}, CHAIR: {READ, EXPORT},
                  ANALYST: {READ, EXPORT}},
    "dashboard_drill": {ADMIN: READ_ONLY, MANAGER: READ_ONLY, CHAIR: READ_ONLY},
    "data_collection": {ADMIN: {READ, EXPORT}, MANAGER: {READ, EXPORT}, CHAIR: READ_ONLY},
    # Learning and the action plan. Chairs record their reviews' learning; agency users reach
    # only the actions their agency leads (through /portal) and add progress updates to them.
    "theme": {ADMIN: ALL - {DELETE}, MANAGER: READ_ONLY, CHAIR: READ_ONLY, PANEL: READ_ONLY},
    "lesson": LEARNING,
    "recommendation": LEARNING,
    "action": {**LEARNING, AGENCY: {READ, EDIT}},
    "action_update": {**LEARNING, AGENCY: {READ, CREATE}},
    "action_reminder": {ADMIN: READ_ONLY, MANAGER: READ_ONLY},
}


def deny(status, obj_type=None, obj_id=None):
    """Refuse the request, 403 (not allowed) or 404 (not visible), audited either way: every
    admin view, custom page and portal page answers a refusal through here."""
    audit.record(AuditAction.permission_denied if status == 403 else AuditAction.not_found,
                 changes={"object_type": obj_type, "object_id": obj_id}, commit=True)
    abort(status)


def roles_of(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return user.role_names


def actions_for(resource, user=None):
    user = current_user if user is None else user
    rule = RULES.get(resource, {})
    granted = set()
    for role in roles_of(user):
        granted |= rule.get(role, set())
    return granted


def allowed(resource, action, user=None):
    return action in actions_for(resource, user)


def require(resource, action):
    """An audited 403 unless the signed-in user's roles allow ``action`` on ``resource``."""
    if not allowed(resource, action):
        deny(403, resource)


def roles_granting(resource, action, user=None):
    """The user's roles that hold ``action`` on ``resource``. A role's rows count only through
    these, so that a user holding several roles (a police officer who also sits on a panel)
    never lends one role's rows to another role's rights."""
    user = current_user if user is None else user
    rule = RULES.get(resource, {})
    return {role for role in roles_of(user) if action in rule.get(role, ())}


def may_enter_admin(user=None):
    user = current_user if user is None else user
    return bool(roles_of(user) & ADMIN_AREA)


def may_enter_portal(user=None):
    """Agency staff work in /portal; what they find there is still scoped to their agency."""
    user = current_user if user is None else user
    return AGENCY in roles_of(user)


# Memberships that carry a chair's powers (accept, return) on a review; a chair sitting on
# another review as an observer only reads it.
CHAIRING = (MemberRole.chair, MemberRole.author)


def member_review_ids(user, member_roles=None):
    query = select(ReviewMember.review_id).where(ReviewMember.user_id == user.id)
    return query if member_roles is None else query.where(ReviewMember.role.in_(member_roles))


def agency_review_ids(user):
    """Reviews the user's agency was asked about: those with a request sent to it."""
    return select(FormRequest.review_id).where(FormRequest.agency_id == user.agency_id,
                                               FormRequest.status != FormStatus.draft)


def _is_agency_user(user):
    """Staff of an active agency: deactivating an agency withdraws its staff's access."""
    agency = getattr(user, "agency", None)
    return AGENCY in roles_of(user) and agency is not None and agency.active


# While a form is returned its answers and files are the agency's draft again: only the
# frozen versions of it are readable then.
LOCKED_STATES = SUBMITTED_STATES - {FormStatus.returned}


def notifiable_agencies(query, user=None):
    """Narrow a query of agencies to those the user may notify a death for: any agency for
    CSP staff (who record what an agency tells them), otherwise their own agency only."""
    user = current_user if user is None else user
    roles = roles_granting("form_request", NOTIFY, user)
    if roles & CSP_WIDE:
        return query
    if AGENCY in roles and _is_agency_user(user):
        return query.where(Agency.id == user.agency_id)
    return query.where(false())


def form_request_condition(user, roles, states=None, action=READ):
    """Which form requests ``roles`` of the user reach; ``states``: only requests in these
    states for chairs (whose answers they read). Chairs track every request of their reviews;
    panel members see accepted forms only; agency users what was sent to their own agency."""
    grants = []
    if roles & MEMBER_ROLES:
        chairing = CHAIRING if action != READ else None
        member = FormRequest.review_id.in_(member_review_ids(user, chairing))
        if CHAIR in roles:
            grants.append(member if states is None
                          else and_(member, FormRequest.status.in_(states)))
        else:
            grants.append(and_(member, FormRequest.status == FormStatus.accepted))
    if AGENCY in roles and _is_agency_user(user):
        grants.append(and_(FormRequest.agency_id == user.agency_id,
                           FormRequest.status != FormStatus.draft))
    return or_(*grants) if grants else false()


def _readable_states(model):
    return SUBMITTED_STATES if model is FormVersion else LOCKED_STATES


def _askers_rows(model, user, roles):
    """A job and its file are the asker's; CSP-wide roles also reach every review's jobs.
    Others keep theirs only while they still reach the review."""
    own = model.requested_by_id == user.id
    if roles & CSP_WIDE:
        return or_(own, model.review_id.is_not(None))
    if roles:
        return and_(own, or_(model.review_id.is_(None),
                             model.review_id.in_(member_review_ids(user))))
    return false()


def row_condition(model, user, action=READ, resource=None):
    """The SQL condition for the rows of ``model`` the user may ``action`` (as ``resource``,
    by default the model's table); None: not narrowed (CSP-level data, or a CSP-wide role).
    Built from the model's declared scope (``models.scoping``); an undeclared model raises."""
    root = scoping.root_scope(model)
    if root is scoping.CSP_LEVEL:
        return None  # agencies, users, the audit log: the role rules alone decide
    roles = roles_granting(resource or model.__tablename__, action, user)
    if roles & CSP_WIDE and root is not scoping.BY_ASKER:
        return None
    return _narrowed(model, user, roles, action)


def _narrowed(model, user, roles, action):
    """The rows of ``model`` that ``roles`` of the user reach, by its declaration."""
    declared = scoping.scope_of(model)
    if declared is scoping.BY_ASKER:
        return _askers_rows(model, user, roles)
    if model is FormRequest:
        return form_request_condition(user, roles, action=action)
    if declared is scoping.BY_REQUEST:
        visible = select(FormRequest.id).where(
            form_request_condition(user, roles, states=_readable_states(model)))
        return model.request_id.in_(visible)
    if isinstance(declared, scoping.Through):
        return _through_parent(model, user, roles, action)
    if model is Meeting:
        return meeting_condition(user, roles)
    if model is Document:
        return document_condition(user, roles)
    column = Review.id if declared is scoping.THE_REVIEW else model.review_id
    grants = []
    if roles & MEMBER_ROLES:
        grants.append(column.in_(member_review_ids(user)))
    if AGENCY in roles and _is_agency_user(user):
        grants.append(_own_agency_rows(model, user, column.in_(agency_review_ids(user))))
    return or_(*grants) if grants else false()


# Seats of a review's panel (papers shared with "the panel only").
PANEL_SEATS = (MemberRole.chair, MemberRole.author, MemberRole.panel_member)


def invited_meeting_ids(user):
    """Meetings the user's agency is invited to."""
    return select(Invitation.meeting_id).where(Invitation.agency_id == user.agency_id)


def meeting_condition(user, roles):
    """Members reach their reviews' meetings; agency staff only those their agency is invited
    to (never every meeting of a review their agency was asked about)."""
    grants = []
    if roles & MEMBER_ROLES:
        grants.append(Meeting.review_id.in_(member_review_ids(user)))
    if AGENCY in roles and _is_agency_user(user):
        grants.append(Meeting.id.in_(invited_meeting_ids(user)))
    return or_(*grants) if grants else false()


def document_condition(user, roles):
    """By visibility: all members of the review, its panel seats, or one agency (with the
    review's chair). Agency staff: papers shared with their agency, and those they uploaded,
    on reviews or meetings their agency takes part in."""
    grants = []
    if roles & MEMBER_ROLES:
        def seated(seats=None):
            return Document.review_id.in_(member_review_ids(user, seats))
        grants.append(or_(and_(Document.visibility == Visibility.members, seated()),
                          and_(Document.visibility == Visibility.panel, seated(PANEL_SEATS)),
                          and_(Document.visibility == Visibility.agency, seated(CHAIRING))))
    if AGENCY in roles and _is_agency_user(user):
        shared = or_(Document.visibility == Visibility.agency,
                     Document.uploaded_by_id == user.id)
        taking_part = or_(Document.review_id.in_(agency_review_ids(user)),
                          Document.meeting_id.in_(invited_meeting_ids(user)))
        grants.append(and_(Document.agency_id == user.agency_id, shared, taking_part))
    return or_(*grants) if grants else false()


def _own_agency_rows(model, user, grant):
    """An agency user reaches only their own agency's rows of a table that names an agency."""
    if model is not Review and hasattr(model, "agency_id"):
        return and_(grant, model.agency_id == user.agency_id)
    return grant


def _through_parent(model, user, roles, action):
    """Rows reached through their parent: those whose parent the same roles reach."""
    relation = scoping.parent_of(model)
    parent = relation.mapper.class_
    pairs = relation.local_remote_pairs
    keys = pairs[0][0] if len(pairs) == 1 else tuple_(*(local for local, _ in pairs))

    def via(condition):
        return keys.in_(select(*(remote for _, remote in pairs)).where(condition))

    grants = []
    if roles - {AGENCY}:
        grants.append(via(_narrowed(parent, user, roles - {AGENCY}, action)))
    if AGENCY in roles:
        grants.append(_own_agency_rows(model, user, via(_narrowed(parent, user, {AGENCY},
                                                                  action))))
    return or_(*grants) if grants else false()


def scope(query, model, user=None, action=READ, resource=None):
    """Narrow a query of ``model`` to the rows the user may ``action``."""
    user = current_user if user is None else user
    condition = row_condition(model, user, action, resource)
    return query if condition is None else query.filter(condition)


def can_see_review(review_id, user=None, action=READ, resource="review"):
    """May the user ``action`` (on ``resource``) this review: the review row's own scope."""
    from models import db
    condition = row_condition(Review, user if user is not None else current_user, action,
                              resource)
    if condition is None:  # every review: the one on the page is already in the session
        return db.session.get(Review, review_id) is not None
    if isinstance(condition, False_):  # none
        return False
    return db.session.scalar(select(Review.id).where(Review.id == review_id, condition)) \
        is not None


def may_still_export(user, resource, review_id):
    """A job runs after the person asked: are they still active, with the role to export
    ``resource`` and a place on the review? (Checked again when the job runs.)"""
    return (user is not None and user.active and allowed(resource, EXPORT, user)
            and can_see_review(review_id, user, EXPORT, resource))


def aggregates_only(user=None):
    """Analysts (without a CSP-wide role) see figures only, suppressed, even if they also
    chair a review: their dashboard counts every review."""
    roles = roles_of(current_user if user is None else user)
    return ANALYST in roles and not roles & CSP_WIDE


def dashboard_reviews(query, user=None):
    """Narrow a query of reviews to those a person's dashboard counts: every review for CSP
    staff and analysts (who see aggregates only), the reviews they chair for chairs.
    ``query`` None: asks only whether every review counts (then None comes back)."""
    user = current_user if user is None else user
    roles = roles_granting("dashboard", READ, user)
    if roles & (CSP_WIDE | {ANALYST}):
        return query
    if query is None:
        return select(Review.id).where(false())
    if CHAIR in roles:
        return query.where(Review.id.in_(member_review_ids(user, CHAIRING)))
    return query.where(false())
