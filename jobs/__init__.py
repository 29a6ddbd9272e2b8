"""The queue API: a capability marks a job with ``@job("mail.deliver")`` (and a daily task
with ``@daily``, see ``jobs.plugins``), the app collects them (``init_app``), code
``enqueue(func, *ids)``s them and ``claim``s a row to act once. This package imports models
only; the RQ worker (``work()``) is ``jobs.worker``, which only the command line imports.

Rules every job follows:
- **Stable names.** A job is queued by its registered name, never by its module path, so
  moving a file never breaks a job already queued. ``run(name, *ids)`` is what RQ executes.
- **Ids only.** A job takes ids (and ISO dates), is idempotent, and may run twice.
- **Enqueue after commit.** Callers commit first, then enqueue: ``enqueue`` refuses a session
  with pending changes, since in-process the job would commit or roll back the caller's half
  work, and through RQ a worker could run before the rows it needs are committed. Code that
  does not own the transaction (``mailer.send``) uses ``enqueue_after_commit``: the job is
  enqueued when the caller commits, and forgotten when it rolls back.
- **One transaction owner.** ``execute`` commits what a job did when it returns, and rolls it
  back when it raises; job bodies do not commit (``progress`` and ``claim`` aside).
- **One failure path.** Both paths call ``execute``: it runs the job, and on an exception rolls
  the session back, marks the job's ``JobRun`` (if it has one) failed with the error in words,
  and re-raises. A tracked job (one with a JobRun) is never retried automatically on either
  path: the person sees the error and presses "Run again" (a new attempt on the same record).
  Untracked jobs record their failure through their ``on_failure`` (the outbox row says
  failed); RQ retries them after RETRY_INTERVALS, while in-process there is no worker to try
  later, so the error is logged, the caller's request goes on, and the outbox's "Send again"
  is the retry.

Long tasks a person waits for (exports) have a ``JobRun`` record: ``start(kind, user, ...)``
creates it queued and enqueues it; the job reports ``progress(done, total, message)`` and
returns the produced file; see ``models.job_run`` for its life cycle.
"""
import contextvars
import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from jobs.plugins import (Registry, Startable, StartableJob, UnknownJob, daily,  # noqa: F401
                          job, job_name, registry, resolve, run_daily_tasks, startable)
from models import JobRun, JobStatus, db
from models.mixins import utcnow

log = logging.getLogger(__name__)

AREA = "jobs"  # the file store area of the files jobs produce
DEFAULT_TIMEOUT = 300
RETRY_INTERVALS = [10, 60, 300]
MAX_ATTEMPTS = 1 + len(RETRY_INTERVALS)
# A running job silent this long has lost its worker: RQ stops any job at its timeout, so a
# job still "running" after twice that is certainly not running.
STALE_AFTER = timedelta(seconds=2 * DEFAULT_TIMEOUT)
HEARTBEAT_EVERY = timedelta(seconds=1)

_current_run = contextvars.ContextVar("current_job_run", default=None)


def init_app(app, modules):
    """Collect the ``@job`` and ``@daily`` functions of ``modules`` (in this order)."""
    app.extensions["dhr_jobs"] = Registry(modules)
    for name, hook in (("after_commit", _commit_done), ("after_soft_rollback", _forget),
                       ("after_transaction_end", _enqueue_committed)):
        if not event.contains(db.session, name, hook):
            event.listen(db.session, name, hook)


def claim(row):
    """Insert ``row`` now; False when a UNIQUE key says another run already inserted it.

    Jobs that must act once (a reminder a day, say) claim first and act only on True, so a
    repeated or concurrent run loses on the database, not in Python. On False the session has
    been rolled back."""
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _has_pending_changes(session):
    return bool(session.new or session.deleted
                or any(session.is_modified(obj) for obj in session.dirty))


def enqueue(func, *ids, timeout=DEFAULT_TIMEOUT):
    """Run ``func(*ids)`` in a worker (RQ) or right here (embedded default), after the caller
    has committed. Returns the RQ job, or None when run in-process."""
    name = job_name(func)
    if _has_pending_changes(db.session):
        raise RuntimeError(f"commit before enqueueing {name}: the job must see committed rows")
    queue = get_queue()
    if queue is None:
        _run_here(name, ids)
        return None
    return queue.enqueue(run, name, *ids, **rq_options(timeout, retry=not func.job_spec.tracked))


def enqueue_after_commit(func, *ids):
    """Enqueue ``func(*ids)`` once the caller's transaction commits (nothing if it rolls
    back): the caller, not the code that asks, owns the transaction."""
    job_name(func)
    db.session().info.setdefault(_PENDING, []).append((func, ids))


_PENDING, _COMMITTED = "dhr_jobs_pending", "dhr_jobs_committed"


def _commit_done(session):
    session.info.setdefault(_COMMITTED, []).extend(session.info.pop(_PENDING, []))


def _forget(session, previous_transaction):
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)


