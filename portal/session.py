"""Staying signed in while writing: the page's script asks to keep the session alive before
the idle timeout, and a save that arrives after the session ended (its CSRF token gone with
it) is answered in words, never with a bare "Bad Request": the script kept the typed answers in
the browser and gives them back after signing in again."""
from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_security import current_user
from flask_wtf.csrf import CSRFError

from portal import bp
from portal.guard import agency_page

SIGNED_OUT = ("You were signed out because the page was left for a while. Sign in again: "
              "what you typed is kept in this browser window and will be put back.")


@bp.route("/keep-alive", methods=["POST"])
@agency_page
def keep_alive():
    """Any signed-in request refreshes the session cookie; this one says for how long."""
    return jsonify(idle_seconds=idle_seconds())


def idle_seconds():
    return int(current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds())


def wants_json():
    return request.accept_mimetypes.best == "application/json"


@bp.errorhandler(CSRFError)
def expired(error):
    """A portal POST without a valid token: after the idle timeout, or a page left open
    across a sign-out. Nothing is changed; the user is told what happened."""
    if wants_json():
        return jsonify(signed_out=not current_user.is_authenticated, message=SIGNED_OUT), 401
    if not current_user.is_authenticated:
        flash(SIGNED_OUT, "warning")
        return redirect(url_for("security.login", next=_form_page()))
    return render_template("portal/expired.html"), 400


def _form_page():
    """Where to come back to: the form that was being saved (its GET page), or the list."""
    request_id = (request.view_args or {}).get("request_id")
    if request_id is None:
        return url_for("portal.index")
    return url_for("portal.form_request", request_id=request_id)
