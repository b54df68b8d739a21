"""Error pages in the council layout. Nothing a user does should reach a 500."""

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from core.extensions import db

MESSAGES = {
    400: ("There is a problem with your request", "Go back, check what you entered and try again."),
    403: ("You do not have permission to see this page", "If you think you should, contact the council's 14-19 team."),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.",
    ),
    405: ("There is a problem with your request", "This page cannot be used in that way."),
    410: ("This link no longer works", "The link has expired or has already been used."),
    413: ("The file is too large", "Choose a file smaller than 5MB."),
    429: ("Too many attempts", "Wait a minute, then try again."),
    500: ("Sorry, there is a problem with the service", "Try again later. Anything you saved is still there."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(status: int, detail: str | None = None):
    title, advice = MESSAGES.get(status, MESSAGES[400])
    if _wants_json():
        return jsonify({"error": title, "detail": detail or advice}), status
    return render_template("core/error.html", title=title, advice=detail or advice, status=status), status


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        return _render(400, "The form had expired. Go back, refresh the page and try again.")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        description = error.description if error.code in (410,) or getattr(error, "show_description", False) else None
        return _render(error.code or 500, description)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        return _render(500)
