"""The learner's application as use cases: sections saved and resumed, choices and their limits, and sending."""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from application import rules, states
from application.models import Choice, ChoiceEvent
from application.services import applications
from application.services.applications import (
    CANNOT_START,
    CHOICES,
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    PERSONAL_DETAILS,
    PERSONAL_STATEMENT,
    SCHOOL_AND_GRADES,
    SUPPORT_NEEDS,
)
from core.extensions import db
from core.models import AuditEvent, User
from core.templating import format_date
from tests.conftest import DATABASE_URL
from tests.factories import ChoiceFactory, CourseFactory, EntryYearFactory, LearnerUserFactory

TODAY = rules.uk_today()
CONTACT = {"telephone": "07700 900982", "address": "1 High Street, Banbury", "postcode": "OX16 9HY"}


def open_year(**kwargs):
    """An entry year whose applications are open today (the choices service checks dates against the real today)."""
    return EntryYearFactory(
        year=TODAY.year + 1,
        applications_open=TODAY - timedelta(days=30),
        main_deadline=TODAY + timedelta(days=60),
        guarantee_deadline=TODAY + timedelta(days=200),
        **kwargs,
    )


def closed_year():
    return EntryYearFactory(
        year=TODAY.year,
        applications_open=TODAY - timedelta(days=200),
        main_deadline=TODAY - timedelta(days=10),
        guarantee_deadline=TODAY + timedelta(days=100),
    )


def fill_in(user, entry_year, courses=1):
    """Complete every section, with `courses` choices."""
    save = applications.save_section
    save(user, entry_year, PERSONAL_DETAILS, CONTACT, True)
    save(user, entry_year, SCHOOL_AND_GRADES, {"current_school": "Cherwell School"}, True)
    save(user, entry_year, SUPPORT_NEEDS, {"support_needs": ""}, True)
    save(user, entry_year, PERSONAL_STATEMENT, {"personal_statement": "I like building things."}, True)
    for _ in range(courses):
        applications.add_choice(user, CourseFactory(entry_year=entry_year).id, TODAY)
    applications.mark_section(user, entry_year, CHOICES, True)
    return applications.application_for(user.learner_id, entry_year)


@pytest.fixture
def year():
    return open_year()


@pytest.fixture
def learner():
    return LearnerUserFactory()


# Entry years


def test_the_current_entry_year_is_the_one_open_today_or_else_the_next():
    assert applications.current_entry_year(TODAY) is None
    upcoming = EntryYearFactory(
        year=TODAY.year + 2,
        applications_open=TODAY + timedelta(days=300),
        main_deadline=TODAY + timedelta(days=400),
        guarantee_deadline=TODAY + timedelta(days=600),
    )
    assert applications.current_entry_year(TODAY) == upcoming
    current = open_year()
    assert applications.current_entry_year(TODAY) == current


# Sections


def test_a_section_is_saved_and_resumed(year, learner):
    assert applications.application_for(learner.learner_id, year) is None
    applications.save_section(learner, year, PERSONAL_DETAILS, {"telephone": "07700 900982"}, completed=False)
    db.session.expire_all()

    application = applications.application_for(learner.learner_id, year)
    assert application.telephone == "07700 900982"
    assert applications.section_status(application, PERSONAL_DETAILS, year, TODAY) == IN_PROGRESS

    applications.save_section(learner, year, PERSONAL_DETAILS, CONTACT, completed=True)
    db.session.expire_all()
    application = applications.application_for(learner.learner_id, year)
    assert (application.address, application.postcode) == (CONTACT["address"], CONTACT["postcode"])
    assert applications.section_status(application, PERSONAL_DETAILS, year, TODAY) == COMPLETED
    assert applications.section_status(application, PERSONAL_STATEMENT, year, TODAY) == NOT_STARTED
    assert db.session.query(AuditEvent).filter_by(event="application-started").count() == 1


def test_a_section_cannot_be_completed_without_its_answers_and_nothing_is_saved(year, learner):
    with pytest.raises(applications.SectionIncomplete) as error:
        applications.save_section(learner, year, PERSONAL_DETAILS, {"telephone": "07700 900982"}, completed=True)
    assert error.value.messages == {"address": "Enter your address", "postcode": "Enter your postcode"}
    application = applications.application_for(learner.learner_id, year)
    assert application is None or application.telephone is None


