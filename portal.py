"""The agency portal: what agency staff see instead of /admin. Later work fills the task list."""
from flask import Blueprint, render_template
from flask_security import auth_required, roles_required

bp = Blueprint("portal", __name__, url_prefix="/portal")


@bp.route("/")
@auth_required()
@roles_required("agency_user")
def index():
    from flask_security import current_user
    return render_template("portal/index.html", agency=current_user.agency, tasks=[])


def init_app(app):
    app.register_blueprint(bp)
