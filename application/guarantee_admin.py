"""Council back office for the guarantee: advisers' caseloads, follow-up rules and checkpoints, and the NCCIS return."""

from flask import Blueprint

from core.auth.guards import guard_blueprint
from core.roles import COUNCIL

bp = Blueprint("guarantee_admin", __name__, url_prefix="/council/guarantee", template_folder="templates")
guard_blueprint(bp, COUNCIL)
