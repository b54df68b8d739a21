"""Careers advisers: the September Guarantee dashboard, lists of learners, and each learner's record."""

from flask import Blueprint

from core.auth.guards import guard_blueprint
from core.roles import ADVISER, COUNCIL

bp = Blueprint("adviser", __name__, url_prefix="/adviser", template_folder="templates")
guard_blueprint(bp, ADVISER, COUNCIL)
