"""The public prospectus: anyone can search courses and read course and provider pages without an account."""

from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, render_template, request
from werkzeug.datastructures import MultiDict

from prospectus import course_search, queries

bp = Blueprint("public", __name__, template_folder="templates")

PAGE_ERRORS = ("postcode", "radius")  # filters, sort and page come from links we made, so they are not form errors


class ArgumentErrors:
    """Enough of a form for the layout to show the error summary and prefix the title with "Error: "."""

    _fields: dict = {}

    def __init__(self, errors: dict[str, str]):
        self.errors = {name: [message] for name, message in errors.items()}


@bp.route("/courses")
def courses():
    parsed = course_search.parse(request.args)
    if "page" in parsed.errors:
        abort(404)
    outcome = course_search.run(parsed)
    if parsed.page > outcome.last_page:
        abort(404)
    return render_template(
        "prospectus/courses.html",
        parsed=parsed,
        outcome=outcome,
        options=course_search.filter_options(parsed, outcome),
        filters=course_search.FILTERS,
        radius_choices=course_search.RADIUS_CHOICES,
        search_query=_search_query(request.args),
        form=ArgumentErrors({name: message for name, message in parsed.errors.items() if name in PAGE_ERRORS}),
    )


@bp.route("/courses/<int:course_id>")
def course(course_id: int):
    course = queries.published_course(course_id) or abort(404)
    search = _search_query(MultiDict(parse_qsl(request.args.get("search", "")[:2000])))
    return render_template("prospectus/course.html", course=course, back_to_search=search)


def _search_query(args: MultiDict) -> str:
    """The search parameters alone, re-encoded, so a link back to the search cannot carry anything else."""
    return urlencode(
        [(name, value[:200]) for name, value in args.items(multi=True) if name in course_search.PARAMS and value]
    )


@bp.route("/providers")
def providers():
    return render_template("prospectus/providers.html", providers=queries.providers_with_course_counts())


@bp.route("/providers/<int:provider_id>")
def provider(provider_id: int):
    provider = queries.provider_with_area(provider_id) or abort(404)
    return render_template(
        "prospectus/provider.html", provider=provider, courses_by_year=queries.provider_published_courses(provider_id)
    )
