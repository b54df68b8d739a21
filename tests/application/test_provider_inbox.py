"""Provider staff see the applications to their courses, and decide on them through the state table."""

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from application import provider_queries as queries
from application import rules, states
from application.models import Choice, ChoiceEvent, OfferCondition, ProviderNote, Qualification
from core.extensions import db
from core.models import AuditEvent
from core.timeutil import utcnow
from tests.conftest import Page, sign_in
from tests.factories import (
    ApplicationFactory,
    ChoiceFactory,
    CourseFactory,
    LearnerFactory,
    UserFactory,
)


@pytest.fixture
def staff(client):
    user = UserFactory(provider_staff=True, name="Pat Admissions")
    sign_in(client, user)
    return user


@pytest.fixture
def course(staff):
    return CourseFactory(provider=staff.provider, title="A level Biology", provider_course_code="BIO-A")


def applicant(given_name: str, family_name: str = "Applicant", **application_fields):
    learner = LearnerFactory(given_name=given_name, family_name=family_name)
    return ApplicationFactory(submitted=True, learner=learner, **application_fields)


def choice_to(course, given_name: str, days_ago: int = 3, **traits) -> Choice:
    return ChoiceFactory(
        course=course,
        application=applicant(given_name),
        submitted_at=utcnow() - timedelta(days=days_ago),
        **traits,
    )


def reload(choice_id: int) -> Choice:
    db.session.expire_all()
    return db.session.get(Choice, choice_id)


def names_in_order(page: Page) -> list[str]:
    return re.findall(r'href="/provider/applications/\d+">([^<]+)</a>', page.html)


def future_date_fields(days: int = 14) -> list[str]:
    day = rules.uk_today() + timedelta(days=days)
    return [str(day.day), str(day.month), str(day.year)]


# The inbox


def test_inbox_lists_sent_choices_to_the_providers_courses_only(client, staff, course):
    choice_to(course, "Amara")
    ChoiceFactory(course=course, application=applicant("Dora"), draft=True)
    choice_to(CourseFactory(title="Plumbing Level 2"), "Oscar")

    page = Page(client.get("/provider/applications/"))

    assert page.h1 == "Applications"
    assert names_in_order(page) == ["Amara Applicant"]
    assert "A level Biology" in page and "Waiting for a decision" in page
    assert "Dora" not in page and "Oscar" not in page and "Plumbing" not in page


def test_overdue_decisions_come_first_then_the_longest_waiting(client, staff, course):
    choice_to(course, "Recent", days_ago=2)
    choice_to(course, "Decided", days_ago=90, offered=True)
    choice_to(course, "Overdue", days_ago=45)
    choice_to(course, "Very overdue", days_ago=60, interview=True)

    page = Page(client.get("/provider/applications/"))

    assert names_in_order(page) == [
        "Very overdue Applicant",
        "Overdue Applicant",
        "Decided Applicant",
        "Recent Applicant",
    ]
    assert len(re.findall(r">\s*Overdue\s*</strong>", page.html)) == 2
    assert "2 decisions overdue" in page
    recent = db.session.scalar(select(Choice).where(Choice.status == states.SUBMITTED).order_by(Choice.id.asc()))
    due = rules.decision_due(recent.submitted_at, 20)
    assert f"{due.day} {due:%B %Y}" in page


def test_sql_overdue_cut_off_agrees_with_the_rule_across_holidays_and_clock_changes(staff, course):
    """Choices sent every 7 hours over Easter 2027 and the change to summer time, seen on 20 April 2027."""
    today = date(2027, 4, 20)
    start = datetime(2027, 2, 20, 3, 0)
    moments = [start + timedelta(hours=7 * step) for step in range(170)]
    application = applicant("Many")
    courses = [CourseFactory(provider=staff.provider, entry_year=course.entry_year) for _ in moments]
    for moment, each_course in zip(moments, courses, strict=True):
        ChoiceFactory(course=each_course, application=application, submitted_at=moment)

    first = queries.inbox_page(staff.provider_id, today)
    rows = list(first.rows)
    for page_number in range(2, first.last_page + 1):
        rows += queries.inbox_page(staff.provider_id, today, page=page_number).rows
    overdue = [row.overdue for row in rows]

    assert len(rows) == len(moments)
    assert overdue == sorted(overdue, reverse=True), "every overdue choice is listed before the rest"
    expected = sum(rules.is_overdue(row.choice, today, 20) for row in rows)
    assert 0 < expected < len(moments)
    assert queries.status_counts(staff.provider_id, today)["overdue"] == expected == sum(overdue)


