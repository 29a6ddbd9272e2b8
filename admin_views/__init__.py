"""The /admin area: Flask-Admin screens, all built on ``admin_views.base.SecureModelView``."""
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

import csp

from admin_views import (accounts, agencies, audit_log, chronology, dashboards, form_answers,
                         forms, jobs, learning, meetings, outbox, report, report_rounds, reviews)
from admin_views.base import SecureIndexView

AREAS = (reviews, forms, form_answers, chronology, learning, agencies, accounts, audit_log,
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
    return admin
