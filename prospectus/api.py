"""Open data API: published courses and providers as JSON, described by an OpenAPI 3 document.

`/api/v1/courses` takes the same parameters as the `/courses` page. Bad parameters get a 400 whose JSON names the
parameter, so that a developer can fix the request without reading the code.
"""

from flask import Blueprint, abort, jsonify, request, url_for

from core.extensions import csrf
from prospectus import course_search, queries
from prospectus.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def _bad_parameter(parameter: str, message: str):
    return jsonify({"error": "Bad parameter", "parameter": parameter, "detail": message}), 400


@bp.route("/courses")
def courses():
    parsed = course_search.parse(request.args)
    if parsed.errors:
        parameter, message = next(iter(parsed.errors.items()))
        return _bad_parameter(parameter, message)
    outcome = course_search.run(parsed)
    options = course_search.filter_options(parsed, outcome) if outcome.index_available else {}
    return jsonify(
        {
            "total": outcome.total,
            "page": outcome.page,
            "page_size": course_search.PAGE_SIZE,
            "pages": outcome.last_page,
            "sort": outcome.sort,
            "suggestion": outcome.suggestion,
            "relaxed": outcome.relaxed,
            "results": [
                _course_summary(course, outcome.distances.get(course.id), parsed) for course in outcome.courses
            ],
            "facets": {
                param: [{"value": o.value, "label": o.label, "count": o.count} for o in values]
                for param, values in options.items()
            },
        }
    )


@bp.route("/courses/<int:course_id>")
def course(course_id: int):
    course = queries.published_course(course_id) or abort(404)
    return jsonify(_course_detail(course))


@bp.route("/providers/<int:provider_id>")
def provider(provider_id: int):
    provider = queries.provider_with_area(provider_id) or abort(404)
    return jsonify(_provider(provider))


@bp.route("/openapi.json")
def openapi():
    return jsonify(openapi_document())


def _course_summary(course, distance: float | None, parsed: course_search.SearchArgs) -> dict:
    summary = {
        "id": course.id,
        "title": course.title,
        "provider": {"id": course.provider.id, "name": course.provider.name},
        "qualification_type": course.qualification_type,
        "level": course.level,
        "ssa": course.ssa_tier1,
        "age_group": course.age_group,
        "study_mode": course.study_mode,
        "start_date": course.start_date.isoformat() if course.start_date else None,
        "url": url_for("public.course", course_id=course.id, _external=True),
    }
    if parsed.location is not None:
        summary["distance_miles"] = round(distance, 2) if distance is not None else None
    return summary


def _course_detail(course) -> dict:
    return {
        "id": course.id,
        "title": course.title,
        "provider": {
            "id": course.provider.id,
            "name": course.provider.name,
            "url": url_for("api.provider", provider_id=course.provider.id, _external=True),
        },
        "entry_year": course.entry_year.year,
        "provider_course_code": course.provider_course_code,
        "qualification_type": course.qualification_type,
        "qualification_type_label": course.label("qualification_type"),
        "level": course.level,
        "level_label": course.label("level"),
        "ssa": course.ssa_tier1,
        "ssa_label": course.label("ssa_tier1"),
        "ssa_tier2": course.ssa_tier2,
        "age_group": course.age_group,
        "study_mode": course.study_mode,
        "start_date": course.start_date.isoformat() if course.start_date else None,
        "duration": course.duration,
        "entry_requirements": course.entry_requirements,
        "description": course.description,
        "venue_postcode": course.venue_postcode or course.provider.postcode,
        "places": course.places,
        "costs": course.costs,
        "bursaries": course.bursaries,
        "updated_at": course.updated_at.isoformat(),
        "url": url_for("public.course", course_id=course.id, _external=True),
    }


def _provider(provider) -> dict:
    return {
        "id": provider.id,
        "name": provider.name,
        "urn": provider.urn,
        "ukprn": provider.ukprn,
        "provider_type": provider.provider_type,
        "provider_type_label": provider.type_label,
        "area": {"id": provider.area.id, "name": provider.area.name},
        "address": provider.address,
        "postcode": provider.postcode,
        "latitude": provider.latitude,
        "longitude": provider.longitude,
        "website": provider.website,
        "email": provider.email,
        "telephone": provider.telephone,
        "description": provider.description,
        "courses_url": url_for("api.courses", provider=provider.id, _external=True),
        "url": url_for("public.provider", provider_id=provider.id, _external=True),
    }