def test_filter_by_course_and_by_status_groups_with_counts(client, staff, course):
    other_course = CourseFactory(provider=staff.provider, title="Plumbing Level 2", entry_year=course.entry_year)
    choice_to(course, "Amara")
    choice_to(course, "Bilal", interview=True)
    choice_to(course, "Cara", offered=True)
    choice_to(other_course, "Dev", rejected=True)
    choice_to(other_course, "Ella", accepted=True)

    waiting = Page(client.get("/provider/applications/?status=waiting"))
    assert names_in_order(waiting) == ["Amara Applicant", "Bilal Applicant"]
    assert "Waiting for a decision (2)" in waiting and "All statuses (5)" in waiting
    assert "Offers waiting for a reply (1)" in waiting and "Places accepted (1)" in waiting and "Closed (1)" in waiting

    offers = Page(client.get("/provider/applications/?status=offers"))
    assert names_in_order(offers) == ["Cara Applicant"]
    one_status = Page(client.get("/provider/applications/?status=interview"))
    assert names_in_order(one_status) == ["Bilal Applicant"]

    plumbing = Page(client.get(f"/provider/applications/?course={other_course.id}"))
    assert sorted(names_in_order(plumbing)) == ["Dev Applicant", "Ella Applicant"]
    assert "All statuses (2)" in plumbing
    closed_plumbing = Page(client.get(f"/provider/applications/?course={other_course.id}&status=closed"))
    assert names_in_order(closed_plumbing) == ["Dev Applicant"]
    assert f"export.csv?course={other_course.id}&amp;status=closed" in closed_plumbing.html

    nonsense = Page(client.get("/provider/applications/?course=99999&status=lost"))
    assert len(names_in_order(nonsense)) == 5
    assert "No applications match these filters" in Page(client.get("/provider/applications/?status=enrolled"))


def test_inbox_is_paged(client, staff, course, monkeypatch):
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    for days, name in ((5, "Ann"), (4, "Ben"), (3, "Cal")):
        choice_to(course, name, days_ago=days)

    first = Page(client.get("/provider/applications/"))
    second = Page(client.get("/provider/applications/?page=2"))

    assert names_in_order(first) == ["Ann Applicant", "Ben Applicant"]
    assert names_in_order(second) == ["Cal Applicant"]
    assert second.h1 == "Applications (page 2 of 2)"
    assert "3 applications" in first
    assert names_in_order(Page(client.get("/provider/applications/?page=99"))) == ["Cal Applicant"]


def test_an_empty_inbox_says_so(client, staff, course):
    assert "No one has applied to your courses yet" in Page(client.get("/provider/applications/"))


# One application


def test_choice_page_shows_the_applicant_grades_statement_and_support_needs(client, staff, course):
    application = applicant(
        "Amara",
        "Okafor",
        telephone="07700 900456",
        current_school="Wykham Park Academy",
        personal_statement="I want to be a vet.\nI volunteer at a stables.",
        support_needs="I need extra time in written work.",
    )
    db.session.add(Qualification(application=application, kind="gcse", subject="Mathematics", grade="7"))
    db.session.commit()
    choice = ChoiceFactory(course=course, application=application, submitted_at=utcnow() - timedelta(days=1))

    page = Page(client.get(f"/provider/applications/{choice.id}"))

    assert page.h1 == "Amara Okafor"
    for text in (
        "A level Biology (BIO-A)",
        "14 March 2010",
        application.learner.email,
        "07700 900456",
        "Wykham Park Academy",
        "Mathematics",
        "Predicted",
        '<p class="govuk-body">I volunteer at a stables.</p>',
        "I need extra time in written work.",
        "Make a decision by",
    ):
        assert text in page, text
    assert "Invite to interview" in page and "Make an offer" in page and "Reject application" in page
    assert "Withdraw offer" not in page and "Record as enrolled" not in page


