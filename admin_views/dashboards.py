"""The dashboard (/admin/dashboards/): figures computed when opened, filtered, drawn by
plotly (its JavaScript served from the installed package, same origin) from data in a JSON
script tag, each chart beside its numbers as a table. Drilling to the reviews behind a row,
the board's annual figures (xlsx), the data collection return's completeness for a period, and
the review page's "Data collection return" section (completeness and the job)."""
import io
import json
from datetime import date
from flask import Response, render_template, request, send_file, url_for
from flask_admin import expose
from flask_security import current_user
from markupsafe import Markup
from sqlalchemy import select

import access
import audit
import dashboards
from admin_views import review_page
from admin_views.base import SecureView, secured
from admin_views.jobs import job_panel
from dashboards import filters as dash_filters, plotly_assets, returns, xlsx
from models import AuditAction, Review, db
from models.review import DeathType, ReviewStatus, ReviewType

YEAR = 365 * 24 * 3600
KIND = "exports.data_collection"


def _choices():
    return {"review_type": list(ReviewType), "death_type": list(DeathType),
            "stage": list(ReviewStatus), "agencies": dash_filters.agency_choices()}


def _agency_name(filters):
    if filters.agency_id is None:
        return None
    return dict(dash_filters.agency_choices()).get(filters.agency_id)


def _charts(board):
    return [shown.chart() for _, figures in board.panels for shown in figures
            if shown.chart() is not None]


class DashboardView(SecureView):
    resource = "dashboard"

    @expose("/")
    @secured("dashboard", access.READ)
    def index(self):
        filters = dash_filters.parse(request.args)
        board = dashboards.build(current_user, filters)
        return self.render("admin/dashboards/index.html", board=board, filters=filters,
                           choices=_choices(), described=filters.described(_agency_name(filters)),
                           charts=Markup(json.dumps(_charts(board)).replace("<", "\\u003c")),
                           may_drill=access.allowed("dashboard_drill", access.READ),
                           may_export=access.allowed("dashboard", access.EXPORT),
                           may_return=access.allowed("data_collection", access.READ),
                           plotly_url=url_for(".plotly", v=plotly_assets.VERSION),
                           plotly_css=url_for(".plotly_css", v=plotly_assets.VERSION),
                           map_style_id=plotly_assets.MAP_STYLE_ID)

    @expose("/plotly.min.js")
    @secured("dashboard", access.READ)
    def plotly(self):
        return _cached(send_file(plotly_assets.JS, mimetype="text/javascript", max_age=YEAR,
                                 conditional=True))

    @expose("/plotly.css")
    @secured("dashboard", access.READ)
    def plotly_css(self):
        response = Response(plotly_assets.css(), mimetype="text/css")
        response.cache_control.max_age = YEAR
        return _cached(response)

    @expose("/reviews/")
    @secured("dashboard_drill", access.READ)
    def drill(self):
        filters = dash_filters.parse(request.args)
        figure_id, key = request.args.get("figure", ""), request.args.get("key", "")
        behind = dashboards.drill(current_user, figure_id, key, filters)
        if behind is None:
            access.deny(404, "DashboardFigure", figure_id)
        reviews = db.session.scalars(access.scope(
            select(Review).where(Review.id.in_(behind)), Review)
            .order_by(Review.notified_on.desc(), Review.reference)).all()
        fig = dashboards.FIGURES[figure_id]
        return self.render("admin/dashboards/drill.html", reviews=reviews, figure=fig, key=key,
                           described=filters.described(_agency_name(filters)),
                           back=url_for(".index", **filters.args()))

    @expose("/annual.xlsx")
    @secured("dashboard", access.EXPORT)
    def annual(self):
        filters = dash_filters.parse(request.args)
        board = dashboards.build(current_user, filters)
        described = filters.described(_agency_name(filters))
        out = io.BytesIO()
        xlsx.write(out, _annual_sheets(board, described))
        out.seek(0)
        audit.record(AuditAction.export, changes={"export": "annual figures",
                                                  "filters": described}, commit=True)
        return send_file(out, mimetype=xlsx.XLSX, as_attachment=True,
                         download_name=f"Annual figures {date.today():%d %b %Y}.xlsx")

    @expose("/data-collection/")
    @secured("data_collection", access.READ)
    def period_completeness(self):
        start = dash_filters._date(request.args.get("notified_from"))
        end = dash_filters._date(request.args.get("notified_to"))
        ids = list(db.session.scalars(access.scope(
            returns.notified_between(start, end), Review, resource="data_collection")))
        missing = returns.fill(returns.read(ids), returns.load()[1])[1] if ids else []
        return self.render("admin/dashboards/completeness.html", missing=missing,
                           start=start, end=end, count=len(ids), link=missing_link)


def _cached(response):
    """plotly's own files (no case data): kept by the browser for a year, per version."""
    response.cache_control.public = False
    response.cache_control.private = True
    return response


def _annual_sheets(board, described):
    sheets = [("Summary", ["Figure", "Value"], [["Reviews", board.reviews]],
               ["Board's annual figures", described])]
    used = set()
    for panel, figures in board.panels:
        for shown in figures:
            name = shown.figure.title[:31]
            while name in used:
                name = name[:29] + str(len(used))
            used.add(name)
            rows = [[row.label] + cells for row, cells in zip(shown.table.rows, shown.cells)]
            above = [panel, shown.figure.title] + ([shown.note] if shown.note else [])
            sheets.append((name, [""] + shown.table.columns, rows, above))
    return sheets


def missing_link(item):
    """Where a missing field is entered."""
    if item.enter == "person":
        return url_for("person.edit_view", id=item.target_id)
    if item.enter == "review":
        return url_for("review.edit_view", id=item.target_id)
    return url_for("review.page", review_id=item.target_id)


@review_page.section("exports", "Data collection return", needs="data_collection", order=240,
                     column="wide")
def exports_section(review, context):
    if not access.can_see_review(review.id, resource="data_collection"):
        return ""
    missing = returns.completeness_of(review)
    return Markup(render_template(
        "admin/review/_data_collection.html", review=review, missing=missing,
        link=missing_link, panel=job_panel(KIND, review)))


def register(admin):
    admin.add_view(DashboardView(name="Dashboard", endpoint="dashboards", url="/admin/dashboards",
                                 category=None))
