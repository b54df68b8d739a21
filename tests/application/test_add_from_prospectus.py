"""Learners add courses to their application from the course page and from search results."""

import re

from tests.application.test_application_services import open_year
from tests.conftest import Page, sign_in
from tests.factories import CourseFactory, LearnerUserFactory, UserFactory
from tests.search.helpers import fresh_search_index  # noqa: F401  (fixture)


def test_a_learner_adds_a_course_from_its_page(client):
    course = CourseFactory(entry_year=open_year())
    sign_in(client, LearnerUserFactory())
    page = Page(client.get(f"/courses/{course.id}"))
    form = re.search(r'<form method="post" action="([^"]+)" id="add-course-\d+"', page.html)
    assert form and form.group(1) == f"/your-application/choices?course_id={course.id}"
    response = client.post(form.group(1), data={"course_id": course.id})
    assert response.headers["Location"] == "/your-application/choices"


def test_search_results_have_add_buttons_that_belong_to_their_own_forms(client, fresh_search_index):  # noqa: F811
    course = CourseFactory(entry_year=open_year(), title="Plumbing Level 2 Diploma")
    page = Page(client.get("/courses?q=plumbing"))
    search_form = page.html[page.html.index('class="pathways-search"') : page.html.index("</form>")]
    assert "<form" not in search_form.split(">", 1)[1], "forms must not nest"
    assert f'form="add-course-{course.id}"' in search_form
    own_form = f'action="/your-application/choices?course_id={course.id}" id="add-course-{course.id}"'
    assert own_form in page.html


def test_staff_do_not_see_add_to_my_application(client):
    course = CourseFactory(entry_year=open_year())
    sign_in(client, UserFactory(provider_staff=True))
    assert "Add to my application" not in client.get(f"/courses/{course.id}").get_data(as_text=True)
