"""What a request may carry before any of our code or SQL sees it: ids that fit a database
integer, and JSON that parses. Hostile values get a 404 or 400, never a 500."""
from flask import abort, request
from sqlalchemy import BigInteger, SmallInteger
from werkzeug.routing import IntegerConverter

# Python's int has no limit, so a number past the column's type reaches the driver and fails
# there: OverflowError on SQLite past 64 bits, "integer out of range" on PostgreSQL, whose
# INTEGER (every id of ours) has 32 bits.
MAX_ID = 2**31 - 1


def fits_integer(value, sql_type=None):
    """Whether ``value`` fits the integer column type (32-bit INTEGER unless told)."""
    bits = 64 if isinstance(sql_type, BigInteger) else 16 if isinstance(
        sql_type, SmallInteger) else 32
    return -(2 ** (bits - 1)) <= value < 2 ** (bits - 1)


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number past an id column matches no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
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
