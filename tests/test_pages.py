from tests.conftest import Page
from tests.factories import CourseFactory


def test_home_page_leads_to_the_prospectus(client):
    CourseFactory()
    page = Page(client.get("/"))
    assert page.h1 == "Find your next course after Year 11"
    assert 'href="/courses"' in page.html
    assert "1 course from 1 schools" in page.html


def test_information_pages_have_real_content(client):
    for path, heading, phrase in [
        ("/accessibility", "Accessibility statement for Pathways", "WCAG"),
        ("/privacy", "Privacy notice", "free school meals"),
        ("/cookies", "Cookies", "essential"),
    ]:
        page = Page(client.get(path))
        assert page.h1 == heading
        assert phrase in page.html


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["checks"]["database"] == {"status": "ok"}


def test_unknown_page_is_a_404_in_the_council_layout(client):
    page = Page(client.get("/no-such-page"), expected_status=404)
    assert page.h1 == "Page not found"


def test_pages_send_security_headers(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_crown_or_gds_font(client):
    html = client.get("/").get_data(as_text=True)
    assert "govuk-logo" not in html and "crest" not in html
    assert "Oxfordshire County Council" in html
