"""Someone misspells a course and follows the "Did you mean" link to the right search."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.search import catalogue
from tests.search.helpers import fresh_search_index  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_search_index")]


def test_a_misspelt_query_then_did_you_mean(page):
    catalogue.build()
    page.goto("/courses?q=hairdresing")
    expect(page.locator("#did-you-mean")).to_have_text("Did you mean hairdressing?")
    assert_accessible(page)

    page.locator("#did-you-mean").get_by_role("link", name="hairdressing").click()
    expect(page).to_have_url(re.compile(r"q=hairdressing$"))
    expect(page.get_by_label("What do you want to study?")).to_have_value("hairdressing")
    expect(page.locator("#did-you-mean")).to_have_count(0)
    expect(page.get_by_role("link", name="Hairdressing Level 2")).to_be_visible()
    assert_accessible(page)
