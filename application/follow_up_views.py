"""The adviser's queue of follow-ups for priority learners."""

from flask import Blueprint

from core.auth.guards import guard_blueprint
from core.roles import ADVISER, COUNCIL

bp = Blueprint("follow_ups", __name__, url_prefix="/adviser/follow-ups", template_folder="templates")
guard_blueprint(bp, ADVISER, COUNCIL)
