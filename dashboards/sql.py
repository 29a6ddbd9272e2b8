"""Date arithmetic that SQLite and PostgreSQL spell differently, as SQL constructs compiled per
dialect, so that each figure stays one aggregate query on both backends."""
from sqlalchemy import Date, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class as_date(FunctionElement):
    """The calendar day of a date or timestamp column."""
    type = Date()
    inherit_cache = True
    name = "as_date"


@compiles(as_date)
def _as_date(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(as_date, "sqlite")
def _as_date_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)})"


class days_between(FunctionElement):
    """Whole days from the first date to the second (negative when the second is earlier)."""
    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between(element, compiler, **kw):
    start, end = list(element.clauses)
    return f"(CAST({compiler.process(end, **kw)} AS DATE) - CAST({compiler.process(start, **kw)} AS DATE))"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return (f"CAST(julianday(date({compiler.process(end, **kw)})) - "
            f"julianday(date({compiler.process(start, **kw)})) AS INTEGER)")
