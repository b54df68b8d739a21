"""The OpenAPI 3 document for the open data API, built from the same code lists the API checks against."""

from prospectus import course_search
from search_index import SORTS

_NULLABLE_STRING = {"type": "string", "nullable": True}
_ERROR = {
    "type": "object",
    "required": ["error", "detail"],
    "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}, "detail": {"type": "string"}},
}


def _filter_parameter(item: course_search.Filter) -> dict:
    if item.labels:
        values = {"type": "string", "enum": list(item.labels)}
    else:
        values = {"type": "string", "pattern": "^[0-9]{1,9}$"}
    return {
        "name": item.param,
        "in": "query",
        "description": f"{item.legend}: repeat the parameter to match any of several values.",
        "schema": {"type": "array", "items": values},
        "style": "form",
        "explode": True,
    }


def _query_parameters() -> list[dict]:
    return [
        {
            "name": "q",
            "in": "query",
            "description": "Words to search for; at most 200 characters are used.",
            "schema": {"type": "string"},
        },
        {
            "name": "postcode",
            "in": "query",
            "description": "A full postcode (OX1 1AA) or district (OX1): results then include distance_miles. "
            "A well-formed postcode whose district does not exist gets a 400.",
            "schema": {"type": "string", "pattern": "^ *[A-Za-z]{1,2}[0-9][A-Za-z0-9]? *([0-9][A-Za-z]{2})? *$"},
        },
        {
            "name": "radius",
            "in": "query",
            "description": "Only courses within this many miles of the postcode; a 400 without a postcode.",
            "schema": {"type": "number", "exclusiveMinimum": True, "minimum": 0, "maximum": course_search.MAX_RADIUS},
        },
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": course_search.MAX_PAGE, "default": 1},
        },
        *(_filter_parameter(item) for item in course_search.FILTERS),
    ]


_COURSE_SUMMARY = {
    "type": "object",
    "required": ["id", "title", "provider", "url"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "provider": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        },
        "qualification_type": _NULLABLE_STRING,
        "level": _NULLABLE_STRING,
        "ssa": _NULLABLE_STRING,
        "age_group": _NULLABLE_STRING,
        "study_mode": _NULLABLE_STRING,
        "start_date": {"type": "string", "format": "date", "nullable": True},
        "distance_miles": {"type": "number", "nullable": True},
        "url": {"type": "string", "format": "uri"},
    },
}

_SEARCH_RESULTS = {
    "type": "object",
    "required": ["total", "page", "results", "facets"],
    "properties": {
        "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "page_size": {"type": "integer"},
        "pages": {"type": "integer"},
        "sort": {"type": "string", "enum": list(SORTS)},
        "suggestion": _NULLABLE_STRING,
        "relaxed": {"type": "boolean", "description": "No course matched every word; these match some of them."},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/CourseSummary"}},
        "facets": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "value": {"type": "string"},
                        "label": {"type": "string"},
                        "count": {"type": "integer"},
                    },
                },
            },
        },
    },
}


_COURSE = {
    "type": "object",
    "required": ["id", "title", "provider", "entry_year", "url"],
    "properties": {
        **_COURSE_SUMMARY["properties"],
        "provider": {
            "type": "object",
            "required": ["id", "name", "url"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "url": {"type": "string"}},
        },
        "entry_year": {"type": "integer"},
        **{
            name: _NULLABLE_STRING
            for name in (
                "provider_course_code",
                "qualification_type_label",
                "level_label",
                "ssa_label",
                "ssa_tier2",
                "duration",
                "entry_requirements",
                "description",
                "venue_postcode",
                "costs",
                "bursaries",
            )
        },
        "places": {"type": "integer", "nullable": True},
        "updated_at": {"type": "string"},
    },
}

_PROVIDER = {
    "type": "object",
    "required": ["id", "name", "provider_type", "area", "url"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "provider_type": {"type": "string"},
        "area": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        },
        "latitude": {"type": "number", "nullable": True},
        "longitude": {"type": "number", "nullable": True},
        **{
            name: _NULLABLE_STRING
            for name in (
                "urn",
                "ukprn",
                "provider_type_label",
                "address",
                "postcode",
                "website",
                "email",
                "telephone",
                "description",
            )
        },
        "courses_url": {"type": "string"},
        "url": {"type": "string"},
    },
}


def _json(schema_name: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
    }


def _id_parameter(name: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    }


def openapi_document() -> dict:
    not_found = _json("Error", "There is no published course or provider with this id")
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Pathways prospectus open data",
            "version": "1.0.0",
            "description": "Published 14-19 courses and the schools, colleges and training providers that offer them.",
            "license": {"name": "Open Government Licence v3.0"},
        },
        "paths": {
            "/api/v1/courses": {
                "get": {
                    "summary": "Search published courses",
                    "parameters": _query_parameters(),
                    "responses": {
                        "200": _json("SearchResults", "One page of matching courses, with filter counts"),
                        "400": _json("Error", "A parameter is not valid: `parameter` names it"),
                    },
                }
            },
            "/api/v1/courses/{course_id}": {
                "get": {
                    "summary": "One published course",
                    "parameters": [_id_parameter("course_id")],
                    "responses": {"200": _json("Course", "The course"), "404": not_found},
                }
            },
            "/api/v1/providers/{provider_id}": {
                "get": {
                    "summary": "One provider",
                    "parameters": [_id_parameter("provider_id")],
                    "responses": {"200": _json("Provider", "The provider"), "404": not_found},
                }
            },
        },
        "components": {
            "schemas": {
                "CourseSummary": _COURSE_SUMMARY,
                "SearchResults": _SEARCH_RESULTS,
                "Course": _COURSE,
                "Provider": _PROVIDER,
                "Error": _ERROR,
            }
        },
    }
