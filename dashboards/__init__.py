"""The dashboard: figures computed from the database when it is opened, over the reviews a
person's dashboard counts (``access.dashboard_reviews``) under the chosen filters. Analysts
get the same tables through ``suppression``; everyone else the exact numbers."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

import access
from dashboards import (figures_agencies, figures_incident, figures_learning,  # noqa: F401
                        figures_people, figures_reviews)  # (importing registers them)
from dashboards import suppression
from dashboards.filters import Filters, population
from dashboards.registry import FIGURES, Context, in_panels
from models import db


@dataclass
class Shown:
    """One figure as the page shows it: its table's cells as shown, and its chart's data."""
    figure: object
    table: object
    cells: list  # per row: the shown values
    note: str

    def chart(self):
        """Plain data for static/dashboards.js (counts only; "fewer than 3" drawn as 0)."""
        if not self.table.chart or not self.table.rows:
            return None
        series = [{"name": self.table.columns[i],
                   "values": [_plottable(cells[i]) for cells in self.cells]}
                  for i in self.table.counts]
        return {"id": self.figure.id, "title": self.figure.title,
                "labels": [row.label for row in self.table.rows], "series": series}


def _plottable(value):
    return value if isinstance(value, (int, float)) else 0


@dataclass
class Dashboard:
    filters: Filters
    reviews: int  # the population's size
    aggregates_only: bool
    refused: bool  # an analyst's view of too few reviews
    panels: list  # (title, [Shown])


def context(user, filters, today, periods):
    everything = filters.is_empty and access.dashboard_reviews(None, user) is None
    return Context(population(filters, user), today, periods, filters, everything=everything)


def build(user, filters, today=None, periods=None):
    from lifecycle.deadlines import periods as configured
    ctx = context(user, filters, today or date.today(), periods or configured())
    total = db.session.scalar(select(func.count()).select_from(ctx.population.subquery()))
    analyst = access.aggregates_only(user)
    refused = analyst and total < min_population() and not filters.is_empty
    panels = []
    if not refused:
        for title, figures in in_panels():
            panels.append((title, [show(fig, fig.compute(ctx), analyst) for fig in figures]))
    shown_total = suppression.shown_count(total) if analyst else total
    return Dashboard(filters, shown_total, analyst, refused, panels)


def min_population():
    from flask import current_app
    return int(current_app.config.get("DASHBOARD_MIN_POPULATION", suppression.MIN_POPULATION))


def show(fig, table, analyst):
    cells = [list(row.values) for row in table.rows]
    if analyst:
        cells = [_suppressed(table, values) for values in cells]
    return Shown(fig, table, cells, _note(table, cells))


def _suppressed(table, values):
    shown = list(values)
    for value_column, count_column in table.floor:
        shown[value_column] = suppression.shown_measure(values[value_column],
                                                        values[count_column])
    for index in table.counts:
        shown[index] = suppression.shown_count(values[index])
    return shown


def _note(table, cells):
    if not table.share:
        return table.note
    part_key, whole_keys = table.share
    by_key = {row.key: suppression.as_number(cell[0]) for row, cell in zip(table.rows, cells)}
    whole = sum(by_key.get(key, 0) for key in whole_keys)
    if not whole:
        return "None finished yet."
    return f"{round(100 * by_key.get(part_key, 0) / whole)}% of those finished were in time."


def drill(user, figure_id, key, filters, today=None, periods=None):
    """The SELECT of the ids of the reviews behind one row of a figure (before the caller's
    own scoping), or None when the figure has no such row."""
    from lifecycle.deadlines import periods as configured
    fig = FIGURES.get(figure_id)
    if fig is None or fig.drill is None:
        return None
    ctx = context(user, filters, today or date.today(), periods or configured())
    try:
        return fig.drill(ctx, key)
    except (KeyError, ValueError):
        return None