def test_a_draft_or_unknown_choice_is_not_found(client, staff, course):
    draft = ChoiceFactory(course=course, application=applicant("Dora"), draft=True)
    assert client.get(f"/provider/applications/{draft.id}").status_code == 404
    assert client.get("/provider/applications/99999999999").status_code == 404


@pytest.mark.parametrize(
    ("trait", "shown", "hidden"),
    [
        ("interview", ["Invite to interview", "Make an offer", "Reject application"], ["Withdraw offer"]),
        ("offered", ["Withdraw offer"], ["Make an offer", "Record as enrolled", "Record whether conditions"]),
        ("accepted", ["Withdraw offer", "Record whether conditions are met", "Record as enrolled"], ["Make an offer"]),
        ("rejected", [], ["Invite to interview", "Make an offer", "Withdraw offer", "Record as enrolled"]),
        ("enrolled", [], ["Withdraw offer", "Record as enrolled"]),
    ],
)
def test_only_the_actions_the_state_table_allows_are_offered(client, staff, course, trait, shown, hidden):
    choice = choice_to(course, "Amara", **{trait: True})
    page = Page(client.get(f"/provider/applications/{choice.id}"))
    for label in shown:
        assert label in page, label
    for label in hidden:
        assert label not in page, label


def test_invite_to_interview(client, staff, course):
    choice = choice_to(course, "Amara")
    page = Page(client.get(f"/provider/applications/{choice.id}/invite-to-interview"))
    assert page.h1 == "Invite to interview"
    assert 'name="version" type="hidden" value="1"' in page.html or 'value="1"' in page.html

    data = {
        "version": "1",
        "interview_date": future_date_fields(),
        "interview_time": "2:30pm",
        "mode": "in-person",
        "place": "Room B12, Wootton Road",
        "joining_details": "",
    }
    response = client.post(f"/provider/applications/{choice.id}/invite-to-interview", data=data)

    assert response.headers["Location"] == f"/provider/applications/{choice.id}"
    saved = reload(choice.id)
    assert saved.status == states.INTERVIEW
    assert saved.interview_starts_at == datetime.combine(
        rules.uk_today() + timedelta(days=14), datetime.min.time()
    ).replace(hour=14, minute=30)
    assert (saved.interview_place, saved.interview_online) == ("Room B12, Wootton Road", False)
    page = Page(client.get(response.headers["Location"]))
    assert "Amara Applicant has been invited to interview" in page
    assert "Room B12, Wootton Road" in page and "2:30pm" in page
    assert re.search(r"Invited to interview</td>\s*<td[^>]*>Pat Admissions</td>", page.html)


def test_invite_online(client, staff, course):
    choice = choice_to(course, "Amara")
    data = {
        "version": "1",
        "interview_date": future_date_fields(),
        "interview_time": "09:15",
        "mode": "online",
        "place": "",
        "joining_details": "https://meet.example.org/abc",
    }
    client.post(f"/provider/applications/{choice.id}/invite-to-interview", data=data)
    saved = reload(choice.id)
    assert (saved.interview_online, saved.interview_place) == (True, "https://meet.example.org/abc")
    assert saved.interview_starts_at.strftime("%H:%M") == "09:15"


def test_interview_form_errors_say_what_to_fix_and_keep_the_answers(client, staff, course):
    choice = choice_to(course, "Amara")
    data = {
        "version": "1",
        "interview_date": ["31", "2", "2030"],
        "interview_time": "teatime",
        "mode": "in-person",
        "place": "",
        "joining_details": "",
    }
    page = Page(client.post(f"/provider/applications/{choice.id}/invite-to-interview", data=data))
    assert page.title.startswith("Error: ")
    assert page.error_summary == [
        "Date of the interview must be a real date",
        "Enter the time of the interview, like 9:30am or 2pm",
        "Enter the address or room where the interview will be",
    ]
    assert 'value="teatime"' in page.html and 'value="31"' in page.html

    yesterday = rules.uk_today() - timedelta(days=1)
    data.update(
        interview_date=[str(yesterday.day), str(yesterday.month), str(yesterday.year)],
        interview_time="10am",
        mode="online",
    )
    page = Page(client.post(f"/provider/applications/{choice.id}/invite-to-interview", data=data))
    assert page.error_summary == [
        "The date of the interview must be today or in the future",
        "Enter how to join the interview online, such as a video call link",
    ]
    del data["mode"]
    page = Page(client.post(f"/provider/applications/{choice.id}/invite-to-interview", data=data))
    assert "Select whether the interview is in person or online" in page.error_summary
    assert reload(choice.id).status == states.SUBMITTED


