"""The public prospectus: anyone can browse courses and providers without an account."""

from flask import Blueprint, abort, render_template, request

from core.extensions import db
from prospectus import queries
from prospectus.models import Provider

bp = Blueprint("public", __name__, template_folder="templates")


def _page_number() -> int:
    page = request.args.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= 10_000:
        abort(404)
    return int(page)


@bp.route("/courses")
def courses():
    page = _page_number()
    results, total = queries.published_courses_page(page)
    last_page = max(1, -(-total // queries.PAGE_SIZE))
    if page > last_page:
        abort(404)
    return render_template("prospectus/courses.html", courses=results, total=total, page=page, last_page=last_page)


@bp.route("/courses/<int:course_id>")
def course(course_id: int):
    course = queries.published_course(course_id) or abort(404)
    return render_template("prospectus/course.html", course=course)


@bp.route("/providers")
def providers():
    return render_template("prospectus/providers.html", providers=queries.providers_with_course_counts())


@bp.route("/providers/<int:provider_id>")
def provider(provider_id: int):
    provider = db.session.get(Provider, provider_id) or abort(404)
    return render_template(
        "prospectus/provider.html", provider=provider, courses_by_year=queries.provider_published_courses(provider_id)
    )
