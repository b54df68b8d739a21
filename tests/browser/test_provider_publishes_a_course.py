"""Provider staff sign in, edit a draft course, publish it, and see it on the public course page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import DEMO_PASSWORD
from tests.factories import CourseFactory, UserFactory

pytestmark = pytest.mark.browser

NEW_DESCRIPTION = "Study how the human body works, from cells to whole systems, with weekly laboratory practicals."


def _sign_in(page, email):
    page.goto("/")
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_provider_edits_and_publishes_a_course(page):
    staff = UserFactory(provider_staff=True, name="Priya Patel")
    CourseFactory(provider=staff.provider, title="A level Biology", draft=True)

    _sign_in(page, staff.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your courses")
    expect(page.get_by_text(staff.provider.name).first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="A level Biology").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A level Biology")
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Edit course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit course: A level Biology")
    assert_accessible(page)

    page.get_by_label("Course title").fill("")
    page.get_by_role("button", name="Save as draft").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Enter a course title")).to_be_visible()
    expect(page.get_by_label("Course description")).to_have_value(
        "Study cells, genetics, ecology and human physiology, with practical work in our laboratories."
    )
    assert_accessible(page)

    page.get_by_label("Course title").fill("A level Human Biology")
    page.get_by_label("Course description").fill(NEW_DESCRIPTION)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Your changes to ‘A level Human Biology’ have been saved")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("A level Human Biology")
    assert_accessible(page)

    page.get_by_role("button", name="Publish course").click()
    expect(page.get_by_text("‘A level Human Biology’ has been published")).to_be_visible()
    expect(page.get_by_text("Published", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="View it on the public course page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A level Human Biology")
    expect(page.get_by_text(NEW_DESCRIPTION)).to_be_visible()
    expect(page.get_by_text(staff.provider.name).first).to_be_visible()
    assert_accessible(page)