def test_support_needs_are_optional(year, learner):
    application = applications.save_section(learner, year, SUPPORT_NEEDS, {"support_needs": ""}, completed=True)
    assert application.support_needs is None
    assert SUPPORT_NEEDS in application.completed_sections


def test_a_personal_statement_over_the_word_limit_cannot_be_completed(year, learner):
    too_long = "word " * (applications.WORD_LIMIT + 1)
    with pytest.raises(applications.SectionIncomplete) as error:
        applications.save_section(learner, year, PERSONAL_STATEMENT, {"personal_statement": too_long}, True)
    assert error.value.messages["personal_statement"] == "Personal statement must be 500 words or fewer"
    assert applications.word_count(" two\n words ") == 2


def test_qualifications_are_added_and_removed_and_the_section_asks_again(year, learner):
    applications.save_section(learner, year, SCHOOL_AND_GRADES, {"current_school": "Cherwell School"}, True)
    applications.add_qualification(learner, year, "gcse", "Mathematics", "7", predicted=True)
    applications.add_qualification(learner, year, "other", "BTEC Level 2 Sport", "Merit", predicted=False)
    application = applications.application_for(learner.learner_id, year)
    assert [(q.subject, q.grade, q.predicted) for q in application.qualifications] == [
        ("Mathematics", "7", True),
        ("BTEC Level 2 Sport", "Merit", False),
    ]
    assert applications.section_status(application, SCHOOL_AND_GRADES, year, TODAY) == IN_PROGRESS

    applications.remove_qualification(learner, application.qualifications[0])
    db.session.expire_all()
    assert [q.subject for q in applications.application_for(learner.learner_id, year).qualifications] == [
        "BTEC Level 2 Sport"
    ]


def test_a_learner_cannot_reach_another_learners_qualification_or_choice(year, learner):
    applications.add_qualification(learner, year, "gcse", "Mathematics", "7", predicted=True)
    added = applications.add_choice(learner, CourseFactory(entry_year=year).id, TODAY)
    qualification = applications.application_for(learner.learner_id, year).qualifications[0]
    someone_else = LearnerUserFactory()
    assert applications.qualification_for_learner(someone_else.learner_id, qualification.id) is None
    assert applications.choice_for_learner(someone_else.learner_id, added.choice.id) is None
    assert applications.choice_for_learner(learner.learner_id, added.choice.id) == added.choice


def test_choices_cannot_start_before_applications_open(learner):
    upcoming = EntryYearFactory(
        year=TODAY.year + 2,
        applications_open=TODAY + timedelta(days=30),
        main_deadline=TODAY + timedelta(days=120),
        guarantee_deadline=TODAY + timedelta(days=300),
    )
    assert applications.section_status(None, CHOICES, upcoming, TODAY) == CANNOT_START
    assert applications.section_status(None, PERSONAL_DETAILS, upcoming, TODAY) == NOT_STARTED


# Choices


def test_choices_are_added_in_order_and_can_be_moved_and_removed(year, learner):
    courses = [CourseFactory(entry_year=year, title=title) for title in ("Biology", "Chemistry", "Physics")]
    for course in courses:
        added = applications.add_choice(learner, course.id, TODAY)
        assert not added.sent
        assert added.choice.status == states.DRAFT

    def order():
        db.session.expire_all()
        return [c.course.title for c in applications.application_for(learner.learner_id, year).choices]

    assert order() == ["Biology", "Chemistry", "Physics"]
    physics = applications.application_for(learner.learner_id, year).choices[2]
    applications.move_choice(learner, physics, applications.UP)
    assert order() == ["Biology", "Physics", "Chemistry"]
    biology = applications.application_for(learner.learner_id, year).choices[0]
    applications.move_choice(learner, biology, applications.UP)  # already first: nothing changes
    assert order() == ["Biology", "Physics", "Chemistry"]
    applications.move_choice(learner, biology, applications.DOWN)
    assert order() == ["Physics", "Biology", "Chemistry"]

    applications.remove_choice(learner, applications.application_for(learner.learner_id, year).choices[0])
    assert order() == ["Biology", "Chemistry"]
    assert [c.rank for c in applications.application_for(learner.learner_id, year).choices] == [1, 2]


