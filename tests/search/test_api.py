"""The open data API: same parameters as the page, JSON answers, 400s that name the parameter, and its OpenAPI
document checked by schemathesis."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.search import catalogue


@pytest.fixture
def courses():
    return catalogue.build()


def test_search_returns_results_facets_and_distances(client, courses):
    body = client.get("/api/v1/courses?q=plumbing&postcode=OX16+9QA&sort=distance").json
    assert body["total"] == 2 and body["page"] == 1
    first = body["results"][0]
    assert first["id"] == courses["plumbing-l2-banbury"]
    assert first["title"] == "Plumbing and Domestic Heating Level 2"
    assert first["provider"]["name"] == "Banbury and Bicester College"
    assert first["distance_miles"] < 0.1
    assert first["url"].endswith(f"/courses/{first['id']}")
    assert {"qualification_type", "level", "ssa", "age_group", "study_mode", "start_date"} <= first.keys()
    assert {"value": "btec", "label": "BTEC or other vocational qualification", "count": 1} in body["facets"][
        "qualification"
    ]


def test_filters_are_the_pages_parameters(client, courses):
    body = client.get("/api/v1/courses?qualification=apprenticeship&level=2&subject=7").json
    assert body["total"] == 3
    assert "distance_miles" not in body["results"][0]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("postcode=banana", "postcode"),
        ("postcode=ZZ9+9ZZ", "postcode"),
        ("radius=far&postcode=OX1", "radius"),
        ("radius=5", "radius"),
        ("sort=best", "sort"),
        ("page=0", "page"),
        ("level=7", "level"),
        ("provider=abc", "provider"),
        ("starts=may", "starts"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, courses, query, parameter):
    response = client.get(f"/api/v1/courses?{query}")
    assert response.status_code == 400
    assert response.json["parameter"] == parameter
    assert response.json["detail"]


def test_one_course_and_one_provider(client, courses):
    course = client.get(f"/api/v1/courses/{courses['hairdressing-l2-oxford']}").json
    assert course["title"] == "Hairdressing Level 2" and course["entry_year"] == 2027
    provider = client.get(f"/api/v1/providers/{course['provider']['id']}").json
    assert provider["name"] == "City of Oxford College" and provider["area"]["name"] == "Oxford"
    missing = client.get("/api/v1/courses/999999")
    assert missing.status_code == 404 and missing.is_json


def test_a_draft_course_is_not_published_by_the_api(client, courses):
    from tests.factories import CourseFactory

    draft = CourseFactory(draft=True)
    assert client.get(f"/api/v1/courses/{draft.id}").status_code == 404


def test_the_openapi_document_describes_the_api(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    parameters = {parameter["name"] for parameter in document["paths"]["/api/v1/courses"]["get"]["parameters"]}
    assert parameters == {
        "q", "postcode", "radius", "sort", "page", "subject", "level", "qualification", "age_group", "study_mode",
        "provider_type", "area", "provider", "starts",
    }  # fmt: skip


def test_the_api_keeps_to_its_openapi_document(app, courses):
    """Schemathesis generates requests from the document and checks every answer against it (no 500s, schemas
    respected, documented status codes only)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 3
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def keeps_to_the_document(case):
            # A radius without a postcode, or a well-formed postcode that does not exist, is schema-valid but refused
            # with a 400 naming the parameter (tested above): OpenAPI 3.0 cannot express those rules.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        keeps_to_the_document()