def test_make_a_conditional_offer(client, staff, course):
    choice = choice_to(course, "Amara", interview=True)
    data = {
        "version": "1",
        "kind": "conditional",
        "condition_1": "Grade 6 in GCSE biology",
        "condition_2": "",
        "condition_3": "Grade 5 in GCSE maths",
        "condition_4": "",
        "condition_5": "",
    }
    response = client.post(f"/provider/applications/{choice.id}/make-offer", data=data)
    assert response.status_code == 302
    saved = reload(choice.id)
    assert saved.status == states.OFFERED
    assert [condition.text for condition in saved.conditions] == ["Grade 6 in GCSE biology", "Grade 5 in GCSE maths"]
    page = Page(client.get(f"/provider/applications/{choice.id}"))
    assert "You have made an offer to Amara Applicant" in page
    assert "Grade 5 in GCSE maths" in page and "Not yet known" in page


def test_an_unconditional_offer_ignores_condition_boxes(client, staff, course):
    choice = choice_to(course, "Amara")
    data = {"version": "1", "kind": "unconditional", "condition_1": "Left over"}
    client.post(f"/provider/applications/{choice.id}/make-offer", data=data)
    saved = reload(choice.id)
    assert saved.status == states.OFFERED and saved.conditions == []


def test_a_conditional_offer_needs_a_condition(client, staff, course):
    choice = choice_to(course, "Amara")
    page = Page(
        client.post(f"/provider/applications/{choice.id}/make-offer", data={"version": "1", "kind": "conditional"})
    )
    assert page.error_summary == ["Enter at least one condition, or make an unconditional offer"]
    assert 'href="#condition_1"' in page.html
    page = Page(client.post(f"/provider/applications/{choice.id}/make-offer", data={"version": "1"}))
    assert page.error_summary == ["Select whether the offer is unconditional or conditional"]
    assert reload(choice.id).status == states.SUBMITTED


def test_reject_with_a_reason(client, staff, course):
    choice = choice_to(course, "Amara")
    page = Page(client.get(f"/provider/applications/{choice.id}/reject"))
    assert "The course is full" in page and "Entry requirements not met" in page

    other = {"version": "1", "reason": "other", "detail": ""}
    page = Page(client.post(f"/provider/applications/{choice.id}/reject", data=other))
    assert page.error_summary == ["Enter the reason the application is unsuccessful"]

    data = {"version": "1", "reason": "entry-requirements", "detail": "We need grade 6 in science."}
    client.post(f"/provider/applications/{choice.id}/reject", data=data)
    saved = reload(choice.id)
    assert (saved.status, saved.rejection_reason, saved.rejection_detail) == (
        states.REJECTED,
        "entry-requirements",
        "We need grade 6 in science.",
    )
    page = Page(client.get(f"/provider/applications/{choice.id}"))
    assert "Entry requirements not met" in page and "has been marked unsuccessful" in page


def test_withdraw_an_offer_needs_a_reason(client, staff, course):
    choice = choice_to(course, "Amara", offered=True)
    page = Page(client.post(f"/provider/applications/{choice.id}/withdraw-offer", data={"version": "1", "reason": ""}))
    assert page.error_summary == ["Enter why you are withdrawing the offer"]

    client.post(f"/provider/applications/{choice.id}/withdraw-offer", data={"version": "1", "reason": "Course closed"})
    saved = reload(choice.id)
    assert (saved.status, saved.offer_withdrawal_reason) == (states.OFFER_WITHDRAWN, "Course closed")


