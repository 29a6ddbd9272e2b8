"""What a request may carry before any of our code or SQL sees it: ids that fit a database
integer, and JSON that parses. Hostile values get a 404 or 400, never a 500."""
from flask import abort, request
from werkzeug.routing import IntegerConverter

# The range of a 64-bit signed integer: SQLite's INTEGER, PostgreSQL's BIGINT. Python's int has
# no limit, so a larger id would reach the driver and fail there (OverflowError on SQLite).
MIN_INT, MAX_INT = -(2**63), 2**63 - 1


def fits_integer(value):
    return MIN_INT <= value <= MAX_INT


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number past a database integer matches no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _parse_json_first():
    """Parse a JSON body once, before any view (the view reads the cached result): nesting
    past Python's recursion limit raises RecursionError, a 500 wherever it surfaced; here it
    is a 400. Malformed JSON is left to the view, as before (``silent``)."""
    if request.is_json and request.get_data(cache=True):
        try:
            request.get_json(cache=True, silent=True)
        except RecursionError:
            abort(400, "The JSON is nested too deeply.")


def init_app(app):
    """Before any route is added (routes take their converters when they are added)."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_parse_json_first)