def test_the_same_course_cannot_be_chosen_twice(year, learner):
    course = CourseFactory(entry_year=year)
    applications.add_choice(learner, course.id, TODAY)
    with pytest.raises(applications.DuplicateChoice, match="already one of your choices"):
        applications.add_choice(learner, course.id, TODAY)
    assert db.session.query(Choice).count() == 1


def test_no_more_than_the_councils_maximum_number_of_choices(learner):
    year = open_year(max_choices=2)
    for _ in range(2):
        applications.add_choice(learner, CourseFactory(entry_year=year).id, TODAY)
    with pytest.raises(applications.TooManyChoices, match="You can make up to 2 choices"):
        applications.add_choice(learner, CourseFactory(entry_year=year).id, TODAY)
    application = applications.application_for(learner.learner_id, year)
    assert applications.why_no_more_choices(application, year, TODAY) == "You have 2 choices, the most you can make"


def test_the_default_maximum_is_five(year, learner):
    for _ in range(5):
        applications.add_choice(learner, CourseFactory(entry_year=year).id, TODAY)
    with pytest.raises(applications.TooManyChoices):
        applications.add_choice(learner, CourseFactory(entry_year=year).id, TODAY)


def test_only_published_courses_can_be_chosen(year, learner):
    for course in (CourseFactory(entry_year=year, draft=True), CourseFactory(entry_year=year, withdrawn=True)):
        with pytest.raises(applications.CourseNotAvailable):
            applications.add_choice(learner, course.id, TODAY)
    with pytest.raises(applications.CourseNotAvailable):
        applications.add_choice(learner, 999999, TODAY)


def test_a_course_whose_applications_have_closed_is_refused_with_the_date(learner):
    year = closed_year()
    course = CourseFactory(entry_year=year)
    with pytest.raises(applications.ApplicationsClosed) as error:
        applications.add_choice(learner, course.id, TODAY)
    assert format_date(year.main_deadline) in str(error.value)
    assert db.session.query(Choice).count() == 0


def test_a_course_whose_applications_have_not_opened_is_refused_with_the_date(learner):
    year = EntryYearFactory(
        year=TODAY.year + 2,
        applications_open=TODAY + timedelta(days=30),
        main_deadline=TODAY + timedelta(days=120),
        guarantee_deadline=TODAY + timedelta(days=300),
    )
    with pytest.raises(applications.ApplicationsClosed, match=format_date(year.applications_open)):
        applications.add_choice(learner, CourseFactory(entry_year=year).id, TODAY)


# Sending


def test_an_incomplete_application_is_not_sent(year, learner):
    applications.add_choice(learner, CourseFactory(entry_year=year).id, TODAY)
    application = applications.application_for(learner.learner_id, year)
    with pytest.raises(applications.NotReadyToSend) as error:
        applications.send_application(learner, application, True, TODAY)
    assert error.value.problems[PERSONAL_DETAILS] == "Complete the section ‘Personal details and contact’"
    assert CHOICES in error.value.problems
    assert application.status == "draft"


def test_the_declaration_is_needed(year, learner):
    application = fill_in(learner, year)
    with pytest.raises(applications.NotReadyToSend) as error:
        applications.send_application(learner, application, False, TODAY)
    assert list(error.value.problems) == ["declaration"]


def test_sending_twice_sends_once(year, learner):
    application = fill_in(learner, year, courses=2)
    assert applications.send_application(learner, application, True, TODAY) is True
    db.session.expire_all()
    application = applications.application_for(learner.learner_id, year)
    sent_at = application.submitted_at
    assert applications.send_application(learner, application, True, TODAY) is False
    db.session.expire_all()
    application = applications.application_for(learner.learner_id, year)
    assert application.status == "submitted"
    assert application.submitted_at == sent_at
    assert application.declaration_agreed_at is not None
    assert [c.status for c in application.choices] == [states.SUBMITTED, states.SUBMITTED]
    assert db.session.query(ChoiceEvent).filter_by(event=states.SUBMIT).count() == 2


