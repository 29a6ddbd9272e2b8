"""Error pages inside the site layout: what happened in plain words, a way back, sign-out for
a signed-in user, and nothing of the case (never the exception's own text, which may name a
record). A 500 carries a reference number that is logged with the traceback."""
import secrets

from flask import current_app, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

PAGES = {
    400: ("Something was wrong with that request",
          "The page could not use what your browser sent. Go back and try again."),
    403: ("You do not have access to this page",
          "Your account does not allow this. If you think it should, ask a review manager."),
    404: ("Page not found",
          "The page does not exist, or you do not have access to it. Check the address."),
    405: ("Something was wrong with that request",
          "The page could not use what your browser sent. Go back and try again."),
    409: ("This form has changed",
          "Someone else saved or submitted it while you had it open, or it is locked. Go back "
          "and reload the page to see what is there now."),
    413: ("The file is too large",
          "What you sent is larger than the system accepts. Go back and send a smaller file."),
    500: ("Sorry, something went wrong",
          "The system could not finish what you asked. Nothing more was changed by this page."),
}
CSRF_PAGE = ("Your page had expired",
             "For your security the form was not accepted because the page was open too long "
             "or you signed in again elsewhere. Go back, reload the page and try again.")


def init_app(app):
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)


def _csrf_error(error):
    return _page(400, *CSRF_PAGE)


def _http_error(error):
    if error.code is None or error.code < 400 or error.code not in PAGES:
        return error  # redirects and rarer statuses keep Werkzeug's response
    return _page(error.code, *PAGES[error.code], headers=error.get_headers())


def _server_error(error):
    reference = secrets.token_hex(4).upper()
    original = getattr(error, "original_exception", None) or error
    current_app.logger.error("Error reference %s", reference,
              exc_info=(type(original), original, original.__traceback__))
    return _page(500, *PAGES[500], reference=reference)


def _page(code, title, message, reference=None, headers=None):
    try:
        body = render_template("errors/error.html", code=code, title=title, message=message,
                               reference=reference)
    except Exception:  # e.g. a refused Host header leaves no URL adapter for the layout
        current_app.logger.exception("error page %s could not be rendered in the layout", code)
        body = f"<!DOCTYPE html><title>{title}</title><h1>{title}</h1><p>{message}</p>"
    headers = [(k, v) for k, v in (headers or []) if k.lower() != "content-type"]
    return body, code, headers
