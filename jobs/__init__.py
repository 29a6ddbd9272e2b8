"""Background jobs. ``enqueue(func, *ids)`` sends a job to RQ when REDIS_URL is set and runs it
in-process otherwise. Jobs are plain functions that take ids, so they are safe to retry."""
import importlib
import logging

from flask import current_app, has_app_context

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 300
RETRY_INTERVALS = [10, 60, 300]


def claim(row):
    """Insert ``row`` now; False when a UNIQUE key says another run already inserted it.

    Jobs that must act once (a reminder a day, say) claim first and act only on True, so a
    repeated or concurrent run loses on the database, not in Python. On False the session has
    been rolled back."""
    from sqlalchemy.exc import IntegrityError

    from models import db
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def job_name(func):
    return f"{func.__module__}.{func.__qualname__}"


def enqueue(func, *ids, timeout=DEFAULT_TIMEOUT):
    """Run ``func(*ids)`` in a worker (RQ) or right here (embedded default).
    Returns the RQ job, or None when run in-process."""
    queue = get_queue()
    if queue is None:
        _run_here(func, ids)
        return None
    from rq import Retry
    return queue.enqueue(run, job_name(func), *ids, job_timeout=timeout, result_ttl=86400,
                         failure_ttl=7 * 86400, retry=Retry(max=len(RETRY_INTERVALS),
                                                            interval=RETRY_INTERVALS))


def _run_here(func, ids):
    try:
        func(*ids)
    except Exception:  # the job records its own failure; the caller's request goes on
        log.exception("in-process job %s%r failed", job_name(func), ids)
        from models import db
        db.session.rollback()


def run(name, *ids):
    """What the worker executes: resolve the job by name and run it inside the app."""
    module_name, _, func_name = name.rpartition(".")
    func = getattr(importlib.import_module(module_name), func_name)
    if has_app_context():
        return func(*ids)
    with _worker_app().app_context():
        return func(*ids)


_app = None


def _worker_app():
    global _app
    if _app is None:
        from app import create_app
        _app = create_app()
    return _app


def redis_connection(app=None):
    app = app or current_app
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    conn = app.extensions.get("dhr_redis")
    if conn is None:
        from redis import Redis
        conn = app.extensions["dhr_redis"] = Redis.from_url(url)
    return conn


def get_queue(app=None):
    app = app or current_app
    conn = redis_connection(app)
    if conn is None:
        return None
    from rq import Queue
    from rq.serializers import JSONSerializer
    return Queue(app.config["RQ_QUEUE"], connection=conn, serializer=JSONSerializer)


def work(app, burst=False):
    """Start an RQ worker on our queue (JSON serializer, scheduler on)."""
    from rq import Worker
    from rq.serializers import JSONSerializer
    from models import db
    db.engine.dispose()  # each forked job opens its own connections
    from jobs import reminders
    reminders.ensure_scheduled(app)
    worker = Worker([get_queue(app)], connection=redis_connection(app),
                    serializer=JSONSerializer)
    return worker.work(burst=burst, with_scheduler=True)