def test_conditions_met_then_enrolled(client, staff, course):
    choice = choice_to(course, "Amara", accepted=True)
    db.session.add(OfferCondition(choice_id=choice.id, text="Grade 6 in GCSE biology"))
    db.session.commit()

    refused = client.post(f"/provider/applications/{choice.id}/record-enrolment", data={"version": "1"})
    assert refused.status_code == 302
    assert "Mark the offer&#39;s conditions as met" in Page(client.get(refused.headers["Location"]))
    assert reload(choice.id).status == states.ACCEPTED

    page = Page(client.get(f"/provider/applications/{choice.id}/conditions"))
    assert "Grade 6 in GCSE biology" in page
    client.post(f"/provider/applications/{choice.id}/conditions", data={"version": "1", "outcome": "met"})
    saved = reload(choice.id)
    assert saved.status == states.CONDITIONS_MET and saved.conditions[0].status == "met"

    client.post(f"/provider/applications/{choice.id}/record-enrolment", data={"version": str(saved.version)})
    assert reload(choice.id).status == states.ENROLLED


def test_conditions_not_met(client, staff, course):
    choice = choice_to(course, "Amara", accepted=True)
    db.session.add(OfferCondition(choice_id=choice.id, text="Grade 6 in GCSE biology"))
    db.session.commit()
    client.post(f"/provider/applications/{choice.id}/conditions", data={"version": "1", "outcome": "not-met"})
    assert reload(choice.id).status == states.CONDITIONS_NOT_MET


def test_a_stale_page_changes_nothing_and_says_why(client, staff, course):
    choice = choice_to(course, "Amara")
    data = {"version": "1", "kind": "unconditional"}
    choice.version = 2  # someone else changed the application meanwhile
    db.session.commit()

    response = client.post(f"/provider/applications/{choice.id}/make-offer", data=data)

    assert response.headers["Location"] == f"/provider/applications/{choice.id}"
    assert "This application changed while you were looking at it" in Page(client.get(response.headers["Location"]))
    assert reload(choice.id).status == states.SUBMITTED
    assert db.session.scalars(select(ChoiceEvent)).all() == []


def test_a_missing_version_counts_as_stale(client, staff, course):
    choice = choice_to(course, "Amara")
    client.post(f"/provider/applications/{choice.id}/make-offer", data={"kind": "unconditional"})
    assert reload(choice.id).status == states.SUBMITTED


def test_an_action_the_state_table_refuses_changes_nothing(client, staff, course):
    choice = choice_to(course, "Amara", rejected=True)
    for path in ("make-offer", "invite-to-interview", "withdraw-offer", "conditions", "record-enrolment"):
        response = client.get(f"/provider/applications/{choice.id}/{path}")
        assert response.headers["Location"] == f"/provider/applications/{choice.id}", path
    response = client.post(
        f"/provider/applications/{choice.id}/make-offer", data={"version": "1", "kind": "unconditional"}
    )
    page = Page(client.get(response.headers["Location"]))
    assert "You cannot do that now, because this application is ‘Unsuccessful’" in page
    assert reload(choice.id).status == states.REJECTED


def test_a_colleagues_decision_on_the_page_you_opened_wins_and_yours_changes_nothing(client, staff, course):
    offered = choice_to(course, "Amara")
    invited = choice_to(course, "Bilal")
    client.post(f"/provider/applications/{offered.id}/make-offer", data={"version": "1", "kind": "unconditional"})
    interview = {
        "version": "1",
        "interview_date": future_date_fields(),
        "interview_time": "10am",
        "mode": "in-person",
        "place": "Room 1",
    }
    client.post(f"/provider/applications/{invited.id}/invite-to-interview", data=interview)
    client.post("/sign-out")
    sign_in(client, UserFactory(provider_staff=True, provider=staff.provider))

    refused = client.post(f"/provider/applications/{offered.id}/reject", data={"version": "1", "reason": "course-full"})
    assert "Nothing has been changed" in Page(client.get(refused.headers["Location"]))
    stale = client.post(f"/provider/applications/{invited.id}/invite-to-interview", data={**interview, "place": "Hall"})
    assert "This application changed while you were looking at it" in Page(client.get(stale.headers["Location"]))

    assert reload(offered.id).status == states.OFFERED
    assert reload(invited.id).interview_place == "Room 1"
    assert len(db.session.scalars(select(ChoiceEvent)).all()) == 2


