"""The common application end to end: a Year 11 learner activates an account, finds three courses, applies; the
provider invites to interview, offers with a condition and rejects; the learner accepts the offer and the rest close.

Also: a section sent with mistakes shows the error summary and keeps every answer. axe-core checks every page.
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from application import rules
from tests.browser.conftest import assert_accessible, sign_in_through_the_form
from tests.factories import (
    CohortEntryFactory,
    CourseFactory,
    EntryYearFactory,
    LearnerFactory,
    LearnerUserFactory,
    UserFactory,
)
from tests.search.helpers import fresh_search_index  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_search_index")]

ACTIVATION_CODE = "KX7-P2Q-9MT"
BORN = date(2010, 3, 14)
EMAIL = "amara.okafor@example.org"
PASSWORD = "purple river toast lamp"
INTERVIEW_COURSE = "Aviation Engineering Level 3"
OFFER_COURSE = "Aviation Operations Level 2"
REJECT_COURSE = "Aviation Maintenance Apprenticeship"
CONDITION = "Grade 5 or above in GCSE maths"


def _world() -> dict:
    today = rules.uk_today()
    year = EntryYearFactory(
        year=today.year + 1,
        applications_open=today - timedelta(days=30),
        main_deadline=today + timedelta(days=60),
        guarantee_deadline=today + timedelta(days=200),
    )
    staff = UserFactory(provider_staff=True, name="Priya Patel")
    for title in (INTERVIEW_COURSE, OFFER_COURSE, REJECT_COURSE):
        CourseFactory(
            provider=staff.provider,
            entry_year=year,
            title=title,
            description="Learn how aircraft are built, flown and kept safe, in our hangar at the airfield.",
        )
    learner = LearnerFactory(
        given_name="Amara", family_name="Okafor", activation_code=ACTIVATION_CODE, date_of_birth=BORN
    )
    CohortEntryFactory(learner=learner, entry_year=year)
    return {"staff": staff, "provider": staff.provider.name}


def _fill_date(page, legend: str, day: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _h1(page):
    return page.get_by_role("heading", level=1)


def _with_hidden_text(visible: str, hidden: str) -> re.Pattern:
    """A button's name with its visually hidden part: Chromium may put a space before the hidden text's colon."""
    return re.compile(rf"^{re.escape(visible)} ?: {re.escape(hidden)}$")


def _card(page, title: str):
    """A choice's card on the learner's page."""
    return page.locator("section.govuk-summary-card").filter(has=page.get_by_role("heading", name=title))


def test_a_learner_applies_the_provider_decides_and_the_learner_accepts(page):
    world = _world()

    _activate_an_account(page)
    _choose_three_courses_from_search(page, world["provider"])
    _fill_in_the_application(page)
    _check_and_send(page)
    _sign_out(page)

    sign_in_through_the_form(page, world["staff"].email)
    expect(_h1(page)).to_have_text("Your courses")
    assert_accessible(page)
    _provider_decides(page)
    _sign_out(page)

    _learner_accepts_the_offer(page, world["provider"])


def _activate_an_account(page) -> None:
    page.goto("/create-an-account")
    expect(_h1(page)).to_have_text("Create your account")
    assert_accessible(page)

    page.get_by_label("Activation code").fill(ACTIVATION_CODE.lower().replace("-", " "))
    _fill_date(page, "Date of birth", BORN)
    page.get_by_role("button", name="Continue").click()
    expect(_h1(page)).to_have_text("Your email address and password")
    assert_accessible(page)

    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type your password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(f"Your account is ready. We have sent an email to {EMAIL}")).to_be_visible()
    expect(_h1(page)).to_have_text("Your application")
    expect(page.get_by_text("Signed in as Amara Okafor")).to_be_visible()
    assert_accessible(page)


def _choose_three_courses_from_search(page, provider: str) -> None:
    page.get_by_role("link", name="Find a course").click()
    expect(_h1(page)).to_have_text("Find a course")
    assert_accessible(page)

    page.get_by_label("What do you want to study?").fill("aviation")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results-count")).to_contain_text("3 courses matching ‘aviation’")
    results_url = page.url
    assert_accessible(page)

    for number, title in enumerate((INTERVIEW_COURSE, OFFER_COURSE, REJECT_COURSE), start=1):
        if number > 1:
            page.goto(results_url)
            expect(page.locator("#results-count")).to_contain_text("3 courses matching ‘aviation’")
            assert_accessible(page)
        page.get_by_role("button", name=_with_hidden_text("Add to my application", f"{title} at {provider}")).click()
        expect(page.get_by_text(f"{title} at {provider} has been added to your choices")).to_be_visible()
        expect(_h1(page)).to_have_text("Your choices")
        expect(page.locator("ol.pathways-choices > li")).to_have_count(number)
        assert_accessible(page)

    expect(page.locator("ol.pathways-choices h2")).to_have_text(
        [f"1. {INTERVIEW_COURSE}", f"2. {OFFER_COURSE}", f"3. {REJECT_COURSE}"]
    )
    page.get_by_label("Yes, I’ve completed this section").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("‘Your choices’ has been saved")).to_be_visible()
    assert_accessible(page)


def _open_task(page, name: str, heading: str) -> None:
    page.get_by_role("link", name=name).click()
    expect(_h1(page)).to_have_text(heading)
    assert_accessible(page)


def _mark_completed_and_save(page, section: str) -> None:
    page.get_by_label("Yes, I’ve completed this section").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text(f"‘{section}’ has been saved")).to_be_visible()
    expect(_h1(page)).to_have_text("Your application")
    assert_accessible(page)


def _fill_in_the_application(page) -> None:
    _open_task(page, "Personal details and contact", "Personal details and contact")
    page.get_by_label("Telephone number").fill("07700 900123")
    page.get_by_label("Address").fill("12 Orchard Way\nBanbury")
    page.get_by_label("Postcode").fill("ox16 9hy")
    _mark_completed_and_save(page, "Personal details and contact")

    _open_task(page, "School and grades", "What is the name of your current school?")
    page.get_by_label("What is the name of your current school?").fill("Wykham Park Academy")
    page.get_by_role("button", name="Save and continue").click()
    expect(_h1(page)).to_have_text("School and grades")
    assert_accessible(page)
    page.get_by_role("link", name="Add a GCSE").click()
    expect(_h1(page)).to_have_text("Add a GCSE")
    assert_accessible(page)
    page.get_by_label("Subject").select_option("Mathematics")
    page.get_by_label("Grade", exact=True).select_option("6")
    page.get_by_label("Predicted", exact=True).check()
    page.get_by_role("button", name="Add GCSE").click()
    expect(page.get_by_text("Mathematics has been added")).to_be_visible()
    expect(page.locator(".pathways-qualifications")).to_contain_text("GCSE Mathematics: grade 6 (predicted)")
    assert_accessible(page)
    _mark_completed_and_save(page, "School and grades")

    _open_task(page, "Support needs", "Support needs")
    page.get_by_label("Tell us about any support you need (optional)").fill("I use a hearing aid in lessons.")
    _mark_completed_and_save(page, "Support needs")

    _open_task(page, "Personal statement", "Personal statement")
    page.get_by_role("textbox", name="Personal statement").fill(
        "I have wanted to work with aircraft since I visited the airfield with my school."
    )
    _mark_completed_and_save(page, "Personal statement")
    expect(page.get_by_text("You have completed 5 of 5 sections.")).to_be_visible()


def _check_and_send(page) -> None:
    page.get_by_role("link", name="Check and send your application").click()
    expect(_h1(page)).to_have_text("Check your answers before sending your application")
    expect(page.locator("#personal-details")).to_contain_text("OX16 9HY")
    expect(page.locator("#school-and-grades")).to_contain_text("GCSE Mathematics: 6 (predicted)")
    expect(page.locator("#support-needs")).to_contain_text("I use a hearing aid in lessons.")
    expect(page.locator("#choices li")).to_have_count(3)
    assert_accessible(page)

    page.get_by_label("I confirm that the information in my application is true and complete").check()
    page.get_by_role("button", name="Send application").click()
    expect(_h1(page)).to_have_text("Application sent")
    expect(page.get_by_text("We have sent your application to 3 courses.")).to_be_visible()
    assert_accessible(page)


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()
    assert_accessible(page)


def _open_choice(page, title: str) -> None:
    """From the inbox, open Amara's choice of one course."""
    page.get_by_role("link", name="Applications", exact=True).click()
    expect(_h1(page)).to_have_text("Applications")
    assert_accessible(page)
    page.locator("tbody tr").filter(has_text=title).get_by_role("link", name="Amara Okafor").click()
    expect(_h1(page)).to_have_text("Amara Okafor")
    expect(page.locator(".govuk-caption-l")).to_contain_text(title)
    assert_accessible(page)


