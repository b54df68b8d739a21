"""Refreshing follow-ups for a cohort, closing them, the queue's order and the weekly digest."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from application import states
from application.guarantee_models import ExternalOffer, FollowUp
from application.models import Application
from application.services import follow_up_queue
from application.services import follow_ups as service
from core.extensions import db
from core.models import AuditEvent, QueuedMail
from tests.factories import (
    AdviserContactFactory,
    ApplicationFactory,
    CaseloadAssignmentFactory,
    ChoiceFactory,
    CohortEntryFactory,
    CourseFactory,
    EntryYearFactory,
    ExternalOfferFactory,
    FollowUpFactory,
    NotAppropriateFactory,
    SchoolFactory,
    UserFactory,
)

AFTER_DEADLINE = date(2027, 3, 10)
BEFORE_DEADLINE = date(2027, 2, 1)


@pytest.fixture
def entry_year():
    return EntryYearFactory(year=2027)


def learner_in(entry_year, school=None, fsm=True, **learner):
    """A cohort learner, eligible for free school meals unless told otherwise."""
    place = {"school": school} if school is not None else {}
    learner = {f"learner__{name}": value for name, value in learner.items()}
    return CohortEntryFactory(entry_year=entry_year, learner__free_school_meals=fsm, **place, **learner).learner


def choice(learner, entry_year, status, *timestamps, code="230"):
    """A sent choice in `status`, with the timestamps named set a day apart, in order."""
    application = db.session.scalar(
        select(Application).where(Application.learner_id == learner.id, Application.entry_year_id == entry_year.id)
    ) or ApplicationFactory(learner=learner, entry_year=entry_year, submitted=True)
    submitted_at = datetime(2026, 11, 1, 10)
    moments = {name: submitted_at + timedelta(days=offset) for offset, name in enumerate(timestamps, start=1)}
    return ChoiceFactory(
        application=application,
        course=CourseFactory(entry_year=entry_year, nccis_offer_code=code),
        status=status,
        submitted_at=submitted_at,
        **moments,
    )


def open_follow_ups(learner=None):
    query = select(FollowUp).where(FollowUp.closed_at.is_(None)).order_by(FollowUp.id)
    if learner is not None:
        query = query.where(FollowUp.learner_id == learner.id)
    return db.session.scalars(query).all()


class TestRefreshOpens:
    def test_an_fsm_learner_who_has_not_applied_after_the_main_deadline(self, entry_year):
        learner = learner_in(entry_year)
        learner_in(entry_year, fsm=False)

        assert service.refresh(entry_year, BEFORE_DEADLINE).total_opened == 0
        result = service.refresh(entry_year, AFTER_DEADLINE)

        assert result.opened == {"not-applied": 1}
        (follow_up,) = open_follow_ups()
        assert (follow_up.learner_id, follow_up.reason, follow_up.reason_key) == (
            learner.id,
            "not-applied",
            "not-applied",
        )
        assert follow_up.priority_group == "fsm"

    def test_running_again_opens_nothing_new(self, entry_year):
        learner_in(entry_year)
        service.refresh(entry_year, AFTER_DEADLINE)
        again = service.refresh(entry_year, AFTER_DEADLINE + timedelta(days=1))
        assert (again.total_opened, again.total_closed) == (0, 0)
        assert db.session.scalar(select(func.count(FollowUp.id))) == 1

    def test_every_choice_ended_without_an_offer(self, entry_year):
        learner = learner_in(entry_year)
        choice(learner, entry_year, states.REJECTED, "rejected_at")
        choice(learner, entry_year, states.OFFER_WITHDRAWN, "offered_at", "offer_withdrawn_at")

        assert service.refresh(entry_year, BEFORE_DEADLINE).opened == {"all-choices-ended": 1}

    def test_not_while_a_choice_waits_for_a_decision(self, entry_year):
        learner = learner_in(entry_year)
        choice(learner, entry_year, states.REJECTED, "rejected_at")
        choice(learner, entry_year, states.INTERVIEW, "interview_at")
        assert service.refresh(entry_year, AFTER_DEADLINE).total_opened == 0

    def test_declining_the_only_offer(self, entry_year):
        learner = learner_in(entry_year)
        choice(learner, entry_year, states.DECLINED, "offered_at", "declined_at")
        choice(learner, entry_year, states.SUBMITTED)

        assert service.refresh(entry_year, BEFORE_DEADLINE).opened == {"declined-only-offer": 1}

    def test_a_checkpoint_opens_a_follow_up_with_its_date(self, entry_year):
        entry_year.checkpoint_dates = ["2027-06-01", "2027-08-31"]
        db.session.commit()
        learner = learner_in(entry_year)
        choice(learner, entry_year, states.SUBMITTED)

        assert service.refresh(entry_year, date(2027, 5, 31)).total_opened == 0
        service.refresh(entry_year, date(2027, 6, 1))
        assert [item.reason_key for item in open_follow_ups()] == ["no-offer-at-checkpoint:2027-06-01"]

        service.close_by_hand(open_follow_ups()[0], "Spoke to the family", UserFactory(adviser=True))
        service.refresh(entry_year, date(2027, 9, 1))
        assert [item.reason_key for item in open_follow_ups()] == ["no-offer-at-checkpoint:2027-08-31"]

    def test_one_open_follow_up_at_a_time(self, entry_year):
        entry_year.checkpoint_dates = ["2027-06-01"]
        db.session.commit()
        learner_in(entry_year)

        assert service.refresh(entry_year, date(2027, 6, 2)).opened == {"not-applied": 1}
        assert service.refresh(entry_year, date(2027, 6, 3)).total_opened == 0
        assert [item.reason for item in open_follow_ups()] == ["not-applied"]

    def test_nothing_opens_after_the_guarantee_deadline_but_offers_still_close(self, entry_year):
        learner = learner_in(entry_year)
        late = learner_in(entry_year)
        service.refresh(entry_year, AFTER_DEADLINE)
        service.close_by_hand(open_follow_ups(late)[0], "Spoke to the family", UserFactory(adviser=True))
        ExternalOfferFactory(learner=learner, entry_year=entry_year, offered_on=date(2027, 9, 20))

        result = service.refresh(entry_year, date(2027, 10, 1))

        assert (result.total_opened, result.total_closed) == (0, 1)

    def test_priority_groups_follow_the_council_settings(self, entry_year):
        looked_after = learner_in(entry_year, looked_after=True)
        ehcp = learner_in(entry_year, fsm=False, sen_status="ehcp")

        service.refresh(entry_year, AFTER_DEADLINE)
        assert [(item.learner_id, item.priority_group) for item in open_follow_ups()] == [
            (looked_after.id, "looked-after")
        ]

        entry_year.follow_up_ehcp = True
        db.session.commit()
        service.refresh(entry_year, AFTER_DEADLINE)
        assert [item.priority_group for item in open_follow_ups(ehcp)] == ["ehcp"]

    def test_fsm_can_be_turned_off(self, entry_year):
        entry_year.follow_up_fsm = False
        db.session.commit()
        learner_in(entry_year)
        assert service.refresh(entry_year, AFTER_DEADLINE).total_opened == 0

    def test_no_follow_up_when_an_offer_is_not_appropriate(self, entry_year):
        learner = learner_in(entry_year)
        NotAppropriateFactory(learner=learner, entry_year=entry_year, recorded_on=date(2027, 3, 1))
        assert service.refresh(entry_year, AFTER_DEADLINE).total_opened == 0

    def test_a_job_without_training_is_no_offer_that_counts(self, entry_year):
        learner = learner_in(entry_year)
        ExternalOfferFactory(learner=learner, entry_year=entry_year, activity_code="330", offered_on=date(2027, 3, 1))
        assert service.refresh(entry_year, AFTER_DEADLINE).opened == {"not-applied": 1}

    def test_other_cycles_are_left_alone(self, entry_year):
        other = EntryYearFactory(year=2026)
        learner_in(other)
        assert service.refresh(entry_year, AFTER_DEADLINE).total_opened == 0


class TestRefreshCloses:
    def test_an_offer_that_counts_closes_the_follow_up(self, entry_year):
        learner = learner_in(entry_year)
        choice(learner, entry_year, states.REJECTED, "rejected_at")
        service.refresh(entry_year, BEFORE_DEADLINE)
        choice(learner, entry_year, states.ACCEPTED, "offered_at", "accepted_at", code="310")

        result = service.refresh(entry_year, BEFORE_DEADLINE)

        assert result.closed == {"all-choices-ended": 1}
        follow_up = db.session.scalar(select(FollowUp))
        assert follow_up.closed_reason == "Offer made: Apprenticeship"
        assert follow_up.closed_at is not None and follow_up.closed_by_id is None

    def test_an_offer_recorded_by_an_adviser_closes_it(self, entry_year):
        learner = learner_in(entry_year)
        service.refresh(entry_year, AFTER_DEADLINE)
        ExternalOfferFactory(learner=learner, entry_year=entry_year, activity_code="310", offered_on=date(2027, 3, 5))
        assert service.refresh(entry_year, AFTER_DEADLINE).closed == {"not-applied": 1}

    def test_a_declined_offer_does_not_close_it(self, entry_year):
        learner = learner_in(entry_year)
        choice(learner, entry_year, states.DECLINED, "offered_at", "declined_at")
        service.refresh(entry_year, BEFORE_DEADLINE)
        assert service.refresh(entry_year, BEFORE_DEADLINE).total_closed == 0
        assert len(open_follow_ups()) == 1

    def test_closes_even_when_the_group_was_turned_off_since(self, entry_year):
        learner = learner_in(entry_year, fsm=False, looked_after=True)
        service.refresh(entry_year, AFTER_DEADLINE)
        entry_year.follow_up_looked_after = False
        db.session.commit()
        ExternalOfferFactory(learner=learner, entry_year=entry_year, offered_on=date(2027, 3, 5))
        assert service.refresh(entry_year, AFTER_DEADLINE).total_closed == 1

    def test_a_follow_up_closed_by_hand_does_not_reopen(self, entry_year):
        learner_in(entry_year)
        service.refresh(entry_year, AFTER_DEADLINE)
        service.close_by_hand(open_follow_ups()[0], "Family moving abroad in April", UserFactory(adviser=True))
        assert service.refresh(entry_year, AFTER_DEADLINE).total_opened == 0

    def test_each_run_is_audited_with_its_counts(self, entry_year):
        learner_in(entry_year)
        service.refresh(entry_year, AFTER_DEADLINE)
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "follow-ups-refreshed"))
        assert audit.detail["opened"] == {"not-applied": 1}


class TestRefreshIsSetBased:
    def statements(self, entry_year, learners: int) -> int:
        for number in range(learners):
            learner = learner_in(entry_year)
            if number % 2:
                choice(learner, entry_year, states.REJECTED, "rejected_at")
        counted = []

        def count(*_args):
            counted.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            service.refresh(entry_year, AFTER_DEADLINE)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(counted)

    def test_the_number_of_queries_does_not_grow_with_the_cohort(self, entry_year):
        few = self.statements(entry_year, 2)
        db.session.execute(FollowUp.__table__.delete())
        db.session.commit()
        many = self.statements(entry_year, 20)
        assert many == few


class TestClosing:
    def test_close_satisfied_after_an_adviser_records_an_offer(self, entry_year):
        learner = learner_in(entry_year)
        service.refresh(entry_year, AFTER_DEADLINE)
        adviser = UserFactory(adviser=True)

        assert service.close_satisfied(learner, entry_year, adviser, AFTER_DEADLINE) == []
        db.session.add(
            ExternalOffer(
                learner_id=learner.id,
                entry_year_id=entry_year.id,
                activity_code="230",
                provider_name="Abingdon and Witney College",
                offered_on=AFTER_DEADLINE,
                source="learner",
            )
        )
        (closed,) = service.close_satisfied(learner, entry_year, adviser, AFTER_DEADLINE)

        db.session.expire_all()
        assert closed.closed_reason == "Offer made: Full-time education: further education"
        assert closed.closed_by_id == adviser.id
        assert db.session.scalar(select(func.count(ExternalOffer.id))) == 1

    def test_closing_by_hand_needs_a_reason(self, entry_year):
        follow_up = FollowUpFactory(entry_year=entry_year)
        adviser = UserFactory(adviser=True)
        with pytest.raises(service.FollowUpError, match="Enter why"):
            service.close_by_hand(follow_up, "   ", adviser)

        service.close_by_hand(follow_up, "Moved to Wales", adviser)

        assert (follow_up.closed_reason, follow_up.closed_by_id) == ("Moved to Wales", adviser.id)
        with pytest.raises(service.FollowUpError, match="already closed"):
            service.close_by_hand(follow_up, "Again", adviser)

    def test_the_checkpoint_reason_names_its_date(self, entry_year):
        follow_up = FollowUpFactory(
            entry_year=entry_year, reason="no-offer-at-checkpoint", reason_key="no-offer-at-checkpoint:2027-06-01"
        )
        assert service.reason_label(follow_up) == "Still has no offer at a checkpoint (1 June 2027)"


class TestQueue:
    def test_most_urgent_first(self, entry_year):
        school = SchoolFactory()
        earlier_cycle = EntryYearFactory(year=2026)
        opened = datetime(2026, 8, 1)

        def follow_up(name, cycle=entry_year, applied=False, group="fsm", days_ago=0):
            learner = learner_in(cycle, school=school, given_name=name)
            if applied:
                ApplicationFactory(learner=learner, entry_year=cycle, submitted=True)
            return FollowUpFactory(
                learner=learner, entry_year=cycle, priority_group=group, opened_at=opened - timedelta(days=days_ago)
            )

        follow_up("Applied fsm", applied=True)
        follow_up("Applied looked after", applied=True, group="looked-after")
        follow_up("Not applied newer")
        follow_up("Not applied older", days_ago=5)
        follow_up("Not applied ehcp", group="ehcp")
        follow_up("Earlier cycle", cycle=earlier_cycle, applied=True)
        council = UserFactory()

        names = [item.follow_up.learner.given_name for item in follow_up_queue.queue(council, date(2026, 9, 1)).items]

        assert names == [
            "Earlier cycle",
            "Not applied ehcp",
            "Not applied older",
            "Not applied newer",
            "Applied looked after",
            "Applied fsm",
        ]
        after_the_earlier_deadline = follow_up_queue.queue(
            council, date(2026, 10, 1)
        ).items  # 2026's passed on 30 September
        assert after_the_earlier_deadline[-1].follow_up.learner.given_name == "Earlier cycle"

    def test_an_adviser_sees_their_caseload_only(self, entry_year):
        assignment = CaseloadAssignmentFactory()
        mine = FollowUpFactory(learner=learner_in(entry_year, school=assignment.school), entry_year=entry_year)
        FollowUpFactory(learner=learner_in(entry_year), entry_year=entry_year)

        page = follow_up_queue.queue(assignment.adviser, AFTER_DEADLINE)

        assert [item.follow_up.id for item in page.items] == [mine.id]
        assert page.items[0].show_group is True
        assert follow_up_queue.follow_up_in_scope(assignment.adviser, mine.id) == mine
        assert follow_up_queue.queue(UserFactory(adviser=True), AFTER_DEADLINE).total == 0

    def test_closed_follow_ups_leave_the_queue(self, entry_year):
        FollowUpFactory(learner=learner_in(entry_year), entry_year=entry_year, closed_at=datetime(2027, 3, 1),
                        closed_reason="Offer made: Apprenticeship")  # fmt: skip
        assert follow_up_queue.queue(UserFactory(), AFTER_DEADLINE).total == 0

    def test_shows_the_last_contact_and_who_made_it(self, entry_year):
        learner = learner_in(entry_year)
        follow_up = FollowUpFactory(learner=learner, entry_year=entry_year, opened_at=datetime(2027, 3, 1, 9))
        adviser = UserFactory(adviser=True, name="Priya Shah")
        AdviserContactFactory(learner=learner, entry_year=entry_year, contacted_on=date(2027, 2, 1))
        AdviserContactFactory(learner=learner, entry_year=entry_year, contacted_on=date(2027, 3, 4),
                              recorded_by_id=adviser.id, outcome="message-left")  # fmt: skip

        (item,) = follow_up_queue.queue(UserFactory(), date(2027, 3, 11)).items

        assert item.follow_up.id == follow_up.id
        assert item.days_open == 10
        assert (item.last_contact.contacted_on, item.last_contact.recorded_by.name) == (date(2027, 3, 4), "Priya Shah")
        assert len(item.actions) == 1, "a contact before the follow-up opened is not an action on it"

    def test_a_contact_recorded_on_the_follow_up_is_linked_to_it(self, entry_year):
        follow_up = FollowUpFactory(learner=learner_in(entry_year), entry_year=entry_year)
        adviser = UserFactory(adviser=True)
        contact = service.record_contact(
            follow_up, adviser, date(2026, 11, 27), "phone", "spoke", "Wants to retake maths"
        )
        assert contact.follow_up_id == follow_up.id
        assert follow_up_queue.actions_for([follow_up])[follow_up.id] == [contact]


class TestDigest:
    def test_new_and_overdue_once_a_week(self, entry_year):
        assignment = CaseloadAssignmentFactory(adviser__email="jo.adviser@example.org")
        today = date(2027, 3, 24)

        def follow_up(name, days_ago):
            learner = learner_in(entry_year, school=assignment.school, given_name=name, family_name="Example")
            return FollowUpFactory(
                learner=learner, entry_year=entry_year, opened_at=datetime(2027, 3, 24, 8) - timedelta(days=days_ago)
            )

        follow_up("Newly", 2)
        follow_up("Waiting", 20)
        contacted = follow_up("Contacted", 20)
        follow_up("Between", 10)
        AdviserContactFactory(learner=contacted.learner, entry_year=entry_year, contacted_on=date(2027, 3, 10))
        UserFactory(adviser=True)  # nothing to tell this one

        first = follow_up_queue.send_digests(today)
        again = follow_up_queue.send_digests(today + timedelta(days=3))

        assert (first.sent, again.sent, again.already_sent) == (1, 0, 1)
        (message,) = db.session.scalars(select(QueuedMail)).all()
        assert message.recipient == "jo.adviser@example.org"
        new_part, overdue_part = message.text_body.split("No contact yet")
        assert "Newly Example" in new_part and "Waiting" not in new_part and "Between" not in new_part
        assert "Waiting Example" in overdue_part and "Contacted" not in overdue_part
        assert "/adviser/follow-ups/" in message.html_body

        next_week = follow_up_queue.send_digests(today + timedelta(days=7))
        assert next_week.sent == 1


class TestCommands:
    def test_refresh_prints_what_it_opened_and_closed(self, app, entry_year):
        learner = learner_in(entry_year)
        learner_in(entry_year)
        runner = app.test_cli_runner()

        first = runner.invoke(args=["guarantee", "refresh", "--entry-year", "2027", "--today", "2027-03-10"])
        ExternalOfferFactory(learner=learner, entry_year=entry_year, offered_on=date(2027, 3, 5))
        second = runner.invoke(args=["guarantee", "refresh", "--entry-year", "2027", "--today", "2027-03-10"])

        assert first.exit_code == 0, first.output
        assert "Follow-ups for September 2027, on 2027-03-10:" in first.output
        assert "Opened: 2\n  Has not applied by the main deadline: 2\nClosed (offer made): 0" in first.output
        assert "Opened: 0\nClosed (offer made): 1\n  Has not applied by the main deadline: 1" in second.output

    def test_refresh_defaults_to_the_cycle_in_progress(self, app, entry_year):
        result = app.test_cli_runner().invoke(args=["guarantee", "refresh", "--today", "2027-03-10"])
        assert "Follow-ups for September 2027" in result.output

    def test_refresh_of_an_unknown_year(self, app):
        result = app.test_cli_runner().invoke(args=["guarantee", "refresh", "--entry-year", "1999"])
        assert result.exit_code != 0 and "There is no entry year 1999." in result.output

    def test_send_digest(self, app, entry_year):
        assignment = CaseloadAssignmentFactory()
        FollowUpFactory(learner=learner_in(entry_year, school=assignment.school), entry_year=entry_year,
                        opened_at=datetime(2027, 3, 9))  # fmt: skip
        runner = app.test_cli_runner()
        first = runner.invoke(args=["guarantee", "send-digest", "--today", "2027-03-10"])
        again = runner.invoke(args=["guarantee", "send-digest", "--today", "2027-03-10"])
        assert "Queued 1 digest(s); 0 adviser(s) already had this week's." in first.output
        assert "Queued 0 digest(s); 1 adviser(s) already had this week's." in again.output
