import re

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEvent
from prospectus.models import Course, Provider
from tests.conftest import Page, sign_in
from tests.factories import CourseFactory, EntryYearFactory, UserFactory


@pytest.fixture
def staff(client):
    user = UserFactory(provider_staff=True)
    sign_in(client, user)
    return user


@pytest.fixture
def year():
    return EntryYearFactory(year=2027)


def form_data(year, **changes) -> dict:
    """Everything the course form sends, as a browser would: blank selects are empty strings, the date is 3 boxes."""
    data = {
        "title": "A level Psychology",
        "provider_course_code": "PSY-A",
        "entry_year_id": str(year.id),
        "qualification_type": "a-level",
        "level": "3",
        "ssa_tier1": "11",
        "ssa_tier2": "",
        "age_group": "16-19",
        "study_mode": "full-time",
        "start_date": ["6", "9", "2027"],
        "duration": "2 years",
        "entry_requirements": "Five GCSEs at grade 4 or above, including grade 5 in maths and English.",
        "description": "Explore memory, attachment and mental health through experiments and case studies.",
        "venue_postcode": "",
        "places": "",
        "costs": "",
        "bursaries": "",
        "nccis_offer_code": "220",
        "save_draft": "Save as draft",
    }
    data.update(changes)
    return data


def edit_data(course, **changes) -> dict:
    return form_data(course.entry_year, **{"version": str(course.version), **changes})


def reload(course_id: int) -> Course:
    db.session.expire_all()
    return db.session.get(Course, course_id)


def audit_events() -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.event).where(AuditEvent.event != "sign-in").order_by(AuditEvent.id))
    )


def test_back_office_needs_a_provider_sign_in(client):
    course = CourseFactory()
    paths = ["/provider/", "/provider/profile", "/provider/courses/new", "/provider/courses/copy"]
    paths += [f"/provider/courses/{course.id}{suffix}" for suffix in ("", "/edit", "/withdraw")]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"], path
    sign_in(client, UserFactory(adviser=True))
    for path in paths:
        assert client.get(path).status_code == 403, path
    assert client.post(f"/provider/courses/{course.id}/publish").status_code == 403


def test_dashboard_lists_own_courses_by_year_with_status_and_what_is_missing(client, staff, year):
    CourseFactory(provider=staff.provider, entry_year=year, title="A level Biology")
    CourseFactory(provider=staff.provider, entry_year=year, title="Motor Vehicle Level 1", draft=True, start_date=None)
    CourseFactory(provider=staff.provider, entry_year=EntryYearFactory(year=2026), title="Old course", withdrawn=True)
    CourseFactory(entry_year=year, title="Someone else's course")

    page = Page(client.get("/provider/"))

    assert page.h1 == "Your courses"
    assert page.html.index("Starting September 2027") < page.html.index("Starting September 2026")
    for text in ("A level Biology", "Motor Vehicle Level 1", "Old course", "Published", "Draft", "Withdrawn"):
        assert text in page
    assert "Someone else" not in page
    assert re.search(r"Motor Vehicle Level 1.*?Start date", page.html, re.S)


def test_dashboard_filters_by_entry_year_and_status(client, staff, year):
    CourseFactory(provider=staff.provider, entry_year=year, title="A level Biology")
    CourseFactory(provider=staff.provider, entry_year=year, title="Motor Vehicle Level 1", draft=True)
    CourseFactory(provider=staff.provider, entry_year=EntryYearFactory(year=2026), title="Old course", draft=True)

    drafts = Page(client.get("/provider/?status=draft"))
    assert "Motor Vehicle Level 1" in drafts and "Old course" in drafts and "A level Biology" not in drafts

    drafts_2027 = Page(client.get("/provider/?status=draft&year=2027"))
    assert "Motor Vehicle Level 1" in drafts_2027 and "Old course" not in drafts_2027

    nonsense = Page(client.get("/provider/?status=lost&year=abc"))
    assert "A level Biology" in nonsense and "Old course" in nonsense
    assert "No courses match these filters" in Page(client.get("/provider/?status=withdrawn"))


def test_create_a_draft_with_just_a_title(client, staff, year):
    page = Page(client.get("/provider/courses/new"))
    assert page.h1 == "Add a course"
    assert "Course title" in page and "Save as draft" in page and "Publish course" in page

    response = client.post("/provider/courses/new", data=form_data(year, title="Hairdressing Level 2", ssa_tier1=""))

    course = db.session.scalar(select(Course))
    assert response.headers["Location"] == f"/provider/courses/{course.id}"
    assert (course.title, course.status, course.provider_id) == ("Hairdressing Level 2", "draft", staff.provider_id)
    page = Page(client.get(response.headers["Location"]))
    assert "‘Hairdressing Level 2’ has been saved as a draft" in page
    assert "Before you can publish this course, add:" in page
    assert audit_events() == ["course-created"]


