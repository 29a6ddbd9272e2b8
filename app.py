"""Application factory: ``create_app(config=None)`` builds one DHR Case Review app."""
import gc
from urllib.parse import urlsplit

import openpyxl
from flask import Flask, request
from flask_wtf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

import admin_views
import agency_forms.chasing
import agency_forms.tracker
import audit
import chronology.jobs
import chronology.uploads
import dashboards.jobs
import jobs
import learning.exports
import learning.reminders
import learning.similar
import lifecycle.reminders
import mailer
import meetings.pack
import meetings.papers
import report.jobs
import auth
import cli
import csp
import errors
import dates
import health
import lifecycle
import meetings.views
import models
import portal
import request_limits
import transaction
from config import Config, trusted_hosts

csrf = CSRFProtect()

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: over HTTPS Flask-WTF refuses a form posted without a
    # Referer of our own origin, and no-referrer made browsers leave it out of every POST.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class DhrFlask(Flask):
    """Absolute links (``url_for(..., _external=True)``, as Flask-Security builds the links in
    its password-reset and invitation e-mails) always start with PUBLIC_URL, never with the
    host a request claims to be for: a forged Host header cannot redirect a reset link."""

    def url_for(self, endpoint, *, _anchor=None, _method=None, _scheme=None, _external=None,
                **values):
        external = _external if _external is not None else _scheme is not None
        if not external or not request:
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                                   _external=_external, **values)
        path = super().url_for(endpoint, _anchor=_anchor, _method=_method, _external=False,
                               **values)
        public = urlsplit(self.config["SERVER_NAME_FOR_LINKS"])
        return f"{public.scheme}://{public.netloc}{path}"


def create_app(config=None):
    """``config`` overrides settings; ``INSTANCE_PATH`` in it moves instance/ (tests)."""
    config = dict(config or {})
    app = DhrFlask(__name__, instance_path=config.pop("INSTANCE_PATH", None),
                   instance_relative_config=True)
    app.config.update(Config(app.instance_path).as_dict())
    app.config.update(config)
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)  # other Host headers: 400
    app.jinja_env.globals["csp_nonce"] = csp.nonce
    app.jinja_env.globals["review_name"] = app.config["REVIEW_NAME"]
    app.jinja_env.globals["review_short_name"] = app.config["REVIEW_SHORT_NAME"]
    _check_safe_parsers()
    request_limits.init_app(app)  # before any route: routes take their converters when added
    if app.config.get("PROXY_FIX"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    models.init_app(app)
    csrf.init_app(app)  # before Flask-Security, so its forms and ours share one CSRF token
    transaction.init_app(app)  # first registered, so its after_request runs last
    auth.init_app(app)
    audit.init_app(app)
    lifecycle.init_app(app)
    jobs.init_app(app, job_modules())
    dates.init_app(app)  # the |day and |when filters
    admin_views.init_admin(app)
    portal.init_app(app)
    meetings.views.init_app(app)  # invitation answers by token, document downloads
    health.init_app(app)
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.svg"))
    cli.init_app(app)
    errors.init_app(app)
    app.after_request(_security_headers)
    if not app.testing:
        _freeze_startup_objects()
    return app


def job_modules():
    """The modules whose ``@jobs.job`` and ``@jobs.daily`` functions this app runs. The daily
    run takes its tasks in this order: chasing agencies for their forms first."""
    return [mailer, lifecycle.reminders, agency_forms.chasing, agency_forms.tracker,
            learning.reminders, learning.exports, learning.similar, meetings.papers,
            meetings.pack, report.jobs, chronology.jobs, chronology.uploads, dashboards.jobs]


def _freeze_startup_objects():
    """Move the objects the app and its libraries keep for life (about 250,000) out of the
    garbage collector's full passes. Otherwise a page that reads many rows sets off a full pass
    over all of them every few requests: 100 ms added to one dashboard load in three (measured
    with 5,000 reviews). The usual remedy for long-running servers; tests skip it, as they build
    many apps in one process and a frozen app's cycles would never be freed."""
    gc.collect()
    gc.freeze()


# favicon: browsers ask every site for /favicon.ico (a 404 in every page's console otherwise).
# dashboards.plotly: plotly's own JavaScript from the installed package, no case data in it.
STATIC_ENDPOINTS = {"static", "favicon", "admin.static", "security.static", "dashboards.plotly",
                    "dashboards.plotly_css"}


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Content-Security-Policy", csp.header())
    if request.endpoint not in STATIC_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"  # pages carry case data: never cache
    return response


def _check_safe_parsers():
    """Spreadsheet uploads must be parsed with defusedxml (no entity expansion attacks)."""
    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("defusedxml is not installed: refusing to parse uploaded spreadsheets")
