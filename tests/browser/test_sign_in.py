"""Staff sign in: a wrong password shows the error summary and keeps the email; the right one signs them in."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_a_failed_sign_in_explains_what_to_fix_then_signing_in_works(page):
    user = UserFactory(adviser=True, email="adviser@example.org", name="Alex Adviser")

    page.goto("/")
    page.get_by_role("link", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)

    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title(re.compile(r"^Error: Sign in – "))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter a correct email address and password")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.get_by_label("Email address")).to_have_value(user.email)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    assert_accessible(page)

    summary.get_by_role("link").click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.get_by_label("Password", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_text("Signed in as Alex Adviser")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()
    assert_accessible(page)


def test_an_empty_sign_in_form_asks_for_each_answer(phone_page):
    phone_page.goto("/sign-in")
    phone_page.get_by_role("button", name="Sign in").click()
    summary = phone_page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter your password")).to_be_visible()
    assert_accessible(phone_page)