def test_create_and_publish_in_one_step(client, staff, year):
    response = client.post("/provider/courses/new", data=form_data(year, save_draft=None, publish="Publish course"))
    course = db.session.scalar(select(Course))
    assert course.status == "published"
    assert response.status_code == 302
    assert Page(client.get(f"/courses/{course.id}")).h1 == "A level Psychology"


def test_bad_answers_get_messages_that_say_what_to_fix_and_keep_the_rest(client, staff, year):
    data = form_data(year, title="", venue_postcode="not a postcode", places="lots", start_date=["31", "", "2027"])
    page = Page(client.post("/provider/courses/new", data=data))
    assert page.title.startswith("Error: ")
    assert page.error_summary == [
        "Enter a course title",
        "Start date must include a month",
        "Enter a real postcode, like OX1 1AA",
        "Enter the number of places as a whole number, like 24",
    ]
    assert 'value="PSY-A"' in page.html and "Explore memory" in page.html and 'value="31"' in page.html
    assert db.session.scalars(select(Course)).all() == []


def test_impossible_dates_and_unknown_postcodes_are_refused(client, staff, year):
    data = form_data(year, start_date=["31", "2", "2027"], venue_postcode="zz99 9zz")
    page = Page(client.post("/provider/courses/new", data=data))
    assert page.error_summary == [
        "Start date must be a real date",
        "We cannot find the postcode ZZ99 9ZZ. Check it and enter it again",
    ]


def test_a_post_without_the_date_boxes_does_not_break_the_page(client, staff, year):
    data = form_data(year, title="")
    del data["start_date"]
    page = Page(client.post("/provider/courses/new", data=data))
    assert page.error_summary == ["Enter a course title"]


def test_publishing_without_required_answers_lists_each_one_with_a_link(client, staff, year):
    data = form_data(year, save_draft=None, publish="Publish course", duration="", description="", level="")
    data["start_date"] = ["", "", ""]
    page = Page(client.post("/provider/courses/new", data=data))
    assert page.error_summary == [
        "Enter a description of the course",
        "Select the level",
        "Enter the start date",
        "Enter how long the course lasts",
    ]
    for anchor in ("#description", "#level", "#start_date", "#duration"):
        assert f'href="{anchor}"' in page.html
    assert 'value="A level Psychology"' in page.html
    assert db.session.scalars(select(Course)).all() == []


def test_publish_button_on_an_incomplete_draft_shows_the_edit_form_with_each_error(client, staff, year):
    course = CourseFactory(provider=staff.provider, entry_year=year, draft=True, start_date=None, entry_requirements="")
    page = Page(client.post(f"/provider/courses/{course.id}/publish", data={"version": "1"}))
    assert page.h1 == "Edit course: A level Biology"
    assert page.error_summary == ["Enter the entry requirements", "Enter the start date"]
    assert f'action="/provider/courses/{course.id}/edit"' in page.html
    assert reload(course.id).status == "draft"


def test_publish_a_complete_draft_and_see_it_in_the_prospectus(client, staff, year):
    course = CourseFactory(provider=staff.provider, entry_year=year, draft=True, title="Plumbing Level 2")
    assert client.get(f"/courses/{course.id}").status_code == 404
    page = Page(client.get(f"/provider/courses/{course.id}"))
    assert "Publish course" in page and "Edit course" in page

    response = client.post(f"/provider/courses/{course.id}/publish", data={"version": "1"})

    assert response.headers["Location"] == f"/provider/courses/{course.id}"
    assert "‘Plumbing Level 2’ has been published" in Page(client.get(response.headers["Location"]))
    assert Page(client.get(f"/courses/{course.id}")).h1 == "Plumbing Level 2"
    assert audit_events() == ["course-published"]


def test_edit_a_course_and_publish_it_from_the_form(client, staff, year):
    course = CourseFactory(provider=staff.provider, entry_year=year, draft=True)
    page = Page(client.get(f"/provider/courses/{course.id}/edit"))
    assert 'value="A level Biology"' in page.html and 'name="version" type="hidden" value="1"' in page.html

    data = edit_data(course, title="A level Biology (new specification)", save_draft=None, publish="Publish course")
    response = client.post(f"/provider/courses/{course.id}/edit", data=data)

    assert response.status_code == 302
    course = reload(course.id)
    assert (course.title, course.status, course.provider_course_code) == (
        "A level Biology (new specification)",
        "published",
        "PSY-A",
    )
    assert audit_events() == ["course-updated", "course-published"]
    assert Page(client.get(f"/courses/{course.id}")).h1 == "A level Biology (new specification)"


