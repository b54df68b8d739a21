"""The home page, the council's information pages and the health check."""

from flask import Blueprint, current_app, jsonify, render_template
from sqlalchemy import func, select, text

from core.extensions import db
from prospectus.models import Course, EntryYear, Provider

bp = Blueprint("pages", __name__)


@bp.route("/")
def home():
    entry_years = db.session.scalars(select(EntryYear).order_by(EntryYear.year)).all()
    counts = {
        "courses": db.session.scalar(select(func.count(Course.id)).where(Course.status == "published")),
        "providers": db.session.scalar(select(func.count(Provider.id))),
    }
    return render_template("core/home.html", counts=counts, entry_years=entry_years)


@bp.route("/accessibility")
def accessibility():
    return render_template("core/accessibility.html")


@bp.route("/privacy")
def privacy():
    return render_template("core/privacy.html")


@bp.route("/cookies")
def cookies():
    return render_template("core/cookies.html")


@bp.route("/healthz")
def healthz():
    """200 while the database answers; a missing search index only degrades (the course list falls back to SQL)."""
    import search_index

    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = {"status": "ok"}
    except Exception as error:  # report, never raise, from a health check
        current_app.logger.warning("Health check: database unavailable: %s", error)
        checks["database"] = {"status": "error"}
    checks["search_index"] = search_index.status(search_index.index_root(current_app.config))
    healthy = checks["database"]["status"] == "ok"
    status = ("ok" if checks["search_index"]["status"] == "ok" else "degraded") if healthy else "error"
    return jsonify({"status": status, "checks": checks}), 200 if healthy else 503
