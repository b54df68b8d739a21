"""The keyword search with a filter on a 390 px wide phone: everything fits and works."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.search import catalogue
from tests.search.helpers import fresh_search_index  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_search_index")]


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_keyword_search_with_a_filter_on_a_phone(phone_page):
    page = phone_page
    catalogue.build()
    page.goto("/courses")
    assert _fits_the_screen(page)
    assert_accessible(page)

    page.get_by_label("What do you want to study?").fill("apprenticeship")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results-count")).to_contain_text("10 courses")
    page.get_by_role("group", name="Level").get_by_label("Level 2 (4)").check()
    page.get_by_role("button", name="Apply filters").first.click()
    expect(page.locator("#results-count")).to_contain_text("4 courses matching ‘apprenticeship’")
    assert _fits_the_screen(page)
    assert_accessible(page)
