"""The plug-in points of jobs: ``@job`` and ``@daily`` only mark a capability's functions;
``Registry`` collects them from the modules an app names (``jobs.init_app``)."""
from dataclasses import dataclass
from typing import Callable

from flask import current_app

from models import db


class UnknownJob(LookupError):
    pass


@dataclass(frozen=True)
class Startable:
    """A job a person starts from a page: the button's ``title`` and ``back``, the endpoint
    (taking review_id) of the page to return to."""
    title: str
    back: str


@dataclass(frozen=True)
class Spec:
    """What ``@job`` records on a function; ``needs``: (resource, action) on the review."""
    name: str
    aliases: tuple = ()
    tracked: bool = False
    startable: Startable = None
    needs: tuple = None
    on_failure: Callable = None


@dataclass(frozen=True)
class StartableJob:
    """A startable job as the pages use it."""
    func: Callable
    title: str
    back: str
    resource: str
    action: str


def job(name, aliases=(), tracked=False, startable=None, needs=None, on_failure=None):
    """Mark ``func`` as the job ``name`` (``aliases``: names of jobs queued before a rename).
    ``tracked``: the job has a JobRun record and takes it; a ``startable`` job (a Startable)
    is tracked, and a person may start it when they have ``needs`` on the review.
    ``on_failure(error, *ids)``: records an untracked job's failure (committed after the
    rollback). Only records the fact: ``init_app`` collects the jobs of the modules the app
    names."""
    def mark(func):
        func.job_spec = Spec(name, tuple(aliases), tracked or startable is not None,
                             startable, needs, on_failure)
        return func
    return mark


def daily(func):
    """Mark ``func(today=None)`` as a task of the daily run: idempotent (claim before
    sending), returning what it did (a count). Run in the order ``init_app`` collects them."""
    func.daily_task = True
    return func


class Registry:
    """The jobs and daily tasks of one app, collected from the modules it names."""

    def __init__(self, modules):
        self.jobs, self.daily, self.startable = {}, {}, {}
        for module in modules:
            for func in vars(module).values():
                if getattr(func, "__module__", None) == module.__name__:
                    self._add(func)

    def _add(self, func):
        spec = getattr(func, "job_spec", None)
        if spec is not None:
            for each in (spec.name, *spec.aliases):
                if self.jobs.get(each, func) is not func:
                    raise ValueError(f"job name {each!r} is taken")
                self.jobs[each] = func
            if spec.startable is not None:
                self.startable[spec.name] = StartableJob(func, spec.startable.title,
                                                         spec.startable.back, *spec.needs)
        if getattr(func, "daily_task", False):
            self.daily[f"{func.__module__}.{func.__name__}"] = func


def registry(app=None):
    return (app or current_app).extensions["dhr_jobs"]


def job_name(func):
    spec = getattr(func, "job_spec", None)
    if spec is None:
        raise UnknownJob(f"{func.__qualname__} is not a job (use @jobs.job)")
    return spec.name


def resolve(name):
    try:
        return registry().jobs[name]
    except KeyError:
        raise UnknownJob(f"no job is registered as {name!r}") from None


def startable(kind):
    """The StartableJob of ``kind``, or None."""
    return registry().startable.get(kind)


def run_daily_tasks(today=None):
    """Run every daily task, in order, each committed when it is done; returns {task name:
    what it did}."""
    done = {}
    for name, task in registry().daily.items():
        try:
            done[name] = task(today=today)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return done