def _enqueue_committed(session, transaction):
    # After the outermost transaction ends the session may begin another: an in-process
    # job runs here with its own transaction, unlike in after_commit.
    if transaction.parent is None and session.info.get(_COMMITTED):
        for func, ids in session.info.pop(_COMMITTED):
            enqueue(func, *ids)


def rq_options(timeout=DEFAULT_TIMEOUT, retry=True):
    """Tracked jobs are not retried by RQ: the person who asked sees the failure and runs it
    again, exactly as in-process."""
    from rq import Retry
    options = {"job_timeout": timeout, "result_ttl": 86400, "failure_ttl": 7 * 86400}
    if retry:
        options["retry"] = Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS)
    return options


def _run_here(name, ids):
    try:
        execute(name, ids)
    except Exception:  # recorded by execute; the caller's request goes on
        log.exception("in-process job %s%r failed", name, ids)


def run(name, *ids):
    """What the worker executes (inside the app context ``jobs.worker`` provides)."""
    return execute(name, ids)


def execute(name, ids):
    """Run one job by name: the single path of both RQ and in-process runs."""
    func = resolve(name)
    if func.job_spec.tracked:
        return _execute_tracked(func, *ids)
    try:
        done = func(*ids)
        db.session.commit()
        return done
    except Exception as error:
        db.session.rollback()
        if func.job_spec.on_failure is not None:
            func.job_spec.on_failure(error, *ids)
            db.session.commit()
        raise


# -- the job record ---------------------------------------------------------------------------
def start(func, user, review_id=None):
    """Create the JobRun of a tracked job (queued, asked by ``user``), commit, enqueue it.
    Returns the JobRun."""
    record = JobRun(kind=job_name(func), review_id=review_id, requested_by=user)
    db.session.add(record)
    db.session.commit()
    return _enqueue_record(func, record)


def run_again(record):
    """Put a failed JobRun back in the queue, as it was asked (same kind, review, person)."""
    if record.status is not JobStatus.failed:
        return record
    record.requeue()
    db.session.commit()
    return _enqueue_record(resolve(record.kind), record)


def _enqueue_record(func, record):
    record_id = record.id
    enqueue(func, record_id)
    return db.session.get(JobRun, record_id)


def _execute_tracked(func, record_id):
    record = db.session.get(JobRun, record_id)
    if record is None or record.status is JobStatus.done:
        return None  # done already (a retried or repeated job): nothing to do again
    record.begin()
    db.session.commit()
    token = _current_run.set(record_id)
    try:
        produced = func(record)
    except Exception as error:
        db.session.rollback()
        record = db.session.get(JobRun, record_id)
        record.fail(error_in_words(error))
        db.session.commit()
        raise
    finally:
        _current_run.reset(token)
    record = db.session.get(JobRun, record_id)
    record.finish(produced)
    db.session.commit()
    return record_id


def error_in_words(error):
    """What a person reads when their job failed: the job's own message when it raised
    JobFailed, otherwise what kind of failure happened, without internals."""
    if isinstance(error, JobFailed):
        return str(error)
    if type(error).__name__ == "JobTimeoutException":
        return "The job took too long and was stopped."
    return f"The job stopped with an error ({type(error).__name__}). Run it again; if it " \
           "fails again, tell the system administrator."


class JobFailed(Exception):
    """Raised by a job with a message for the person who asked for it."""


def progress(done, total=None, message=None):
    """Report progress of the running tracked job: ``done`` of ``total`` and what it is doing.
    Commits the job's session (at most once a second, and always at the end), so report
    between units of work the job is content to have committed, and read what it needs into
    plain values first (a commit expires loaded rows). Also the heartbeat."""
    record_id = _current_run.get()
    if record_id is None:
        return
    record = db.session.get(JobRun, record_id)
    now = utcnow()
    due = record.heartbeat_at is None or now - record.heartbeat_at >= HEARTBEAT_EVERY
    record.progress_done, record.progress_total = done, total
    if message is not None:
        record.message = message[:255]
    if due or (total is not None and done >= total):
        record.heartbeat_at = now
        db.session.commit()


def stale_after(app=None):
    seconds = (app or current_app).config.get("JOB_STALE_AFTER_SECONDS")
    return timedelta(seconds=seconds) if seconds else STALE_AFTER


def mark_stale(record=None):
    """Fail running jobs whose heartbeat stopped (their worker died): one ``record`` when it
    is read, or all of them (the daily run). Returns how many were marked."""
    cutoff = utcnow() - stale_after()
    if record is not None:
        candidates = [record] if record.is_stale(cutoff) else []
    else:
        candidates = [r for r in db.session.scalars(select(JobRun).where(
            JobRun.status == JobStatus.running)) if r.is_stale(cutoff)]
    for each in candidates:
        each.fail("The worker running this job stopped before it finished. Run it again.")
    if candidates:
        db.session.commit()
    return len(candidates)


# -- RQ ---------------------------------------------------------------------------------------
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