def test_a_published_course_is_saved_with_save_changes_and_must_stay_complete(client, staff, year):
    course = CourseFactory(provider=staff.provider, entry_year=year)
    page = Page(client.get(f"/provider/courses/{course.id}/edit"))
    assert "Save changes" in page and "Publish course" not in page

    data = edit_data(course, save_draft=None, save_changes="Save changes", description="")
    page = Page(client.post(f"/provider/courses/{course.id}/edit", data=data))
    assert page.error_summary == ["Enter a description of the course"]

    client.post(f"/provider/courses/{course.id}/edit", data=edit_data(course, save_draft=None, places="30"))
    assert (reload(course.id).places, reload(course.id).status) == (30, "published")


def test_a_course_code_used_twice_gets_a_clear_message(client, staff, year):
    CourseFactory(provider=staff.provider, entry_year=year, provider_course_code="PSY-A")
    page = Page(client.post("/provider/courses/new", data=form_data(year)))
    assert page.error_summary == [
        "You already have a course with the code PSY-A in this entry year. Enter a different code"
    ]


def test_a_detailed_subject_outside_the_subject_area_is_refused(client, staff, year):
    page = Page(client.post("/provider/courses/new", data=form_data(year, ssa_tier1="11", ssa_tier2="6.1")))
    assert page.error_summary == ["Select a detailed subject in Social Sciences, or leave it blank"]
    assert '<option value="6.1" selected>' in page.html


def test_a_second_edit_of_the_same_version_is_refused_and_keeps_the_answers(client, app, staff, year):
    course = CourseFactory(provider=staff.provider, entry_year=year, draft=True)
    colleague = app.test_client()
    sign_in(colleague, UserFactory(provider_staff=True, provider=staff.provider))
    Page(client.get(f"/provider/courses/{course.id}/edit"))
    Page(colleague.get(f"/provider/courses/{course.id}/edit"))

    loaded = edit_data(course)  # both pages carry version 1
    colleague.post(f"/provider/courses/{course.id}/edit", data=loaded | {"title": "Colleague's title"})
    page = Page(client.post(f"/provider/courses/{course.id}/edit", data=loaded | {"title": "My title"}))

    assert page.error_summary == [
        "Someone else changed this course while you were editing it. Your answers have not been saved: check them "
        "against the saved course below, then save again"
    ]
    assert 'href="#edit-conflict"' in page.html and 'id="edit-conflict"' in page.html
    assert 'value="My title"' in page.html and "Saved now: Colleague&#39;s title" in page.html
    assert reload(course.id).title == "Colleague's title"

    assert 'name="version" type="hidden" value="2"' in page.html, "saving again replaces the colleague's answers"
    data = loaded | {"title": "My title", "version": "2"}
    assert client.post(f"/provider/courses/{course.id}/edit", data=data).status_code == 302
    assert reload(course.id).title == "My title"


def test_withdraw_asks_first_then_removes_the_course_from_the_prospectus(client, staff, year):
    course = CourseFactory(provider=staff.provider, entry_year=year)
    page = Page(client.get(f"/provider/courses/{course.id}/withdraw"))
    assert page.h1 == "Are you sure you want to withdraw A level Biology?"
    assert reload(course.id).status == "published"

    response = client.post(f"/provider/courses/{course.id}/withdraw", data={"version": "1"})

    assert response.status_code == 302
    assert reload(course.id).status == "withdrawn"
    assert client.get(f"/courses/{course.id}").status_code == 404
    assert "Return to draft" in Page(client.get(f"/provider/courses/{course.id}"))
    assert audit_events() == ["course-withdrawn"]


def test_a_withdrawn_course_can_return_to_draft(client, staff, year):
    course = CourseFactory(provider=staff.provider, entry_year=year, withdrawn=True)
    client.post(f"/provider/courses/{course.id}/return-to-draft", data={"version": "1"})
    assert reload(course.id).status == "draft"


def test_a_status_change_from_an_old_page_is_refused_with_a_message(client, staff, year):
    course = CourseFactory(provider=staff.provider, entry_year=year)
    client.post(f"/provider/courses/{course.id}/edit", data=edit_data(course, places="12"))
    response = client.post(f"/provider/courses/{course.id}/withdraw", data={"version": "1"})
    page = Page(client.get(response.headers["Location"]))
    assert "Someone else changed this course while you were looking at it" in page
    assert reload(course.id).status == "published"


