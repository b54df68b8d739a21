"""The provider's inbox: choices made to the provider's courses, and the decisions on them."""

from flask import Blueprint

from core.auth.guards import guard_blueprint
from core.roles import PROVIDER

bp = Blueprint("provider_applications", __name__, url_prefix="/provider/applications", template_folder="templates")
guard_blueprint(bp, PROVIDER)
