"""The worker layer: what a process needs to run jobs from RQ. Only the command line
(``flask worker``) imports it, so nothing in the app depends on it.

It runs an RQ worker inside the app context the command line pushed (the app has collected
every job by name, so a queued name resolves): each job, forked from this process, inherits
that context and opens its own database connections. The command books the daily run first.
"""
from rq import Worker
from rq.serializers import JSONSerializer

import jobs


def work(app, burst=False):
    """Start an RQ worker on our queue (JSON serializer, scheduler on). Needs the app context
    (``flask worker`` pushes it)."""
    from models import db
    db.engine.dispose()  # each forked job opens its own connections
    worker = Worker([jobs.get_queue(app)], connection=jobs.redis_connection(app),
                    serializer=JSONSerializer)
    return worker.work(burst=burst, with_scheduler=True)
