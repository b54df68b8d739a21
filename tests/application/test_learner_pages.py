"""The learner's pages: the task list, each section saved and resumed, choices, sending, and replies to offers."""

import re
from datetime import datetime, timedelta

import pytest
from flask import render_template_string

from application import states
from application.models import Application, Choice, OfferCondition
from core.extensions import db
from core.templating import format_date
from tests.application.test_application_services import CONTACT, TODAY, closed_year, open_year
from tests.conftest import Page, sign_in
from tests.factories import ChoiceFactory, CourseFactory, LearnerUserFactory, UserFactory

STATEMENT = "I want to be a paramedic, and I help at my local first aid group."


@pytest.fixture
def year():
    return open_year()


@pytest.fixture
def learner(client):
    user = LearnerUserFactory()
    sign_in(client, user)
    return user


def application_of(user) -> Application | None:
    db.session.expire_all()
    return db.session.query(Application).filter_by(learner_id=user.learner_id).one_or_none()


def task_statuses(page: Page) -> dict[str, str]:
    items = re.findall(
        r'govuk-task-list__name-and-hint">\s*(?:<a[^>]*>|<div>)\s*(.*?)\s*</(?:a|div)>.*?'
        r"govuk-task-list__status[^>]*>\s*(.*?)\s*</div>",
        page.html,
        re.S,
    )
    return {name: re.sub(r"<[^>]+>|\s+", " ", status).strip() for name, status in items}


def fill_in(client, year, courses=1):
    client.post("/your-application/personal-details", data={**CONTACT, "completed": "yes"})
    client.post("/your-application/current-school", data={"current_school": "Cherwell School"})
    client.post("/your-application/school-and-grades", data={"completed": "yes"})
    client.post("/your-application/support-needs", data={"support_needs": "", "completed": "yes"})
    client.post("/your-application/personal-statement", data={"personal_statement": STATEMENT, "completed": "yes"})
    chosen = [CourseFactory(entry_year=year) for _ in range(courses)]
    for course in chosen:
        client.post("/your-application/choices", data={"course_id": course.id})
    client.post("/your-application/choices/completed", data={"completed": "yes"})
    return chosen


# The task list and each section


def test_a_new_learner_sees_the_task_list_with_nothing_started(client, learner, year):
    page = Page(client.get("/your-application/"))
    assert page.h1 == "Your application"
    assert f"Send your application by {format_date(year.main_deadline)}" in page
    assert task_statuses(page) == {
        "Personal details and contact": "Not yet started",
        "School and grades": "Not yet started",
        "Support needs": "Not yet started",
        "Personal statement": "Not yet started",
        "Your choices": "Not yet started",
        "Check and send your application": "Cannot start yet",
    }
    assert application_of(learner) is None, "looking at the task list saves nothing"


def test_without_an_entry_year_the_learner_is_told_applications_are_not_open(client, learner):
    page = Page(client.get("/your-application/"))
    assert "Applications are not open at the moment" in page
    assert client.get("/your-application/personal-details").status_code == 404


def test_personal_details_are_saved_and_resumed(client, learner, year):
    page = Page(client.get("/your-application/personal-details"))
    assert page.h1 == "Personal details and contact"
    assert learner.learner.full_name in page
    assert format_date(learner.learner.date_of_birth) in page

    response = client.post("/your-application/personal-details", data={"telephone": "07700 900982", "completed": "no"})
    assert response.headers["Location"] == "/your-application/"
    assert task_statuses(Page(client.get("/your-application/")))["Personal details and contact"] == "In progress"
    page = Page(client.get("/your-application/personal-details"))
    assert 'value="07700 900982"' in page
    assert re.search(r'value="no"\s+checked', page.html), "the 'come back later' answer is shown again"

    client.post("/your-application/personal-details", data={**CONTACT, "postcode": "ox16 9hy", "completed": "yes"})
    assert application_of(learner).postcode == "OX16 9HY"
    assert task_statuses(Page(client.get("/your-application/")))["Personal details and contact"] == "Completed"


