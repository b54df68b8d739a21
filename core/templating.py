"""Template globals and filters shared by every area."""

from datetime import date, datetime

from flask import current_app, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers

from core.security import csp_nonce

POSTCODE_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right; Contains Royal Mail data © Royal Mail copyright and "
    "database right; Source: Office for National Statistics licensed under the Open Government Licence v3.0."
)


def format_date(value: date | datetime | None) -> str:
    """GOV.UK style: 5 January 2027."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    hour = value.strftime("%I").lstrip("0")
    return f"{format_date(value)} at {hour}:{value:%M}{value.strftime('%p').lower()}"


def url_with(**changes) -> str:
    """The current URL with some query parameters changed (None removes one); page resets unless given."""
    args = request.args.to_dict(flat=False)
    if "page" not in changes:
        args.pop("page", None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)


_SIGNED_IN_NAVIGATION = {
    "provider": [("provider_admin.dashboard", "Your courses"), ("provider_applications.inbox", "Applications")],
    "council": [("council.dashboard", "Council back office"), ("adviser.dashboard", "September Guarantee")],
    "adviser": [("adviser.dashboard", "September Guarantee"), ("follow_ups.queue", "Follow-ups")],
    "learner": [("learner.overview", "Your application")],
}


def _navigation() -> list[dict]:
    """The service navigation; an item is active when the current page belongs to its blueprint."""
    links = [("public.courses", "Find a course"), ("public.providers", "Schools and colleges")]
    if current_user.is_authenticated:
        links += _SIGNED_IN_NAVIGATION.get(current_user.role, [])
    else:
        links.append(("auth.sign_in", "Sign in"))
    blueprint = request.blueprint
    return [
        {
            "href": url_for(endpoint),
            "text": text,
            "active": endpoint.split(".")[0] == blueprint and (blueprint != "public" or endpoint == request.endpoint),
        }
        for endpoint, text in links
    ]


def register_template_helpers(app) -> None:
    WTFormsHelpers(app)
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.globals["url_with"] = url_with

    @app.context_processor
    def _layout_context():
        return {
            "cspNonce": csp_nonce(),
            "council_name": current_app.config["COUNCIL_NAME"],
            "service_name": current_app.config["SERVICE_NAME"],
            "navigation": _navigation,
            "postcode_attribution": POSTCODE_ATTRIBUTION,
        }