def test_sending_after_the_deadline_is_refused_with_the_date(learner):
    year = open_year()
    application = fill_in(learner, year)
    year.main_deadline = TODAY - timedelta(days=1)
    year.applications_open = TODAY - timedelta(days=40)
    db.session.commit()
    with pytest.raises(applications.NotReadyToSend) as error:
        applications.send_application(learner, application, True, TODAY)
    assert error.value.problems["deadline"] == (
        f"The deadline for applications for courses starting in {year.label} was {format_date(year.main_deadline)}"
    )


def test_a_choice_added_after_sending_is_sent_at_once_up_to_the_limit(learner):
    year = open_year(max_choices=2)
    application = fill_in(learner, year)
    applications.send_application(learner, application, True, TODAY)

    added = applications.add_choice(learner, CourseFactory(entry_year=year).id, TODAY)
    assert added.sent
    assert added.choice.status == states.SUBMITTED
    with pytest.raises(applications.TooManyChoices, match="withdraw a choice that has no decision yet"):
        applications.add_choice(learner, CourseFactory(entry_year=year).id, TODAY)


def test_an_ended_choice_frees_its_place(learner):
    year = open_year(max_choices=1)
    ChoiceFactory(
        application__learner=learner.learner,
        application__entry_year=year,
        application__submitted=True,
        course__entry_year=year,
        rejected=True,
    )
    added = applications.add_choice(learner, CourseFactory(entry_year=year).id, TODAY)
    assert added.sent


def test_sent_answers_cannot_be_changed_and_sent_choices_cannot_be_removed(year, learner):
    application = fill_in(learner, year)
    applications.send_application(learner, application, True, TODAY)
    with pytest.raises(applications.AlreadySent):
        applications.save_section(learner, year, PERSONAL_DETAILS, CONTACT, True)
    choice = applications.application_for(learner.learner_id, year).choices[0]
    with pytest.raises(applications.ChoiceCannotChange):
        applications.remove_choice(learner, choice)


def test_accepting_says_which_offers_are_declined_and_which_choices_withdrawn(year, learner):
    def choice(**trait):
        return ChoiceFactory(application__learner=learner.learner, application__entry_year=year, **trait)

    first = choice(offered=True)
    application = first.application
    other_offer = ChoiceFactory(application=application, offered=True)
    pending = ChoiceFactory(application=application)
    ChoiceFactory(application=application, rejected=True)
    outcome = applications.consequences_of_accepting(first)
    assert outcome.declined == [other_offer]
    assert outcome.withdrawn == [pending]


def _pause(session, flush_context, instances):
    """Hold each transaction open once it starts writing, so that the other tab arrives meanwhile."""
    time.sleep(0.2)


@pytest.mark.skipif(DATABASE_URL.startswith("sqlite"), reason="SQLite has one writer at a time: proved on PostgreSQL")
def test_two_tabs_adding_the_last_place_at_once_add_one_choice(app):
    """Each tab has its own connection; the application row lock makes the second wait and then see the first."""
    year = open_year(max_choices=1)
    user = LearnerUserFactory()
    applications.save_section(user, year, SUPPORT_NEEDS, {"support_needs": ""}, completed=False)
    user_id = user.id
    course_ids = [CourseFactory(entry_year=year).id for _ in range(2)]
    start = threading.Barrier(2)
    outcomes = []

    def add(course_id):
        with app.app_context():
            try:
                start.wait(timeout=10)
                applications.add_choice(db.session.get(User, user_id), course_id, TODAY)
                outcomes.append("added")
            except applications.ApplicationError as error:
                outcomes.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=add, args=(course_id,)) for course_id in course_ids]
    event.listen(Session, "before_flush", _pause)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        event.remove(Session, "before_flush", _pause)
    assert sorted(outcomes) == ["TooManyChoices", "added"]
    assert db.session.query(Choice).count() == 1