def test_errors_show_the_summary_and_keep_every_answer(client, learner, year):
    answers = {"telephone": "call me", "address": "12 Orchard Way\nBanbury", "postcode": "not a postcode"}
    page = Page(client.post("/your-application/personal-details", data={**answers, "completed": "yes"}))
    assert page.title.startswith("Error: ")
    assert page.error_summary == [
        "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        "Enter a full UK postcode, like OX1 1AA",
    ]
    assert 'value="call me"' in page
    assert "12 Orchard Way\nBanbury</textarea>" in page.html
    assert 'value="not a postcode"' in page
    assert re.search(r'value="yes"\s+checked', page.html)
    assert application_of(learner) is None


def test_marking_a_section_completed_without_its_answers_names_what_is_missing(client, learner, year):
    page = Page(
        client.post("/your-application/personal-details", data={"telephone": "07700 900982", "completed": "yes"})
    )
    assert page.error_summary == ["Enter your address", "Enter your postcode"]
    assert 'value="07700 900982"' in page
    page = Page(client.post("/your-application/personal-details", data={"telephone": "07700 900982"}))
    assert page.error_summary == ["Select whether you have completed this section"]


def test_support_needs_are_optional_and_explain_why_they_help(client, learner, year):
    page = Page(client.get("/your-application/support-needs"))
    assert "helps them support you" in page
    client.post("/your-application/support-needs", data={"support_needs": "", "completed": "yes"})
    assert task_statuses(Page(client.get("/your-application/")))["Support needs"] == "Completed"


def test_the_personal_statement_has_a_word_count_and_a_limit_checked_without_javascript(client, learner, year):
    page = Page(client.get("/your-application/personal-statement"))
    assert 'data-module="govuk-character-count"' in page
    assert 'data-maxwords="500"' in page
    assert "You can enter up to 500 words" in page

    too_long = "word " * 501
    page = Page(
        client.post("/your-application/personal-statement", data={"personal_statement": too_long, "completed": "no"})
    )
    assert page.error_summary == ["Personal statement must be 500 words or fewer"]
    assert too_long.strip() in page.html

    client.post("/your-application/personal-statement", data={"personal_statement": STATEMENT, "completed": "no"})
    assert STATEMENT in Page(client.get("/your-application/personal-statement")).html


def test_school_and_grades_one_qualification_at_a_time(client, learner, year):
    assert client.get("/your-application/school-and-grades").headers["Location"] == "/your-application/current-school"
    page = Page(client.post("/your-application/current-school", data={"current_school": ""}))
    assert page.error_summary == ["Enter the name of your current school"]
    client.post("/your-application/current-school", data={"current_school": "Cherwell School"})

    page = Page(client.post("/your-application/school-and-grades/add-gcse", data={"subject": "Mathematics"}))
    assert page.error_summary == ["Select the grade", "Select whether the grade is predicted or achieved"]
    assert re.search(r'value="Mathematics"\s+selected', page.html)
    client.post(
        "/your-application/school-and-grades/add-gcse",
        data={"subject": "Mathematics", "grade": "7", "result": "predicted"},
    )
    client.post(
        "/your-application/school-and-grades/add-qualification",
        data={"subject": "BTEC Level 2 Sport", "grade": "Merit", "result": "achieved"},
    )
    page = Page(client.get("/your-application/school-and-grades"))
    assert "Cherwell School" in page
    assert "GCSE Mathematics</strong>:\n              grade 7 (predicted)" in page.html
    assert "BTEC Level 2 Sport" in page

    first = application_of(learner).qualifications[0]
    client.post(f"/your-application/school-and-grades/{first.id}/remove")
    assert [q.subject for q in application_of(learner).qualifications] == ["BTEC Level 2 Sport"]

    client.post("/your-application/school-and-grades", data={"completed": "yes"})
    assert task_statuses(Page(client.get("/your-application/")))["School and grades"] == "Completed"


