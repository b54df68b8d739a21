"""A careers adviser finds an FSM learner with no offer, records a contact and an apprenticeship offer, and sees the
learner move to "offer made" with their follow-up closed. A provider who tries an adviser's page is refused."""

import re

import pytest
from playwright.sync_api import expect

from application import rules
from tests.browser.conftest import assert_accessible, sign_in_through_the_form
from tests.factories import UserFactory
from tests.guarantee.test_adviser_pages import build_world

pytestmark = pytest.mark.browser


def test_an_adviser_records_an_apprenticeship_offer_for_an_fsm_learner(page):
    world = build_world()
    sign_in_through_the_form(page, world["adviser"].email)
    page.goto("/adviser/")
    expect(page.get_by_role("heading", level=1)).to_have_text("September Guarantee")
    expect(page.locator("#cohort-size")).to_contain_text("5 learners in the Year 11 cohort")
    expect(page.locator("svg.pathways-chart").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Learners eligible for free school meals with no offer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learners")
    expect(page.get_by_label("Are eligible for free school meals")).to_be_checked()
    expect(page.get_by_label("Have no offer")).to_be_checked()
    assert_accessible(page)

    # Narrow the list with the form itself: FSM learners with no offer who wait too long for a decision.
    page.get_by_label("Have waited longer than the response time for a provider’s decision").check()
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("#learners tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Free school meals, Looked after, EHC plan")
    assert_accessible(page)

    page.get_by_role("link", name="Quill, Tamsin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tamsin Quill")
    expect(page.locator("#guarantee-status")).to_contain_text("No offer")
    expect(page.locator(".follow-up-status")).to_have_text("Open")
    assert_accessible(page)

    page.get_by_role("button", name="Record a contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a contact")
    assert_accessible(page)
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_role("alert").get_by_role("link", name="Enter the date of the contact")).to_be_visible()
    assert_accessible(page)
    today = rules.uk_today()
    _fill_date(page, "Date of the contact", today)
    page.get_by_label("Phone call").check()
    page.get_by_label("Spoke to the young person").check()
    page.get_by_label("Note (optional)").fill("Has an apprenticeship offer from a local garage.")
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Contact with Tamsin Quill recorded")).to_be_visible()
    expect(page.get_by_text("Has an apprenticeship offer from a local garage.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record an offer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an offer made outside Pathways")
    assert_accessible(page)
    page.get_by_label("Type of offer").select_option("310")
    page.get_by_label("Provider name").fill("Banbury Motors Ltd")
    page.get_by_label("Course or job (optional)").fill("Light vehicle technician apprenticeship")
    _fill_date(page, "Date of the offer", today)
    page.get_by_label("The young person or their family told us").check()
    page.get_by_role("button", name="Save offer").click()

    expect(page.get_by_text("Offer recorded for Tamsin Quill")).to_be_visible()
    expect(page.locator("#guarantee-status")).to_contain_text("Offer made")
    expect(page.locator("#guarantee-reason")).to_contain_text("Banbury Motors Ltd made an offer of apprenticeship")
    expect(page.locator(".follow-up-status")).to_contain_text(re.compile(r"^Closed on .*Offer made"))
    assert_accessible(page)


def _fill_date(page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_provider_is_refused_an_advisers_page(page):
    staff = UserFactory(provider_staff=True)
    sign_in_through_the_form(page, staff.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your courses")
    response = page.goto("/adviser/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "September Guarantee" not in page.content()
    assert_accessible(page)