def test_copy_last_years_courses_into_the_next_year(client, staff):
    last, next_ = EntryYearFactory(year=2026), EntryYearFactory(year=2027)
    CourseFactory(provider=staff.provider, entry_year=last, provider_course_code="BIO")
    CourseFactory(provider=staff.provider, entry_year=last, provider_course_code="CHEM")
    CourseFactory(provider=staff.provider, entry_year=next_, provider_course_code="CHEM")
    page = Page(client.get("/provider/courses/copy"))
    assert page.h1 == "Copy courses to the next entry year"

    response = client.post("/provider/courses/copy", data={"source": str(last.id), "target": str(next_.id)})

    assert response.headers["Location"] == "/provider/?year=2027"
    page = Page(client.get(response.headers["Location"]))
    assert (
        "1 course copied to September 2027 as drafts. 1 course not copied because September 2027 already has a "
        "course with the same code." in page
    )
    assert audit_events() == ["courses-copied"]


def test_copy_refuses_an_earlier_year(client, staff):
    last, next_ = EntryYearFactory(year=2026), EntryYearFactory(year=2027)
    page = Page(client.post("/provider/courses/copy", data={"source": str(next_.id), "target": str(last.id)}))
    assert page.error_summary == ["Select an entry year after September 2027"]


def test_another_providers_course_is_not_found(client, staff, year):
    theirs = CourseFactory(entry_year=year, draft=True)
    for path in ("", "/edit", "/withdraw"):
        assert Page(client.get(f"/provider/courses/{theirs.id}{path}"), expected_status=404).h1 == "Page not found"
    for path in ("/edit", "/publish", "/withdraw", "/return-to-draft"):
        response = client.post(f"/provider/courses/{theirs.id}{path}", data=edit_data(theirs, publish="Publish course"))
        assert response.status_code == 404, path
    assert reload(theirs.id).status == "draft" and reload(theirs.id).title == "A level Biology"


def test_edit_the_organisation_profile(client, staff):
    page = Page(client.get("/provider/profile"))
    assert page.h1 == "Organisation profile"
    data = {
        "description": "A further education college on the edge of Abingdon.",
        "website": "https://www.abingdon-witney.ac.uk",
        "email": "enquiries@example.ac.uk",
        "telephone": "01235 555585",
        "address": "Wootton Road, Abingdon",
        "postcode": "ox14 1gg",
        "lldd_support": "Our learning support team works with every learner who has an EHCP.",
        "transport": "Buses stop outside the main entrance.",
    }
    response = client.post("/provider/profile", data=data)
    assert response.headers["Location"] == "/provider/"
    provider = db.session.get(Provider, staff.provider_id)
    db.session.refresh(provider)
    assert (provider.postcode, provider.telephone) == ("OX14 1GG", "01235 555585")
    assert audit_events() == ["provider-updated"]


def test_profile_mistakes_get_messages_and_keep_the_answers(client, staff):
    data = {"description": "Kept", "website": "not a website", "email": "nope", "telephone": "12", "postcode": "OX14"}
    page = Page(client.post("/provider/profile", data=data))
    assert page.error_summary == [
        "Enter a website address in the correct format, like https://www.example.ac.uk",
        "Enter an email address in the correct format, like name@example.com",
        "Enter a telephone number, like 01865 123456",
        "Enter a real postcode, like OX1 1AA",
    ]
    assert ">Kept</textarea>" in page.html


def test_every_page_has_unique_ids_and_labelled_fields(client, staff, year):
    EntryYearFactory(year=2028)
    draft = CourseFactory(provider=staff.provider, entry_year=year, draft=True, start_date=None)
    published = CourseFactory(provider=staff.provider, entry_year=year)
    withdrawn = CourseFactory(provider=staff.provider, entry_year=year, withdrawn=True)
    responses = [client.get(path) for path in ("/provider/", "/provider/courses/new", "/provider/courses/copy")]
    responses += [client.get(f"/provider/courses/{course.id}") for course in (draft, published, withdrawn)]
    responses += [client.get(f"/provider/courses/{draft.id}/withdraw"), client.get("/provider/profile")]
    responses.append(client.post(f"/provider/courses/{draft.id}/publish", data={"version": "1"}))
    responses.append(client.post(f"/provider/courses/{published.id}/edit", data=edit_data(published, version="0")))
    responses.append(client.post("/provider/profile", data={"postcode": "nowhere"}))
    for response in responses:
        page = Page(response)
        ids = re.findall(r'\sid="([^"]+)"', page.html)
        assert len(ids) == len(set(ids)), (page.h1, sorted(i for i in ids if ids.count(i) > 1))
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', page.html):
            assert f'for="{field_id}"' in page.html, (page.h1, field_id)
        for target in re.findall(r'href="#([^"]+)"', page.html):
            assert target in ids, (page.h1, target)
