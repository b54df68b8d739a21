"""A parent searches for apprenticeships, narrows them to Level 2, opens one, and goes back to the same results."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.search import catalogue
from tests.search.helpers import fresh_search_index  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_search_index")]


def test_keyword_search_with_a_filter(page):
    catalogue.build()
    page.goto("/courses")
    assert_accessible(page)

    page.get_by_label("What do you want to study?").fill("apprenticeship")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results-count")).to_contain_text("10 courses matching ‘apprenticeship’")
    assert_accessible(page)

    page.get_by_role("group", name="Level").get_by_label("Level 2 (4)").check()
    page.get_by_role("button", name="Apply filters").first.click()
    expect(page.locator("#results-count")).to_contain_text("4 courses matching ‘apprenticeship’")
    expect(page).to_have_url(re.compile(r"q=apprenticeship.*level=2"))
    expect(page.get_by_role("group", name="Level").get_by_label("Level 2 (4)")).to_be_checked()
    results_url = page.url
    assert_accessible(page)

    page.get_by_role("link", name="Hair Professional Apprenticeship").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hair Professional Apprenticeship")
    assert_accessible(page)

    page.get_by_role("link", name="Back to your search results").click()
    expect(page.locator("#results-count")).to_contain_text("4 courses matching ‘apprenticeship’")
    assert _search(page.url) == _search(results_url)


def _search(url: str) -> dict:
    return parse_qs(urlsplit(url).query)