# Choices


def test_add_to_my_application_button_posts_the_course_with_a_csrf_token(app, year):
    course = CourseFactory(entry_year=year)
    with app.test_request_context("/courses"):
        html = render_template_string(
            '{% from "application/_add_to_application.html" import addToApplication with context %}'
            "{{ addToApplication(course) }}",
            course=course,
        )
    assert f'action="/your-application/choices?course_id={course.id}"' in html
    assert 'name="csrf_token"' in html
    assert f'name="course_id" value="{course.id}"' in html
    assert "Add to my application" in html


def test_a_signed_out_visitor_is_sent_to_sign_in_and_then_adds_the_course(client, year):
    course = CourseFactory(entry_year=year)
    response = client.post(f"/your-application/choices?course_id={course.id}", data={"course_id": course.id})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
    user = LearnerUserFactory()
    response = client.post(
        response.headers["Location"], data={"email": user.email, "password": "correct horse battery staple"}
    )
    back = response.headers["Location"]
    assert back == f"/your-application/choices?course_id={course.id}"

    page = Page(client.get(back))
    assert page.h1 == f"Add {course.title} to your application?"
    response = client.post("/your-application/choices", data={"course_id": course.id})
    assert response.headers["Location"] == "/your-application/choices"
    assert [c.course_id for c in application_of(user).choices] == [course.id]


def test_choices_are_ranked_and_can_be_moved_and_removed(client, learner, year):
    courses = [CourseFactory(entry_year=year, title=title) for title in ("Biology", "Chemistry", "Physics")]
    for course in courses:
        client.post("/your-application/choices", data={"course_id": course.id})
    page = Page(client.get("/your-application/choices"))
    assert re.findall(r'summary-card__title">\d\. (\w+)', page.html) == ["Biology", "Chemistry", "Physics"]

    physics = application_of(learner).choices[2]
    client.post(f"/your-application/choices/{physics.id}/move-up")
    assert [c.course.title for c in application_of(learner).choices] == ["Biology", "Physics", "Chemistry"]
    biology = application_of(learner).choices[0]
    client.post(f"/your-application/choices/{biology.id}/move-down")
    assert [c.course.title for c in application_of(learner).choices] == ["Physics", "Biology", "Chemistry"]
    client.post(f"/your-application/choices/{biology.id}/remove")
    assert [c.course.title for c in application_of(learner).choices] == ["Physics", "Chemistry"]


def test_the_same_course_twice_is_refused_with_a_message(client, learner, year):
    course = CourseFactory(entry_year=year)
    client.post("/your-application/choices", data={"course_id": course.id})
    response = client.post("/your-application/choices", data={"course_id": course.id}, follow_redirects=True)
    assert "is already one of your choices" in Page(response)
    assert len(application_of(learner).choices) == 1


def test_the_maximum_number_of_choices_is_refused_with_a_message(client, learner):
    year = open_year(max_choices=2)
    for _ in range(2):
        client.post("/your-application/choices", data={"course_id": CourseFactory(entry_year=year).id})
    response = client.post(
        "/your-application/choices", data={"course_id": CourseFactory(entry_year=year).id}, follow_redirects=True
    )
    page = Page(response)
    assert "You can make up to 2 choices. To choose this course, remove one of your choices first" in page
    assert "You have 2 choices, the most you can make." in page
    assert len(application_of(learner).choices) == 2


def test_a_closed_course_is_refused_with_the_date(client, learner):
    open_year()
    year = closed_year()
    course = CourseFactory(entry_year=year)
    response = client.post("/your-application/choices", data={"course_id": course.id}, follow_redirects=True)
    assert f"was {format_date(year.main_deadline)}" in Page(response)
    assert application_of(learner) is None


# Check, send and confirm


