"""Application factory: ``create_app(config=None)`` builds one DHR Case Review app."""
import openpyxl
from flask import Flask, request
from flask_wtf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

import admin_views
import audit
import auth
import cli
import dates
import health
import lifecycle
import models
import portal
from config import Config

csrf = CSRFProtect()

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'self'"),
}


def create_app(config=None):
    """``config`` overrides settings; ``INSTANCE_PATH`` in it moves instance/ (tests)."""
    config = dict(config or {})
    app = Flask(__name__, instance_path=config.pop("INSTANCE_PATH", None),
                instance_relative_config=True)
    app.config.update(Config(app.instance_path).as_dict())
    app.config.update(config)
    _check_safe_parsers()
    if app.config.get("PROXY_FIX"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    models.init_app(app)
    csrf.init_app(app)  # before Flask-Security, so its forms and ours share one CSRF token
    auth.init_app(app)
    audit.init_app(app)
    lifecycle.init_app(app)
    dates.init_app(app)  # the |day and |when filters
    admin_views.init_admin(app)
    portal.init_app(app)
    health.init_app(app)
    cli.init_app(app)
    app.after_request(_security_headers)
    return app


STATIC_ENDPOINTS = {"static", "admin.static", "security.static"}


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint not in STATIC_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"  # pages carry case data: never cache
    return response


def _check_safe_parsers():
    """Spreadsheet uploads must be parsed with defusedxml (no entity expansion attacks)."""
    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("defusedxml is not installed: refusing to parse uploaded spreadsheets")
