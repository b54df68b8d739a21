"""A Year 11 student in Banbury looks for courses near home, nearest first, after first mistyping the postcode."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.search import catalogue
from tests.search.helpers import fresh_search_index  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_search_index")]


def test_postcode_search_sorted_by_distance(page):
    catalogue.build()
    page.goto("/courses")
    page.get_by_label("Postcode").fill("OX16 9Q")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real postcode, like OX1 1AA")
    assert page.title().startswith("Error: Find a course")
    assert_accessible(page)

    page.get_by_label("Postcode").fill("OX16 9QA")
    page.get_by_label("Distance").select_option(label="Within 10 miles")
    page.get_by_label("What do you want to study?").fill("")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.get_by_label("Sort by")).to_have_value("distance")
    distances = [float(text.split()[1]) for text in page.locator(".pathways-distance").all_inner_texts()]
    assert distances and distances == sorted(distances) and distances[-1] <= 10
    expect(page.get_by_role("link", name="Plumbing and Domestic Heating Level 2")).to_be_visible()
    expect(page.get_by_role("link", name="A level Biology")).to_have_count(0)  # Henley is 40 miles away
    assert_accessible(page)

    page.get_by_label("What do you want to study?").fill("plumbing")
    page.get_by_label("Distance").select_option(label="Any distance")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_label("Sort by")).to_have_value("distance")  # the order chosen before is kept
    page.get_by_label("Sort by").select_option("title")
    page.get_by_role("button", name="Sort results").click()
    expect(page.get_by_label("Sort by")).to_have_value("title")
    expect(page.locator("#results-count")).to_contain_text("matching ‘plumbing’")
    assert_accessible(page)