def test_check_answers_lists_what_is_missing_and_send_is_refused(client, learner, year):
    client.post("/your-application/choices", data={"course_id": CourseFactory(entry_year=year).id})
    page = Page(client.post("/your-application/check", data={}))
    assert "Complete the section ‘Personal details and contact’" in page.error_summary
    assert "Confirm that the information in your application is true and complete" in page.error_summary
    assert 'href="#personal-details"' in page
    assert application_of(learner).status == "draft"


def test_a_complete_application_is_checked_sent_once_and_confirmed(client, learner, year):
    chosen = fill_in(client, year, courses=2)
    assert task_statuses(Page(client.get("/your-application/")))["Check and send your application"] == "Not yet started"
    page = Page(client.get("/your-application/check"))
    assert page.h1 == "Check your answers before sending your application"
    assert "07700 900982" in page and "Cherwell School" in page and STATEMENT in page
    assert 'href="/your-application/personal-details">Change' in page

    first = client.post("/your-application/check", data={"declaration": "y"})
    second = client.post("/your-application/check", data={"declaration": "y"})
    assert first.headers["Location"] == second.headers["Location"] == "/your-application/confirmation"
    application = application_of(learner)
    assert application.status == "submitted"
    assert sorted(c.course_id for c in application.choices) == sorted(c.id for c in chosen)
    assert all(c.status == states.SUBMITTED for c in application.choices)
    assert sum(len(c.history) for c in application.choices) == 2

    page = Page(client.get("/your-application/confirmation"))
    assert page.h1 == "Application sent"
    assert 'class="govuk-panel__title"' in page

    page = Page(client.get("/your-application/check"))
    assert page.h1 == "The answers you sent"
    assert ">Change" not in page
    assert client.get("/your-application/personal-details").headers["Location"] == "/your-application/"


def test_sending_after_the_deadline_is_refused_with_the_date(client, learner, year):
    fill_in(client, year)
    year.applications_open, year.main_deadline = TODAY - timedelta(days=40), TODAY - timedelta(days=1)
    db.session.commit()
    page = Page(client.post("/your-application/check", data={"declaration": "y"}))
    assert (
        f"The deadline for applications for courses starting in {year.label} was {format_date(year.main_deadline)}"
        in (page.error_summary)
    )
    assert application_of(learner).status == "draft"


def test_after_sending_a_new_choice_is_sent_straight_away(client, learner, year):
    fill_in(client, year)
    client.post("/your-application/check", data={"declaration": "y"})
    course = CourseFactory(entry_year=year)
    response = client.post("/your-application/choices", data={"course_id": course.id}, follow_redirects=True)
    page = Page(response)
    assert "has been added to your application and sent to the provider" in page
    assert {c.status for c in application_of(learner).choices} == {states.SUBMITTED}


# The overview and replies


def sent_choice(learner, year, **trait) -> Choice:
    application = application_of(learner.user) if hasattr(learner, "user") else None
    application = application or db.session.query(Application).filter_by(learner_id=learner.learner_id).one_or_none()
    if application is None:
        return ChoiceFactory(
            application__learner=learner.learner, application__entry_year=year, application__submitted=True, **trait
        )
    return ChoiceFactory(application=application, **trait)


def test_the_overview_shows_each_choice_with_its_status_and_what_happens_next(client, learner, year):
    interview = sent_choice(learner, year, interview=True, interview_starts_at=datetime(2027, 1, 12, 14, 30))
    offer = sent_choice(learner, year, offered=True)
    db.session.add(OfferCondition(choice_id=offer.id, text="Grade 6 in GCSE maths"))
    db.session.commit()
    sent_choice(learner, year, rejected=True, rejection_detail="All places have been taken.")

    page = Page(client.get("/your-application/"))
    assert page.h1 == "Your application"
    for status in (states.INTERVIEW, states.OFFERED, states.REJECTED):
        assert states.STATUSES[status] in page
    assert "12 January 2027 at 2:30pm" in page
    assert interview.interview_place in page
    assert "Grade 6 in GCSE maths" in page
    assert "The course is full" in page and "All places have been taken." in page
    assert f"/your-application/choices/{offer.id}/accept" in page
    assert f"/your-application/choices/{interview.id}/withdraw" in page


