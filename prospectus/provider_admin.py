"""Provider back office: provider staff keep their profile and courses up to date."""

from flask import Blueprint, render_template

from core.auth.guards import guard_blueprint
from core.roles import PROVIDER

bp = Blueprint("provider_admin", __name__, url_prefix="/provider", template_folder="templates")
guard_blueprint(bp, PROVIDER)


@bp.route("/")
def dashboard():
    return render_template("prospectus/provider_admin/dashboard.html")
