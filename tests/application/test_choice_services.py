"""The choices service: sending an application, providers' decisions, learners' replies, their mail and reminders."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from application import rules, states
from application.models import Choice, ChoiceEvent
from application.services import choices as service
from application.services.choices import (
    ApplicationIncomplete,
    ChoiceNotFound,
    ChoiceRuleBroken,
    StaleChoice,
)
from core.extensions import db
from core.models import AuditEvent, QueuedMail
from core.templating import format_date
from core.timeutil import utcnow
from tests.factories import (
    ApplicationFactory,
    ChoiceFactory,
    CourseFactory,
    EntryYearFactory,
    LearnerUserFactory,
    ProviderFactory,
    UserFactory,
)


@pytest.fixture
def entry_year():
    today = rules.uk_today()
    return EntryYearFactory(
        year=today.year + 1,
        applications_open=today - timedelta(days=30),
        main_deadline=today + timedelta(days=60),
        guarantee_deadline=date(today.year + 1, 9, 30),
        max_choices=3,
    )


def _course(entry_year, provider=None, **values):
    provider = provider or ProviderFactory(email=None)
    return CourseFactory(entry_year=entry_year, provider=provider, **values)


def _draft_application(entry_year, courses, **values):
    learner_user = LearnerUserFactory()
    values.setdefault("declaration_agreed_at", utcnow())
    application = ApplicationFactory(learner=learner_user.learner, entry_year=entry_year, **values)
    for rank, course in enumerate(courses, start=1):
        ChoiceFactory(application=application, course=course, rank=rank, draft=True)
    return application, learner_user


def _mail(**filters) -> list[QueuedMail]:
    query = select(QueuedMail).filter_by(**filters).order_by(QueuedMail.id)
    return list(db.session.scalars(query))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _reload(choice: Choice) -> Choice:
    db.session.expire_all()
    return db.session.get(Choice, choice.id)


# Sending the application


def test_submitting_sends_every_choice_and_mails_the_learner_and_each_provider(entry_year):
    with_email = ProviderFactory(email="admissions@riverside.example")
    without_email = ProviderFactory(email=None)
    staff = [UserFactory(provider_staff=True, provider=without_email) for _ in range(2)]
    UserFactory(provider_staff=True, provider=without_email, active=False)
    courses = [_course(entry_year, with_email), _course(entry_year, with_email), _course(entry_year, without_email)]
    application, learner_user = _draft_application(entry_year, courses)

    assert service.submit_application(application.id, learner_user) is True

    db.session.expire_all()
    assert application.status == "submitted" and application.submitted_at is not None
    assert [choice.status for choice in application.choices] == ["submitted"] * 3
    assert all(choice.submitted_at is not None for choice in application.choices)
    assert _count(ChoiceEvent) == 3
    events = db.session.scalars(select(AuditEvent.event).order_by(AuditEvent.id)).all()
    assert events == ["application-submitted"] + ["choice-submitted"] * 3

    [to_learner] = _mail(template="application-submitted")
    assert to_learner.recipient == learner_user.email
    assert to_learner.subject == "Your application has been sent"
    assert all(course.title in to_learner.text_body for course in courses)
    assert "/your-application" in to_learner.text_body and "/your-application" in to_learner.html_body
    to_providers = _mail(template="new-application")
    assert sorted(mail.recipient for mail in to_providers) == sorted(
        ["admissions@riverside.example"] + [user.email for user in staff]
    )
    [to_college] = [mail for mail in to_providers if mail.recipient == "admissions@riverside.example"]
    assert courses[0].provider_course_code in to_college.text_body
    assert courses[2].provider_course_code not in to_college.text_body, "a provider sees only its own choices"


def test_submitting_twice_changes_nothing_and_sends_nothing(entry_year):
    application, learner_user = _draft_application(entry_year, [_course(entry_year)])
    assert service.submit_application(application.id, learner_user) is True
    mail_before, versions = _count(QueuedMail), [choice.version for choice in application.choices]

    assert service.submit_application(application.id, learner_user) is False

    db.session.expire_all()
    assert _count(QueuedMail) == mail_before
    assert [choice.version for choice in application.choices] == versions
    assert _count(ChoiceEvent) == 1


def test_submitting_after_the_deadline_is_refused_with_the_date(entry_year):
    today = rules.uk_today()
    entry_year.applications_open, entry_year.main_deadline = today - timedelta(days=90), today - timedelta(days=1)
    db.session.commit()
    application, learner_user = _draft_application(entry_year, [_course(entry_year)])

    with pytest.raises(ChoiceRuleBroken) as error:
        service.submit_application(application.id, learner_user)

    deadline = entry_year.main_deadline
    assert str(error.value) == f"The deadline for applications was {deadline.day} {deadline:%B %Y}"
    assert format_date(date(2027, 2, 26)) == "26 February 2027"
    db.session.expire_all()
    assert application.status == "draft" and application.choices[0].status == "draft"
    assert _count(QueuedMail) == 0


def test_submitting_before_applications_open_is_refused(entry_year):
    today = rules.uk_today()
    entry_year.applications_open = today + timedelta(days=1)
    db.session.commit()
    application, learner_user = _draft_application(entry_year, [_course(entry_year)])
    with pytest.raises(ChoiceRuleBroken, match="Applications open on"):
        service.submit_application(application.id, learner_user)


def test_an_incomplete_application_names_the_sections_to_complete(entry_year):
    application, learner_user = _draft_application(
        entry_year, [], personal_statement="", current_school=None, declaration_agreed_at=None
    )
    with pytest.raises(ApplicationIncomplete) as error:
        service.submit_application(application.id, learner_user)
    assert error.value.missing == ["School and grades", "Personal statement", "Choices", "Declaration"]
    assert "Complete these sections" in str(error.value)
    assert db.session.get(type(application), application.id).status == "draft"


def test_a_course_no_longer_published_stops_the_whole_submission(entry_year):
    open_course, closed_course = _course(entry_year), _course(entry_year, title="BTEC Sport")
    application, learner_user = _draft_application(entry_year, [open_course, closed_course])
    closed_course.status = "withdrawn"
    db.session.commit()

    with pytest.raises(ChoiceRuleBroken, match=r"BTEC Sport at .* is no longer open for applications"):
        service.submit_application(application.id, learner_user)

    db.session.expire_all()
    assert [choice.status for choice in application.choices] == ["draft", "draft"]
    assert _count(QueuedMail) == _count(AuditEvent) == 0


def test_a_course_from_another_entry_year_cannot_be_sent(entry_year):
    other_year = EntryYearFactory(year=entry_year.year + 1)
    application, learner_user = _draft_application(entry_year, [_course(other_year)])
    with pytest.raises(ChoiceRuleBroken, match="no longer open"):
        service.submit_application(application.id, learner_user)


def test_a_choice_added_after_submitting_is_sent_on_its_own(entry_year):
    first = _course(entry_year, ProviderFactory(email="first@college.example"))
    later = _course(entry_year, ProviderFactory(email="later@college.example"))
    application, learner_user = _draft_application(entry_year, [first])
    service.submit_application(application.id, learner_user)
    submitted_at = application.submitted_at
    ChoiceFactory(application=application, course=later, rank=2, draft=True)

    assert service.submit_application(application.id, learner_user) is True

    db.session.expire_all()
    assert [choice.status for choice in application.choices] == ["submitted", "submitted"]
    assert application.submitted_at == submitted_at
    assert _count(ChoiceEvent) == 2
    [_, second] = _mail(template="application-submitted")
    assert second.subject == "Your new choices have been sent"
    assert later.title in second.text_body
    assert [mail.recipient for mail in _mail(template="new-application")] == [
        "first@college.example",
        "later@college.example",
    ]


def test_late_choices_respect_the_maximum_and_ended_choices_free_a_place(entry_year):
    application, learner_user = _draft_application(entry_year, [_course(entry_year) for _ in range(3)])
    service.submit_application(application.id, learner_user)
    extra = ChoiceFactory(application=application, course=_course(entry_year), rank=4, draft=True)

    with pytest.raises(ChoiceRuleBroken, match=r"You can have up to 3 choices\. Remove 1"):
        service.submit_application(application.id, learner_user)
    assert _reload(extra).status == "draft"

    provider_user = UserFactory(provider_staff=True, provider=application.choices[0].course.provider)
    first = application.choices[0]
    service.reject_choice(first.id, provider_user, first.version, "course-full", None)
    assert service.submit_application(application.id, learner_user) is True
    assert _reload(extra).status == "submitted"


def test_only_the_learner_can_send_their_application(entry_year):
    application, _ = _draft_application(entry_year, [_course(entry_year)])
    with pytest.raises(ChoiceNotFound):
        service.submit_application(application.id, LearnerUserFactory())
    with pytest.raises(ChoiceNotFound):
        service.submit_application(application.id, UserFactory(provider_staff=True))
    with pytest.raises(ChoiceNotFound):
        service.submit_application(application.id + 1000, LearnerUserFactory())


# Providers decide


@pytest.fixture
def sent(entry_year):
    """A choice waiting for a decision, the provider's staff member, and the learner's account."""
    provider = ProviderFactory(email="admissions@riverside.example")
    application, learner_user = _draft_application(entry_year, [_course(entry_year, provider)])
    service.submit_application(application.id, learner_user)
    db.session.query(QueuedMail).delete()
    db.session.commit()
    staff = UserFactory(provider_staff=True, provider=provider)
    return application.choices[0], staff, learner_user


def test_inviting_to_interview_records_the_details_and_tells_the_learner(sent):
    choice, staff, learner_user = sent
    starts = (utcnow() + timedelta(days=7)).replace(hour=10, minute=30, second=0, microsecond=0)

    result = service.invite_to_interview(choice.id, staff, choice.version, starts, " Room 4, Wootton Road ", False)

    assert result.status == "interview" and result.version == 3
    assert (result.interview_starts_at, result.interview_place, result.interview_online) == (
        starts,
        "Room 4, Wootton Road",
        False,
    )
    [mail] = _mail(template="interview-invitation")
    assert mail.recipient == learner_user.email
    assert "Room 4, Wootton Road" in mail.text_body and "10:30am" in mail.text_body
    history = result.history[-1]
    assert (history.event, history.actor_id, history.detail["starts_at"]) == ("invite", staff.id, starts.isoformat())


@pytest.mark.parametrize(
    ("starts_in", "place", "message"),
    [(timedelta(days=-1), "Room 4", "must be in the future"), (timedelta(days=1), "  ", "Enter where the interview")],
)
def test_an_interview_needs_a_future_time_and_a_place(sent, starts_in, place, message):
    choice, staff, _ = sent
    with pytest.raises(ChoiceRuleBroken, match=message):
        service.invite_to_interview(choice.id, staff, choice.version, utcnow() + starts_in, place, False)
    assert _reload(choice).status == "submitted"


def test_an_offer_with_conditions_stores_them_and_tells_the_learner_how_to_reply(sent):
    choice, staff, learner_user = sent
    result = service.make_offer(choice.id, staff, choice.version, ["Grade 6 in biology", " ", "Grade 4 in maths "])

    assert result.status == "offered" and result.offered_at is not None
    assert [(c.text, c.status) for c in result.conditions] == [
        ("Grade 6 in biology", "pending"),
        ("Grade 4 in maths", "pending"),
    ]
    [mail] = _mail(template="offer-made")
    assert mail.recipient == learner_user.email
    assert "Grade 6 in biology" in mail.text_body and "Grade 4 in maths" in mail.html_body
    assert "accept or decline" in mail.text_body


def test_an_unconditional_offer_says_so(sent):
    choice, staff, _ = sent
    result = service.make_offer(choice.id, staff, choice.version, [])
    assert result.conditions == []
    assert "no conditions" in _mail(template="offer-made")[0].text_body


def test_a_condition_must_be_short_enough(sent):
    choice, staff, _ = sent
    with pytest.raises(ChoiceRuleBroken, match="300 characters"):
        service.make_offer(choice.id, staff, choice.version, ["x" * 301])


def test_rejecting_records_the_reason_and_tells_the_learner(sent):
    choice, staff, learner_user = sent
    result = service.reject_choice(choice.id, staff, choice.version, "other", "We no longer run this course.")
    assert (result.status, result.rejection_reason, result.rejection_detail) == (
        "rejected",
        "other",
        "We no longer run this course.",
    )
    [mail] = _mail(template="choice-unsuccessful")
    assert mail.recipient == learner_user.email
    assert "Other reason" in mail.text_body and "We no longer run this course." in mail.text_body


@pytest.mark.parametrize(
    ("reason", "detail", "message"),
    [("bored", None, "Select a reason"), ("other", "  ", "Explain the reason")],
)
def test_a_rejection_needs_a_known_reason(sent, reason, detail, message):
    choice, staff, _ = sent
    with pytest.raises(ChoiceRuleBroken, match=message):
        service.reject_choice(choice.id, staff, choice.version, reason, detail)


def test_another_providers_choice_is_not_found(sent):
    choice, _, _ = sent
    stranger = UserFactory(provider_staff=True)
    with pytest.raises(ChoiceNotFound):
        service.make_offer(choice.id, stranger, choice.version, [])
    with pytest.raises(ChoiceNotFound):
        service.make_offer(choice.id, UserFactory(role="council"), choice.version, [])
    assert _reload(choice).status == "submitted"


def test_a_draft_choice_is_invisible_to_its_provider(entry_year):
    course = _course(entry_year)
    application, _ = _draft_application(entry_year, [course])
    staff = UserFactory(provider_staff=True, provider=course.provider)
    with pytest.raises(ChoiceNotFound):
        service.make_offer(application.choices[0].id, staff, 1, [])


def test_a_stale_page_changes_nothing(sent):
    choice, staff, _ = sent
    stale_version = choice.version
    service.invite_to_interview(choice.id, staff, stale_version, utcnow() + timedelta(days=2), "Room 4", False)
    with pytest.raises(StaleChoice, match="has changed since you opened it"):
        service.reject_choice(choice.id, staff, stale_version, "course-full", None)
    assert _reload(choice).status == "interview"
    assert _mail(template="choice-unsuccessful") == []


def test_an_action_the_state_does_not_allow_changes_nothing(sent):
    choice, staff, _ = sent
    choice = service.reject_choice(choice.id, staff, choice.version, "course-full", None)
    with pytest.raises(states.TransitionNotAllowed, match="Offer made is not possible once Unsuccessful"):
        service.make_offer(choice.id, staff, choice.version, ["Grade 6"])
    choice = _reload(choice)
    assert choice.status == "rejected" and choice.conditions == []
    assert len(choice.history) == 2
    assert _mail(template="offer-made") == []


def _accepted(sent, conditions):
    choice, staff, learner_user = sent
    choice = service.make_offer(choice.id, staff, choice.version, conditions)
    return service.accept_offer(choice.id, learner_user), staff


@pytest.mark.parametrize(
    ("met", "status", "condition_status"), [(True, "conditions-met", "met"), (False, "conditions-not-met", "not-met")]
)
def test_recording_conditions_marks_each_one_and_tells_the_learner(sent, met, status, condition_status):
    choice, staff = _accepted(sent, ["Grade 6 in biology", "Grade 4 in maths"])
    result = service.record_conditions(choice.id, staff, choice.version, met)
    assert result.status == status
    assert [condition.status for condition in result.conditions] == [condition_status] * 2
    [mail] = _mail(template="conditions-outcome")
    assert ("Your place is confirmed" in mail.text_body) is met


def test_conditions_cannot_be_recorded_on_an_unconditional_offer(sent):
    choice, staff = _accepted(sent, [])
    with pytest.raises(ChoiceRuleBroken, match="no conditions"):
        service.record_conditions(choice.id, staff, choice.version, True)
    assert _reload(choice).status == "accepted"


def test_enrolment_needs_the_conditions_met(sent):
    choice, staff = _accepted(sent, ["Grade 6 in biology"])
    with pytest.raises(ChoiceRuleBroken, match="conditions as met"):
        service.record_enrolment(choice.id, staff, choice.version)
    choice = service.record_conditions(choice.id, staff, choice.version, True)
    choice = service.record_enrolment(choice.id, staff, choice.version)
    assert choice.status == "enrolled" and choice.enrolled_at is not None


def test_an_unconditional_accepted_offer_can_be_enrolled(sent):
    choice, staff = _accepted(sent, [])
    assert service.record_enrolment(choice.id, staff, choice.version).status == "enrolled"


def test_enrolment_is_refused_before_the_offer_is_accepted(sent):
    choice, staff, _ = sent
    choice = service.make_offer(choice.id, staff, choice.version, [])
    with pytest.raises(states.TransitionNotAllowed):
        service.record_enrolment(choice.id, staff, choice.version)


@pytest.mark.parametrize("accept_first", [False, True])
def test_withdrawing_an_offer_needs_a_reason_and_tells_the_learner(sent, accept_first):
    choice, staff, learner_user = sent
    choice = service.make_offer(choice.id, staff, choice.version, [])
    if accept_first:
        choice = service.accept_offer(choice.id, learner_user)
    with pytest.raises(ChoiceRuleBroken, match="Explain why"):
        service.withdraw_offer(choice.id, staff, choice.version, " ")
    choice = service.withdraw_offer(choice.id, staff, choice.version, "The course has been cancelled.")
    assert choice.status == "offer-withdrawn" and choice.offer_withdrawal_reason == "The course has been cancelled."
    [mail] = _mail(template="offer-withdrawn")
    assert mail.recipient == learner_user.email and "The course has been cancelled." in mail.text_body


# Learners reply


@pytest.fixture
def offers(entry_year):
    """A learner with two offers, a choice waiting, one at interview and one rejected, each from its own provider."""
    entry_year.max_choices = 5
    providers = [ProviderFactory(email=f"admissions{n}@college.example") for n in range(5)]
    application, learner_user = _draft_application(entry_year, [_course(entry_year, p) for p in providers])
    service.submit_application(application.id, learner_user)
    first, second, waiting, interview, rejected = application.choices
    staff = {p.id: UserFactory(provider_staff=True, provider=p) for p in providers}

    def decide(action, choice, *args):
        return action(choice.id, staff[choice.course.provider_id], choice.version, *args)

    decide(service.make_offer, first, [])
    decide(service.make_offer, second, ["Grade 5 in English"])
    decide(service.invite_to_interview, interview, utcnow() + timedelta(days=3), "Room 1", True)
    decide(service.reject_choice, rejected, "course-full", None)
    db.session.query(QueuedMail).delete()
    db.session.commit()
    return learner_user, first, second, waiting, interview, rejected


def test_accepting_an_offer_declines_the_others_and_withdraws_pending_choices(offers):
    learner_user, first, second, waiting, interview, rejected = offers

    service.accept_offer(second.id, learner_user)

    db.session.expire_all()
    statuses = [c.status for c in (first, second, waiting, interview, rejected)]
    assert statuses == ["declined", "accepted", "withdrawn", "withdrawn", "rejected"]
    for choice in (first, waiting, interview):
        last = choice.history[-1]
        assert last.actor_id == learner_user.id and last.detail == {"accepted_choice_id": second.id}
    mail = {m.recipient: m.template for m in _mail()}
    assert mail == {
        first.course.provider.email: "offer-declined",
        second.course.provider.email: "offer-accepted",
        waiting.course.provider.email: "choice-withdrawn",
        interview.course.provider.email: "choice-withdrawn",
    }
    accepted_mail = _mail(template="offer-accepted")[0]
    assert learner_user.learner.full_name in accepted_mail.text_body


def test_a_second_offer_cannot_be_accepted_after_the_first(offers):
    learner_user, first, second, *_ = offers
    service.accept_offer(first.id, learner_user)
    mail_before = _count(QueuedMail)
    with pytest.raises((ChoiceRuleBroken, states.TransitionNotAllowed), match="already accepted an offer from"):
        service.accept_offer(second.id, learner_user)
    assert _reload(second).status == "declined"
    assert _count(QueuedMail) == mail_before


def test_accepting_the_same_offer_twice_changes_nothing(offers):
    learner_user, first, *_ = offers
    service.accept_offer(first.id, learner_user)
    events, mail = _count(ChoiceEvent), _count(QueuedMail)
    assert service.accept_offer(first.id, learner_user).status == "accepted"
    assert (_count(ChoiceEvent), _count(QueuedMail)) == (events, mail)


def test_declining_an_offer_tells_the_provider(offers):
    learner_user, first, second, *_ = offers
    service.decline_offer(first.id, learner_user)
    db.session.expire_all()
    assert (first.status, second.status) == ("declined", "offered")
    [mail] = _mail()
    assert (mail.recipient, mail.template) == (first.course.provider.email, "offer-declined")


def test_only_choices_without_a_decision_can_be_withdrawn(offers):
    learner_user, first, _, waiting, interview, _ = offers
    assert service.withdraw_choice(waiting.id, learner_user).status == "withdrawn"
    assert service.withdraw_choice(interview.id, learner_user).status == "withdrawn"
    with pytest.raises(states.TransitionNotAllowed):
        service.withdraw_choice(first.id, learner_user)
    assert [m.template for m in _mail()] == ["choice-withdrawn", "choice-withdrawn"]


def test_a_learner_cannot_reply_to_someone_elses_choice(offers):
    _, first, *_ = offers
    other = LearnerUserFactory()
    for reply in (service.accept_offer, service.decline_offer, service.withdraw_choice):
        with pytest.raises(ChoiceNotFound):
            reply(first.id, other)
    assert _reload(first).status == "offered"


# Reminders


def _cli(app, *args):
    result = app.test_cli_runner().invoke(args=["application", "send-reminders", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_reminders_go_once_a_day_to_providers_with_overdue_decisions_and_learners_with_waiting_offers(app):
    provider = ProviderFactory(email="admissions@riverside.example")
    year = EntryYearFactory(year=2027, response_working_days=20)
    sent_on = datetime(2027, 1, 4, 10)  # a decision is due by 1 February 2027
    overdue = [
        ChoiceFactory(course=CourseFactory(provider=provider, entry_year=year), submitted_at=sent_on) for _ in "ab"
    ]
    ChoiceFactory(course=CourseFactory(provider=provider, entry_year=year), submitted_at=sent_on + timedelta(days=7))
    ChoiceFactory(course=CourseFactory(entry_year=year), submitted_at=sent_on, rejected=True)
    waiting = ChoiceFactory(course=CourseFactory(entry_year=year), submitted_at=datetime(2026, 12, 1), offered=True)
    learner_user = LearnerUserFactory(learner=waiting.application.learner)

    assert "to 0 provider(s) about overdue decisions and 1 learner(s)" in _cli(app, "--today", "2027-02-01")
    db.session.query(QueuedMail).delete()
    db.session.commit()

    output = _cli(app, "--today", "2027-02-02")
    assert "Queued reminders to 1 provider(s)" in output and "and 1 learner(s)" in output
    [to_provider] = _mail(template="decisions-overdue")
    assert to_provider.recipient == "admissions@riverside.example"
    for choice in overdue:
        assert choice.application.learner.full_name in to_provider.text_body
    assert "decision due by 1 February 2027" in to_provider.text_body
    assert to_provider.text_body.count("decision due by") == 2
    [to_learner] = _mail(template="offers-awaiting-reply")
    assert to_learner.recipient == learner_user.email
    assert waiting.course.title in to_learner.text_body

    assert "to 0 provider(s) about overdue decisions and 0 learner(s)" in _cli(app, "--today", "2027-02-02")
    assert len(_mail()) == 2, "the same reminders are not sent twice in a day"
    assert "to 1 provider(s) about overdue decisions and 1 learner(s)" in _cli(app, "--today", "2027-02-03")
    assert len(_mail()) == 4
