"""The council's information pages, reached from the footer of any page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in_through_the_form
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

FOOTER_LINKS = [
    ("Accessibility statement", "Accessibility statement for Pathways"),
    ("Privacy notice", "Privacy notice"),
    ("Cookies", "Cookies"),
]


@pytest.mark.parametrize(("link", "heading"), FOOTER_LINKS)
def test_information_page_from_the_footer(page, link, heading):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page).to_have_title(f"{heading} – Pathways – Oxfordshire County Council")
    assert_accessible(page)


def test_skip_link_moves_focus_to_the_main_content(page):
    page.goto("/accessibility")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    skip_link.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_only_cookie_is_the_essential_session_cookie(page):
    """The cookies page promises essential cookies only: hold the service to it, signed in and out."""
    user = UserFactory(adviser=True)
    page.goto("/")
    page.get_by_role("link", name="Browse all courses").click()
    assert page.context.cookies() == [], "browsing the prospectus should set no cookie"
    sign_in_through_the_form(page, user.email)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    cookies = page.context.cookies()
    assert [cookie["name"] for cookie in cookies] == ["session"]
    assert cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Lax"
    assert cookies[0]["expires"] == -1, "the session cookie should end when the browser closes"
