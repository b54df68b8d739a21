from datetime import date

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEvent
from prospectus.models import REQUIRED_TO_PUBLISH, Course, Provider
from prospectus.services import courses, providers
from tests.factories import CourseFactory, EntryYearFactory, UserFactory

COMPLETE = {
    "title": "T Level in Digital Production, Design and Development",
    "provider_course_code": "TDIG1",
    "qualification_type": "t-level",
    "level": "3",
    "ssa_tier1": "6",
    "ssa_tier2": "6.1",
    "age_group": "16-19",
    "study_mode": "full-time",
    "start_date": date(2027, 9, 6),
    "duration": "2 years",
    "entry_requirements": "Five GCSEs at grade 4 or above, including English and maths.",
    "description": "Learn to design, build and test software, with a 45-day industry placement.",
    "nccis_offer_code": "230",
}


def events(name: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if name:
        query = query.where(AuditEvent.event == name)
    return list(db.session.scalars(query))


def reload(course: Course) -> Course:
    db.session.expire_all()
    return db.session.get(Course, course.id)


@pytest.fixture
def staff():
    return UserFactory(provider_staff=True)


@pytest.fixture
def year():
    return EntryYearFactory(year=2027)


def test_a_draft_needs_only_a_title(staff, year):
    course = courses.create_course(staff.provider, {"title": "Carpentry", "entry_year_id": year.id}, staff)
    course = reload(course)
    assert (course.status, course.version, course.provider_id) == ("draft", 1, staff.provider_id)
    [event] = events()
    assert (event.event, event.subject_type, event.subject_id, event.actor_id) == (
        "course-created",
        "courses",
        course.id,
        staff.id,
    )


def test_a_course_without_a_title_is_refused(staff, year):
    with pytest.raises(courses.CourseIncomplete) as refused:
        courses.create_course(staff.provider, {"title": None, "entry_year_id": year.id}, staff)
    assert refused.value.missing_fields == ["title"]
    assert db.session.scalars(select(Course)).all() == []
    assert events() == []


def test_publishing_names_every_missing_field_and_saves_nothing(staff, year):
    fields = {"title": "Carpentry", "entry_year_id": year.id, "level": "2"}
    with pytest.raises(courses.CourseIncomplete) as refused:
        courses.create_course(staff.provider, fields, staff, publish=True)
    assert refused.value.missing_fields == [name for name in REQUIRED_TO_PUBLISH if name not in ("title", "level")]
    assert db.session.scalars(select(Course)).all() == []


def test_a_complete_course_can_be_published_as_it_is_created(staff, year):
    course = courses.create_course(staff.provider, {**COMPLETE, "entry_year_id": year.id}, staff, publish=True)
    course = reload(course)
    assert course.status == "published" and course.published_at is not None
    assert [event.event for event in events()] == ["course-created", "course-published"]


def test_course_code_is_unique_per_provider_and_entry_year(staff, year):
    CourseFactory(provider=staff.provider, entry_year=year, provider_course_code="TDIG1")
    CourseFactory(entry_year=year, provider_course_code="SAME")
    CourseFactory(provider=staff.provider, entry_year=EntryYearFactory(year=2026), provider_course_code="OLD1")
    with pytest.raises(courses.DuplicateCourseCode) as refused:
        courses.create_course(staff.provider, {**COMPLETE, "entry_year_id": year.id}, staff)
    assert refused.value.code == "TDIG1"
    for code in ("SAME", "OLD1"):  # another provider's code, and this provider's code in another year, are free
        courses.create_course(
            staff.provider, {"title": code, "provider_course_code": code, "entry_year_id": year.id}, staff
        )


def test_changing_a_code_to_one_already_used_is_refused(staff, year):
    CourseFactory(provider=staff.provider, entry_year=year, provider_course_code="TAKEN")
    course = CourseFactory(provider=staff.provider, entry_year=year, provider_course_code="MINE")
    with pytest.raises(courses.DuplicateCourseCode):
        courses.update_course(course, {"provider_course_code": "TAKEN"}, 1, staff)
    assert reload(course).provider_course_code == "MINE"
    courses.update_course(course, {"provider_course_code": "MINE", "title": "Kept code"}, 1, staff)
    assert reload(course).title == "Kept code"


def test_a_duplicate_code_that_slips_past_the_check_is_still_a_domain_error(staff, year, monkeypatch):
    CourseFactory(provider=staff.provider, entry_year=year, provider_course_code="TDIG1")
    monkeypatch.setattr(courses, "_check_code_free", lambda course: None)  # as if another request saved it just now
    with pytest.raises(courses.DuplicateCourseCode):
        courses.create_course(staff.provider, {**COMPLETE, "entry_year_id": year.id}, staff)


def test_the_detailed_subject_must_belong_to_the_subject_area(staff, year):
    for tier1 in ("2", None):
        with pytest.raises(courses.SubjectMismatch):
            courses.create_course(
                staff.provider, {"title": "X", "entry_year_id": year.id, "ssa_tier1": tier1, "ssa_tier2": "6.1"}, staff
            )
    courses.create_course(staff.provider, {"title": "X", "entry_year_id": year.id, "ssa_tier1": "6"}, staff)


def test_an_edit_is_saved_and_audited(staff):
    course = CourseFactory(provider=staff.provider, draft=True)
    courses.update_course(course, {"title": "A level Human Biology", "places": 40}, 1, staff)
    course = reload(course)
    assert (course.title, course.places, course.version) == ("A level Human Biology", 40, 2)
    [event] = events()
    assert event.event == "course-updated" and event.detail["fields"] == ["title", "places"]


def test_an_edit_from_a_stale_form_is_refused(staff):
    course = CourseFactory(provider=staff.provider, draft=True)
    courses.update_course(course, {"title": "First person's title"}, 1, staff)
    with pytest.raises(courses.EditConflict):
        courses.update_course(course, {"title": "Second person's title"}, 1, staff)
    assert reload(course).title == "First person's title"
    assert len(events("course-updated")) == 1


def test_two_people_saving_at_once_cannot_both_win(app, staff):
    """Both load version 1 and both pass the form check; the database refuses the second UPDATE."""
    course = CourseFactory(provider=staff.provider, draft=True)
    mine = db.session.get(Course, course.id)
    assert mine.version == 1
    with app.app_context():  # another request, with its own session
        theirs = db.session.get(Course, course.id)
        assert theirs is not mine and theirs.version == 1
        courses.update_course(theirs, {"title": "Their title"}, 1, None)
    with pytest.raises(courses.EditConflict):
        courses.update_course(mine, {"title": "My title"}, 1, staff)
    course = reload(course)
    assert (course.title, course.version) == ("Their title", 2)
    assert len(events("course-updated")) == 1


def test_a_published_course_must_stay_complete(staff):
    course = CourseFactory(provider=staff.provider)
    with pytest.raises(courses.CourseIncomplete) as refused:
        courses.update_course(course, {"description": None, "duration": ""}, 1, staff)
    assert refused.value.missing_fields == ["duration", "description"]
    assert reload(course).description is not None


def test_publishing_a_draft(staff):
    course = CourseFactory(provider=staff.provider, draft=True)
    courses.publish_course(course, 1, staff)
    course = reload(course)
    assert (course.status, course.version) == ("published", 2)
    assert [event.event for event in events()] == ["course-published"]


def test_publishing_an_incomplete_draft_names_what_is_missing(staff):
    course = CourseFactory(provider=staff.provider, draft=True, start_date=None, description="")
    with pytest.raises(courses.CourseIncomplete) as refused:
        courses.publish_course(course, 1, staff)
    assert refused.value.missing_fields == ["start_date", "description"]
    assert reload(course).status == "draft"
    assert events() == []


def test_saving_and_publishing_in_one_step(staff):
    course = CourseFactory(provider=staff.provider, draft=True, start_date=None)
    courses.update_course(course, {"start_date": date(2027, 9, 7)}, 1, staff, publish=True)
    assert reload(course).status == "published"
    assert [event.event for event in events()] == ["course-updated", "course-published"]


def test_publish_withdraw_and_return_to_draft_follow_the_state_table(staff):
    course = CourseFactory(provider=staff.provider)
    with pytest.raises(courses.StatusChangeNotAllowed):
        courses.publish_course(course, 1, staff)
    with pytest.raises(courses.StatusChangeNotAllowed):
        courses.return_to_draft(course, 1, staff)
    courses.withdraw_course(course, 1, staff)
    assert reload(course).status == "withdrawn"
    with pytest.raises(courses.StatusChangeNotAllowed):
        courses.withdraw_course(course, 2, staff)
    courses.return_to_draft(course, 2, staff)
    assert reload(course).status == "draft"
    assert [event.event for event in events()] == ["course-withdrawn", "course-returned-to-draft"]


def test_a_status_change_from_a_stale_page_is_refused(staff):
    course = CourseFactory(provider=staff.provider, draft=True)
    courses.update_course(course, {"title": "Changed"}, 1, staff)
    with pytest.raises(courses.EditConflict):
        courses.withdraw_course(course, 1, staff)
    assert reload(course).status == "draft"


def test_copying_makes_drafts_a_year_later_and_skips_codes_already_there(staff):
    provider = staff.provider
    last, next_ = EntryYearFactory(year=2026), EntryYearFactory(year=2027)
    CourseFactory(provider=provider, entry_year=last, provider_course_code="BIO", title="A level Biology")
    CourseFactory(
        provider=provider, entry_year=last, provider_course_code="CHEM", title="A level Chemistry", draft=True
    )
    CourseFactory(provider=provider, entry_year=last, provider_course_code="OLD", withdrawn=True)
    CourseFactory(provider=provider, entry_year=last, provider_course_code=None, title="Taster days", draft=True)
    CourseFactory(provider=provider, entry_year=next_, provider_course_code="CHEM", title="Chemistry (new spec)")
    CourseFactory(entry_year=last, provider_course_code="OTHER")  # another provider's course

    result = courses.copy_courses_to_year(provider, last, next_, staff)

    assert result == courses.CopyResult(copied=2, skipped=1)
    copies = db.session.scalars(
        select(Course).where(Course.entry_year_id == next_.id, Course.status == "draft").order_by(Course.title)
    ).all()
    assert [(c.title, c.provider_course_code, c.start_date) for c in copies] == [
        ("A level Biology", "BIO", date(2027, 9, 6)),
        ("Taster days", None, date(2027, 9, 6)),
    ]
    assert all(copy.provider_id == provider.id and copy.published_at is None for copy in copies)
    [event] = events("courses-copied")
    assert event.detail | {"ip": None} == {"source": 2026, "target": 2027, "copied": 2, "skipped": 1, "ip": None}

    again = courses.copy_courses_to_year(provider, last, next_, staff)
    assert again == courses.CopyResult(copied=0, skipped=3)


def test_courses_are_only_copied_into_a_later_year(staff):
    last, next_ = EntryYearFactory(year=2026), EntryYearFactory(year=2027)
    for source, target in ((next_, last), (last, last)):
        with pytest.raises(courses.CopyYearsInvalid):
            courses.copy_courses_to_year(staff.provider, source, target, staff)


def test_copied_dates_move_on_by_the_number_of_years():
    assert courses._years_later(date(2027, 9, 6), 1) == date(2028, 9, 6)
    assert courses._years_later(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert courses._years_later(None, 1) is None


def test_provider_lists_only_their_own_courses_grouped_by_year(staff):
    old, new = EntryYearFactory(year=2026), EntryYearFactory(year=2027)
    mine_old = CourseFactory(provider=staff.provider, entry_year=old, title="Old")
    mine_new = CourseFactory(provider=staff.provider, entry_year=new, title="New", draft=True)
    theirs = CourseFactory(entry_year=new)
    grouped = courses.provider_courses(staff.provider_id)
    assert [(year.year, [c.id for c in listed]) for year, listed in grouped.items()] == [
        (2027, [mine_new.id]),
        (2026, [mine_old.id]),
    ]
    assert list(courses.provider_courses(staff.provider_id, status="published").values()) == [[mine_old]]
    assert list(courses.provider_courses(staff.provider_id, year=2027).values()) == [[mine_new]]
    assert courses.course_for_provider(staff.provider_id, theirs.id) is None
    assert courses.course_for_provider(staff.provider_id, mine_old.id).id == mine_old.id


def test_unknown_fields_are_a_programming_error(staff):
    course = CourseFactory(provider=staff.provider)
    with pytest.raises(ValueError):
        courses.update_course(course, {"status": "published"}, 1, staff)


def test_profile_update_saves_audits_and_moves_the_coordinates(staff):
    provider = staff.provider
    providers.update_profile(provider, {"description": "A college by the river.", "postcode": "OX1 1AA"}, staff)
    db.session.expire_all()
    provider = db.session.get(Provider, provider.id)
    assert provider.description == "A college by the river."
    assert provider.postcode == "OX1 1AA"
    assert (round(provider.latitude, 1), round(provider.longitude, 1)) == (51.8, -1.3)
    [event] = events("provider-updated")
    assert event.detail["fields"] == ["description", "postcode"]