def test_accepting_an_offer_says_exactly_what_will_happen_then_does_it(client, learner, year):
    chosen = sent_choice(learner, year, offered=True, course__title="A level Biology")
    other_offer = sent_choice(learner, year, offered=True, course__title="BTEC Sport")
    pending = sent_choice(learner, year, course__title="T Level Digital")

    page = Page(client.get(f"/your-application/choices/{chosen.id}/accept"))
    assert page.h1 == "Accept your offer for A level Biology?"
    expected = (
        f"You will accept A level Biology at {chosen.course.provider.name}. "
        f"Your other offers (BTEC Sport at {other_offer.course.provider.name}) will be declined and your "
        f"applications to T Level Digital at {pending.course.provider.name} will be withdrawn."
    )
    assert expected in page.html.replace("&#39;", "'")

    response = client.post(f"/your-application/choices/{chosen.id}/accept")
    assert response.headers["Location"] == "/your-application/"
    statuses = {c.id: c.status for c in application_of(learner).choices}
    assert statuses == {chosen.id: states.ACCEPTED, other_offer.id: states.DECLINED, pending.id: states.WITHDRAWN}


def test_declining_and_withdrawing_are_confirmed_first(client, learner, year):
    offer = sent_choice(learner, year, offered=True)
    pending = sent_choice(learner, year)
    page = Page(client.get(f"/your-application/choices/{offer.id}/decline"))
    assert page.h1 == f"Decline your offer for {offer.course.title}?"
    assert offer.status == states.OFFERED
    client.post(f"/your-application/choices/{offer.id}/decline")
    page = Page(client.get(f"/your-application/choices/{pending.id}/withdraw"))
    assert page.h1 == f"Withdraw your application to {pending.course.title}?"
    client.post(f"/your-application/choices/{pending.id}/withdraw")
    statuses = {c.id: c.status for c in application_of(learner).choices}
    assert statuses == {offer.id: states.DECLINED, pending.id: states.WITHDRAWN}


def test_a_reply_the_status_does_not_allow_is_refused_with_a_message(client, learner, year):
    pending = sent_choice(learner, year)
    response = client.get(f"/your-application/choices/{pending.id}/accept", follow_redirects=True)
    assert "Offer accepted is not possible once Waiting for a decision" in Page(response)
    client.post(f"/your-application/choices/{pending.id}/accept")
    assert application_of(learner).choices[0].status == states.SUBMITTED


def test_a_learner_cannot_see_or_change_another_learners_choices(client, learner, year):
    someone_else = LearnerUserFactory()
    offer = ChoiceFactory(application__learner=someone_else.learner, application__entry_year=year, offered=True)
    draft = ChoiceFactory(application=offer.application, draft=True)
    for url in (
        f"/your-application/choices/{offer.id}/accept",
        f"/your-application/choices/{offer.id}/decline",
        f"/your-application/choices/{offer.id}/withdraw",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    for url in (
        f"/your-application/choices/{draft.id}/remove",
        f"/your-application/choices/{draft.id}/move-up",
    ):
        assert client.post(url).status_code == 404, url
    db.session.expire_all()
    assert offer.status == states.OFFERED and draft.status == states.DRAFT


def test_a_learner_cannot_remove_another_learners_qualification(client, learner, year):
    other = LearnerUserFactory()
    client.post("/sign-out")
    sign_in(client, other)
    client.post(
        "/your-application/school-and-grades/add-gcse", data={"subject": "Music", "grade": "5", "result": "achieved"}
    )
    qualification = application_of(other).qualifications[0]
    client.post("/sign-out")
    sign_in(client, learner)
    assert client.post(f"/your-application/school-and-grades/{qualification.id}/remove").status_code == 404
    assert len(application_of(other).qualifications) == 1


def test_staff_cannot_use_the_learner_pages(client, year):
    sign_in(client, UserFactory())
    assert client.get("/your-application/").status_code == 403
