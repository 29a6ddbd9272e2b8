"""Reading the test database from outside a request, each call in its own app context: ids by
reference, row counts, audit rows, the scoped admin views, and the SQL a page costs."""
from sqlalchemy import event, func, select

import access
from models import AuditEvent, Review, db


def review_id(app, reference):
    with app.app_context():
        return db.session.scalar(select(Review.id).where(Review.reference == reference))


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def audit_count(app, action):
    return count(app, AuditEvent, AuditEvent.action == action)


def audit_rows(app, action, actor):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == action, AuditEvent.actor == actor)
            .order_by(AuditEvent.id)).all()


def admin_views(app, role=None):
    """The scoped admin views (those with an access rule), or those ``role`` may read."""
    from admin_views.base import SecureModelView
    views = [v for v in app.extensions["admin"][0]._views if isinstance(v, SecureModelView)]
    if role is None:
        return views
    return [v for v in views if access.READ in access.RULES[v.resource].get(role, set())]


def statements(app, client, url):
    """How many SQL statements a GET of ``url`` (which must answer 200) costs."""
    seen = []
    with app.app_context():
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)
