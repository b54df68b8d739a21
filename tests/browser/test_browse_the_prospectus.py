"""A young person browses the prospectus: home page, course list over two pages, a course, then its provider."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import CourseFactory, ProviderFactory

pytestmark = pytest.mark.browser


def _prospectus():
    """21 published courses (more than one page of 20) and a draft that must stay hidden."""
    college = ProviderFactory(name="Abingdon and Witney College", description="A further education college.")
    CourseFactory.create_batch(20, provider=college, title="A level Chemistry")
    CourseFactory(provider=college, title="Plumbing and Domestic Heating Level 2")
    CourseFactory(provider=college, title="Secret draft course", draft=True)
    return college


def test_browse_from_the_home_page_to_a_course_and_its_provider(page):
    college = _prospectus()

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your next course after Year 11")
    assert_accessible(page)

    page.get_by_role("link", name="Browse all courses").click()
    expect(page).to_have_url(re.compile(r"/courses$"))
    expect(page.get_by_text("21 courses")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Results pages").get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"/courses\?page=2$"))
    plumbing = page.get_by_role("link", name="Plumbing and Domestic Heating Level 2")
    expect(plumbing).to_be_visible()
    expect(page.get_by_role("link", name="Secret draft course")).to_have_count(0)
    assert_accessible(page)

    plumbing.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plumbing and Domestic Heating Level 2")
    expect(page).to_have_title(re.compile(r"^Plumbing and Domestic Heating Level 2 at Abingdon and Witney College – "))
    assert_accessible(page)

    page.get_by_role("link", name=college.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(college.name)
    expect(page.get_by_role("link", name="Plumbing and Domestic Heating Level 2")).to_be_visible()
    assert_accessible(page)


def test_the_home_page_and_its_menu_on_a_phone(phone_page):
    CourseFactory()
    phone_page.goto("/")
    assert_accessible(phone_page)
    menu = phone_page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(phone_page.get_by_role("link", name="Find a course")).to_be_visible()
    assert_accessible(phone_page)
