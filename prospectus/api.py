"""Open data API: published courses and providers as JSON, described by an OpenAPI 3 document."""

from flask import Blueprint

from core.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
