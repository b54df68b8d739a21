"""Council back office: areas, providers, entry years, course imports and the completeness report."""

from flask import Blueprint, render_template

from core.auth.guards import guard_blueprint
from core.roles import COUNCIL

bp = Blueprint("council", __name__, url_prefix="/council", template_folder="templates")
guard_blueprint(bp, COUNCIL)


@bp.route("/")
def dashboard():
    return render_template("prospectus/council/dashboard.html")
