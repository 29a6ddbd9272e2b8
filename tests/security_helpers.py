"""Helpers for the security review tests: accounts with several roles, rows of one review
found without going through ``access`` (the oracle the scoping is checked against), and list
filter arguments."""
from sqlalchemy import select

from conftest import Auth
from models import Agency, FormRequest, MemberRole, Review, ReviewMember, db

OWN, FOREIGN = "DHR-2026-001", "DHR-2026-003"  # chair.a and panel.a sit on 001, not on 003


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
    """Ids of ``model`` rows belonging to review ``reference``, by plain SQL joins."""
    pk = getattr(model, "id")
    if model is Review:
        query = select(pk).where(Review.reference == reference)
    elif hasattr(model, "review_id") and model.__tablename__ != "audit_event":
        query = select(pk).join(Review, Review.id == model.review_id).where(
            Review.reference == reference)
    elif hasattr(model, "request_id"):
        query = select(pk).join(FormRequest, FormRequest.id == model.request_id).join(
            Review, Review.id == FormRequest.review_id).where(Review.reference == reference)
    else:
        return []
    return db.session.scalars(query.order_by(pk)).all()


def filter_arg(view, column_name, operation="equals"):
    """The URL argument of a list filter, e.g. ``flt0_3`` for "review.reference equals"."""
    for key, (_, flt) in view._filter_args.items():
        if getattr(flt.column, "key", None) == column_name and \
                str(flt.operation()).lower() == operation:
            return f"flt0_{key}"
    return None
