"""Helpers for the security review tests: accounts with several roles, rows of one review
found without going through ``access`` (the oracle the scoping is checked against), and list
filter arguments."""
from sqlalchemy import select

from conftest import Auth
from models import Agency, FormRequest, MemberRole, Review, ReviewMember, db, scoping
from world import DUE_SOON, GATHERING

OWN, FOREIGN = GATHERING, DUE_SOON  # chair.a and panel.a sit on 001, not on 003


def account_with_roles(app, client, accounts, email, roles, agency=None, member_of=(),
                       member_role=MemberRole.panel_member):
    """A new user holding ``roles`` (and agency, memberships); returns a signed-in Auth."""
    import demo
    with app.app_context():
        agency_row = db.session.scalar(select(Agency).where(Agency.name == agency))
        user, secret = demo.create_user(email, "Dual Role", list(roles), agency_row)
        for reference in member_of:
            review = db.session.scalar(select(Review).where(Review.reference == reference))
            db.session.add(ReviewMember(review=review, user=user, role=member_role))
        db.session.commit()
    auth = Auth(client, {**accounts, email: {"password": demo.DEMO_PASSWORD,
                                             "totp_secret": secret}})
    auth.login(email)
    return auth


def rows_of_review(model, reference):
    """Ids of ``model`` rows belonging to review ``reference``, by plain SQL joins that follow
    the model's declared scope (never through ``access``); [] for CSP-level data."""
    pk = getattr(model, "id")
    joined = joined_to_review(model)
    if joined is None:
        return []
    query = select(pk).select_from(joined).where(Review.reference == reference)
    return db.session.scalars(query.order_by(pk)).all()


def joined_to_review(model):
    """The review table joined down to ``model``'s table by the declaration, or None for
    CSP-level data. Raises for a model that declares nothing, so that a new table cannot
    slip past the scoping tests."""
    declared = scoping.scope_of(model)
    review = Review.__table__
    if declared is scoping.CSP_LEVEL:
        return None
    if declared is scoping.THE_REVIEW:
        return review
    if declared is scoping.BY_REVIEW or declared is scoping.BY_ASKER:
        return review.join(model.__table__, Review.id == model.review_id)
    if declared is scoping.BY_REQUEST:
        return review.join(FormRequest.__table__, Review.id == FormRequest.review_id).join(
            model.__table__, FormRequest.id == model.request_id)
    relation = scoping.parent_of(model)  # Through: the parent's way down, then the child
    parent = joined_to_review(relation.mapper.class_)
    return None if parent is None else parent.join(model.__table__, relation.primaryjoin)


def filter_arg(view, column_name, operation="equals"):
    """The URL argument of a list filter, e.g. ``flt0_3`` for "review.reference equals"."""
    for key, (_, flt) in (view._filter_args or {}).items():  # a screen may have no filters
        if getattr(flt.column, "key", None) == column_name and \
                str(flt.operation()).lower() == operation:
            return f"flt0_{key}"
    return None
