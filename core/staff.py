"""Council back office: staff accounts and invitations."""

from flask import Blueprint

from core.auth.guards import guard_blueprint
from core.roles import COUNCIL

bp = Blueprint("staff", __name__, url_prefix="/council/staff")
guard_blueprint(bp, COUNCIL)
