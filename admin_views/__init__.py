"""The /admin area: Flask-Admin screens, all built on ``admin_views.base.SecureModelView``."""
import importlib
import pkgutil

from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

import csp

import admin_views
from admin_views import (accounts, agencies, agency_forms, agency_forms_answers, audit_log,
                         chronology, dashboards, jobs, learning, meetings, outbox, report,
                         report_rounds, review_page, reviews)
from admin_views.base import SecureIndexView

AREAS = (reviews, agency_forms, agency_forms_answers, chronology, learning, agencies, accounts, audit_log,
         outbox, jobs, meetings, report, report_rounds, dashboards)


def init_admin(app):
    admin = Admin(
        app, name="DHR Case Review", url="/admin",
        index_view=SecureIndexView(name="Home", url="/admin"),
        theme=Bootstrap4Theme(swatch="default", fluid=True, base_template="admin/dhr_base.html"),
        csp_nonce_generator=csp.nonce,
    )
    for area in AREAS:
        area.register(admin)
    review_page.init_app(app, _modules())
    return admin


def _modules():
    """Every module of the /admin area: any may declare a part of the review page."""
    return [importlib.import_module(f"{__name__}.{module.name}")
            for module in pkgutil.iter_modules(admin_views.__path__)]
