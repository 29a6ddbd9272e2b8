"""One transaction per request: capability logic changes objects and flushes, the request
commits when its response is not an error and rolls back when it is (as Django's
ATOMIC_REQUESTS). Jobs are committed by ``jobs.execute``, CLI commands by themselves."""
from models import db


def init_app(app):
    app.after_request(_end_transaction)


def _end_transaction(response):
    if response.status_code >= 400:
        db.session.rollback()  # refusals that must stay were committed when recorded
        return response
    session = db.session()
    # A streamed body (a CSV export) still reads the loaded rows after this: keep them.
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()  # audit rows and queued mail (enqueue_after_commit) go with it
    finally:
        session.expire_on_commit = expiring
    return response
