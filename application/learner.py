"""The learner's application: a task list, saved as they go, then choices and replies to offers."""

from flask import Blueprint

from core.auth.guards import guard_blueprint
from core.roles import LEARNER

bp = Blueprint("learner", __name__, url_prefix="/your-application", template_folder="templates")
guard_blueprint(bp, LEARNER)