def test_a_rule_the_service_enforces_is_shown_on_the_form(client, staff, course):
    choice = choice_to(course, "Amara", accepted=True)
    page = Page(client.post(f"/provider/applications/{choice.id}/conditions", data={"version": "1", "outcome": "met"}))
    assert page.error_summary == ["This offer had no conditions. Record the enrolment when the learner starts"]
    assert reload(choice.id).status == states.ACCEPTED


def test_an_overdue_decision_is_flagged_on_the_choice_page(client, staff, course):
    choice = choice_to(course, "Amara", days_ago=60)
    assert "The decision is overdue" in Page(client.get(f"/provider/applications/{choice.id}"))


# Notes


def test_notes_are_added_and_shown_to_the_providers_staff(client, staff, course):
    choice = choice_to(course, "Amara")
    page = Page(client.post(f"/provider/applications/{choice.id}/notes", data={"text": "  "}))
    assert page.error_summary == ["Enter your note"]

    response = client.post(f"/provider/applications/{choice.id}/notes", data={"text": "Called mum about transport."})
    assert response.headers["Location"] == f"/provider/applications/{choice.id}#notes"
    page = Page(client.get(f"/provider/applications/{choice.id}"))
    assert "Called mum about transport." in page and "Pat Admissions" in page
    note = db.session.scalar(select(ProviderNote))
    assert (note.choice_id, note.author_id) == (choice.id, staff.id)
    assert reload(choice.id).version == 1


# The export


def test_export_has_a_row_per_choice_and_is_audited(client, staff, course):
    choice_to(course, "Amara", interview=True)
    offered = choice_to(course, "Bilal", offered=True)
    db.session.add(OfferCondition(choice_id=offered.id, text="=HYPERLINK(1)"))
    db.session.commit()
    choice_to(CourseFactory(title="Plumbing Level 2"), "Oscar")

    response = client.get("/provider/applications/export.csv")

    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == queries.CSV_HEADER
    assert sorted(row["Applicant"] for row in rows) == ["Amara Applicant", "Bilal Applicant"]
    amara = next(row for row in rows if row["Applicant"] == "Amara Applicant")
    assert amara["Date of birth"] == "2010-03-14" and amara["Course code"] == "BIO-A"
    assert amara["Status"] == "Invited to interview" and amara["Decision due"] and amara["Interview"]
    bilal = next(row for row in rows if row["Applicant"] == "Bilal Applicant")
    assert bilal["Offer conditions"] == "'=HYPERLINK(1)" and bilal["Decision due"] == ""
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "applications-exported")).all()
    assert len(events) == 1 and events[0].actor_id == staff.id and events[0].detail["choices"] == 2


def test_export_follows_the_filters(client, staff, course):
    choice_to(course, "Amara")
    choice_to(course, "Bilal", offered=True)
    response = client.get("/provider/applications/export.csv?status=offers")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["Applicant"] for row in rows] == ["Bilal Applicant"]


def test_only_provider_staff_reach_the_inbox(client):
    choice = choice_to(CourseFactory(), "Amara")
    assert client.get("/provider/applications/").headers["Location"].startswith("/sign-in")
    sign_in(client, UserFactory(adviser=True))
    assert client.get(f"/provider/applications/{choice.id}").status_code == 403


def test_every_page_has_unique_ids_one_h1_and_a_matching_title(client, staff, course):
    waiting = choice_to(course, "Amara")
    accepted = choice_to(course, "Bilal", accepted=True)
    paths = ["/provider/applications/", f"/provider/applications/{waiting.id}"]
    paths += [f"/provider/applications/{waiting.id}/{path}" for path in ("invite-to-interview", "make-offer", "reject")]
    paths += [
        f"/provider/applications/{accepted.id}/{path}" for path in ("withdraw-offer", "conditions", "record-enrolment")
    ]
    for path in paths:
        page = Page(client.get(path))
        ids = re.findall(r'\sid="([^"]+)"', page.html)
        assert len(ids) == len(set(ids)), path
        assert "style=" not in page.html, path
