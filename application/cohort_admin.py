"""Council back office: load school rolls (the cohort) and hand out activation codes."""

from flask import Blueprint

from core.auth.guards import guard_blueprint
from core.roles import COUNCIL

bp = Blueprint("cohort", __name__, url_prefix="/council/cohort", template_folder="templates")
guard_blueprint(bp, COUNCIL)
