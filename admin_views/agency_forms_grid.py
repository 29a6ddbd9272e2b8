"""The agencies x form types grid of one review: on the review page (a Jinja global set by
``admin_views.agency_forms.register``) and on the review's forms page."""
from datetime import date

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

import access
from models import DISTRIBUTABLE_TYPES, FormRequest, FormType, db


def scoped_requests(review_id):
    query = access.scope(select(FormRequest), FormRequest).where(
        FormRequest.review_id == review_id).options(
        joinedload(FormRequest.agency), joinedload(FormRequest.reminders))
    return db.session.scalars(query).unique().all()


def forms_grid(review, today=None):
    """The grid as HTML (a container with id="forms"): a column per form a manager sends, and
    one for the initial notification when the review has one."""
    requests = scoped_requests(review.id)
    agencies = sorted({r.agency for r in requests}, key=lambda agency: agency.name)
    present = {r.form_type for r in requests}
    return Markup(render_template(
        "forms/_grid.html", review=review, agencies=agencies,
        types=[t for t in FormType if t in present or t in DISTRIBUTABLE_TYPES],
        cells={(r.agency_id, r.form_type): r for r in requests}, today=today or date.today(),
        may_chase=access.allowed("form_request", access.CHASE),
        may_distribute=access.allowed("form_request", access.DISTRIBUTE)))