def _provider_decides(page) -> None:
    page.get_by_role("link", name="Applications", exact=True).click()
    expect(page.locator("tbody tr")).to_have_count(3)

    _open_choice(page, INTERVIEW_COURSE)
    expect(page.get_by_text("I use a hearing aid in lessons.")).to_be_visible()
    page.get_by_role("button", name="Invite to interview").click()
    expect(_h1(page)).to_have_text("Invite to interview")
    assert_accessible(page)
    interview_day = rules.uk_today() + timedelta(days=14)
    _fill_date(page, "Date of the interview", interview_day)
    page.get_by_label("Time").fill("10:30am")
    page.get_by_label("In person").check()
    page.get_by_label("Address or room").fill("Hangar 2, Abingdon airfield")
    page.get_by_role("button", name="Invite to interview").click()
    expect(page.get_by_text("Amara Okafor has been invited to interview")).to_be_visible()
    expect(page.get_by_text("Hangar 2, Abingdon airfield")).to_be_visible()
    assert_accessible(page)

    _open_choice(page, OFFER_COURSE)
    page.get_by_role("button", name="Make an offer").click()
    expect(_h1(page)).to_have_text("Make an offer")
    assert_accessible(page)
    page.get_by_label("Conditional", exact=True).check()
    page.get_by_label("Condition 1").fill(CONDITION)
    page.get_by_role("button", name="Make offer").click()
    expect(page.get_by_text("You have made an offer to Amara Okafor")).to_be_visible()
    expect(page.get_by_role("table", name="Conditions of the offer")).to_contain_text(CONDITION)
    assert_accessible(page)

    _open_choice(page, REJECT_COURSE)
    page.get_by_role("button", name="Reject application").click()
    expect(_h1(page)).to_have_text("Reject application")
    assert_accessible(page)
    page.get_by_label("The course is full").check()
    page.get_by_label("Details (optional)").fill("Try our Level 2 aviation operations course next year.")
    page.get_by_role("button", name="Reject application").click()
    expect(page.get_by_text("Amara Okafor’s application has been marked unsuccessful")).to_be_visible()
    assert_accessible(page)


