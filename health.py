"""/healthz: the state of the database, Redis and the job queue; no sign-in, no data."""
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

import jobs
from models import db

bp = Blueprint("health", __name__)


def _database():
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:  # report, never raise: this endpoint is for monitors
        db.session.rollback()
        return "error"


def _redis_and_queue():
    if not current_app.config.get("REDIS_URL"):
        return "not configured", {"mode": "in-process"}
    try:
        jobs.redis_connection().ping()
        queue = jobs.get_queue()
        return "ok", {"mode": "rq", "name": queue.name, "queued": queue.count,
                      "failed": queue.failed_job_registry.count}
    except Exception:
        return "error", {"mode": "rq", "state": "unreachable"}


@bp.route("/healthz")
def healthz():
    database = _database()
    redis_state, queue = _redis_and_queue()
    healthy = database == "ok" and redis_state != "error"
    body = {"status": "ok" if healthy else "degraded", "database": database,
            "redis": redis_state, "queue": queue}
    return jsonify(body), 200 if healthy else 503


def init_app(app):
    app.register_blueprint(bp)
