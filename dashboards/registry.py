"""The figures of the dashboard: each a small function registered here with its panel, so a
panel gains a figure in a few lines. A figure returns a ``Table`` (its numbers, drawn as a
chart beside the same numbers as a table); ``drill`` gives the reviews behind one row."""
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from sqlalchemy import true

PANELS = {"stages": "Reviews and timeliness", "agencies": "Agencies",
          "learning": "Learning", "incident": "The incidents",
          "people": "Victims and perpetrators"}


@dataclass
class Row:
    key: str  # what a drill-down is asked for ("" when the row cannot be drilled)
    label: str
    values: list


@dataclass
class Table:
    columns: list  # headings of the value columns
    rows: list  # of Row
    counts: tuple = ()  # indexes of the columns that are counts (suppressed for analysts)
    chart: str = "bar"  # "bar" or "" (a table only)
    note: str = ""
    share: tuple | None = None  # (row key, row keys of the whole): "n% of m" under the table
    floor: tuple = ()  # (value column, count column): show the value only for groups this big

    def column(self, index):
        return [row.values[index] for row in self.rows]


@dataclass
class Figure:
    id: str
    panel: str
    title: str
    compute: Callable  # (Context) -> Table
    drill: Callable | None = None  # (Context, key) -> SELECT of review ids
    measures: bool = False  # durations and shares: shown to analysts only for large groups


@dataclass
class Context:
    population: object  # SELECT of review ids
    today: date
    periods: object
    filters: object
    cache: dict = field(default_factory=dict)  # per page: rows several figures share
    everything: bool = False  # the population is every review: no condition needed

    def within(self, column):
        """The condition that ``column`` (a review id) is in the population."""
        return true() if self.everything else column.in_(self.population)


FIGURES = {}


def figure(id, panel, title, drill=None, measures=False):
    def register(compute):
        FIGURES[id] = Figure(id, panel, title, compute, drill, measures)
        return compute
    return register


def in_panels():
    """(panel title, figures) in page order, panels without figures left out."""
    grouped = {}
    for fig in FIGURES.values():
        grouped.setdefault(fig.panel, []).append(fig)
    return [(PANELS[panel], grouped[panel]) for panel in PANELS if panel in grouped]