def _learner_accepts_the_offer(page, provider: str) -> None:
    sign_in_through_the_form(page, EMAIL, PASSWORD)
    expect(_h1(page)).to_have_text("Your application")
    expect(_card(page, INTERVIEW_COURSE)).to_contain_text("Invited to interview")
    expect(_card(page, INTERVIEW_COURSE)).to_contain_text("Hangar 2, Abingdon airfield")
    expect(_card(page, OFFER_COURSE)).to_contain_text("Offer made")
    expect(_card(page, OFFER_COURSE)).to_contain_text(CONDITION)
    expect(_card(page, REJECT_COURSE)).to_contain_text("Unsuccessful")
    expect(_card(page, REJECT_COURSE)).to_contain_text("The course is full")
    assert_accessible(page)

    page.get_by_role("link", name=_with_hidden_text("Accept offer", f"{OFFER_COURSE} at {provider}")).click()
    expect(_h1(page)).to_have_text(f"Accept your offer for {OFFER_COURSE}?")
    expect(page.locator("#what-will-happen")).to_have_text(
        f"You will accept {OFFER_COURSE} at {provider}. "
        f"Your applications to {INTERVIEW_COURSE} at {provider} will be withdrawn."
    )
    expect(page.get_by_text(CONDITION)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Accept offer").click()
    expect(page.get_by_text(f"You have accepted your offer for {OFFER_COURSE} at {provider}")).to_be_visible()
    expect(_card(page, OFFER_COURSE).locator(".govuk-tag")).to_have_text("Offer accepted")
    expect(_card(page, INTERVIEW_COURSE).locator(".govuk-tag")).to_have_text("Withdrawn")
    expect(_card(page, REJECT_COURSE).locator(".govuk-tag")).to_have_text("Unsuccessful")
    expect(page.get_by_role("link", name=re.compile("^Accept offer"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Withdraw this choice"))).to_have_count(0)
    assert_accessible(page)


# A form with mistakes


def test_a_section_with_mistakes_shows_the_error_summary_and_keeps_every_answer(page):
    today = rules.uk_today()
    year = EntryYearFactory(
        year=today.year + 1,
        applications_open=today - timedelta(days=30),
        main_deadline=today + timedelta(days=60),
        guarantee_deadline=today + timedelta(days=200),
    )
    user = LearnerUserFactory()
    CohortEntryFactory(learner=user.learner, entry_year=year)

    sign_in_through_the_form(page, user.email)
    expect(_h1(page)).to_have_text("Your application")
    assert_accessible(page)
    _open_task(page, "Personal details and contact", "Personal details and contact")

    page.get_by_label("Telephone number").fill("07700 900123")
    page.get_by_label("Postcode").fill("OX16 9")
    page.get_by_label("Yes, I’ve completed this section").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page).to_have_title(re.compile(r"^Error: Personal details and contact – "))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    # Every mistake at once: the missing address as well as the badly formed postcode.
    expect(summary.get_by_role("link")).to_have_text(["Enter your address", "Enter a full UK postcode, like OX1 1AA"])
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    _expect_answers_kept(page, postcode="OX16 9")
    assert_accessible(page)

    summary.get_by_role("link", name="Enter a full UK postcode, like OX1 1AA").click()
    expect(page.get_by_label("Postcode")).to_be_focused()
    page.get_by_label("Postcode").fill("OX16 9HY")
    page.get_by_role("button", name="Save and continue").click()

    # The address is needed to mark the section completed.
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_text(["Enter your address"])
    _expect_answers_kept(page, postcode="OX16 9HY")
    assert_accessible(page)

    page.get_by_label("Address").fill("12 Orchard Way, Banbury")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("‘Personal details and contact’ has been saved")).to_be_visible()
    expect(page.locator("#answers-1-status")).to_have_text("Completed")
    assert_accessible(page)


def _expect_answers_kept(page, postcode: str) -> None:
    expect(page.get_by_label("Telephone number")).to_have_value("07700 900123")
    expect(page.get_by_label("Address")).to_have_value("")
    expect(page.get_by_label("Postcode")).to_have_value(postcode)
    expect(page.get_by_label("Yes, I’ve completed this section")).to_be_checked()
