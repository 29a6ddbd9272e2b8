"""The worker layer: what a process needs to run jobs from RQ. Only the command line
(``flask worker``) imports it, so nothing in the app depends on it.

It imports every module that registers jobs (so that a queued name resolves), books the daily
run, and runs an RQ worker inside the app context the command line pushed: each job, forked
from this process, inherits that context and opens its own database connections.
"""
import importlib

from rq import Worker
from rq.serializers import JSONSerializer

import jobs
from jobs import reminders

# Modules whose @jobs.job functions a worker must know by name.
JOB_MODULES = ("mailer", "jobs.reminders", "jobs.chasing", "jobs.forms_tracker", "jobs.exports",
               "meetings.pack", "jobs.report", "jobs.chronology", "learning.exports",
               "learning.similar", "learning.reminders")


def load_jobs():
    for name in JOB_MODULES:
        importlib.import_module(name)
    return sorted(jobs.REGISTRY)


def work(app, burst=False):
    """Start an RQ worker on our queue (JSON serializer, scheduler on). Needs the app context
    (``flask worker`` pushes it)."""
    from models import db
    load_jobs()
    db.engine.dispose()  # each forked job opens its own connections
    reminders.ensure_scheduled(app)
    worker = Worker([jobs.get_queue(app)], connection=jobs.redis_connection(app),
                    serializer=JSONSerializer)
    return worker.work(burst=burst, with_scheduler=True)
