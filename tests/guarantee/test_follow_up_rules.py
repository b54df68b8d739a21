"""The follow-up rules, without an app: facts, settings and today in; the follow-ups that should be open out."""

from dataclasses import replace
from datetime import date

import pytest

from application import follow_ups
from application.follow_ups import Due, Facts, Settings

DEADLINE = date(2027, 2, 28)
ALL_GROUPS = Settings(main_deadline=DEADLINE, groups=frozenset(follow_ups.PRIORITY_ORDER))
FSM_ONLY = Settings(main_deadline=DEADLINE, groups=frozenset({follow_ups.FSM}))
BEFORE_DEADLINE = date(2027, 2, 28)
AFTER_DEADLINE = date(2027, 3, 1)

FSM_LEARNER = Facts(fsm=True)
APPLIED = replace(FSM_LEARNER, applied=True, choices_sent=2)


def reasons(facts, settings=ALL_GROUPS, today=AFTER_DEADLINE):
    return [found.reason for found in follow_ups.due(facts, settings, today)]


class TestPriorityGroup:
    def test_a_learner_in_no_priority_group_is_never_followed_up(self):
        assert follow_ups.priority_group(Facts(), ALL_GROUPS) is None
        assert reasons(Facts()) == []

    @pytest.mark.parametrize(
        ("facts", "group"),
        [
            (Facts(fsm=True), "fsm"),
            (Facts(ehcp=True), "ehcp"),
            (Facts(looked_after=True), "looked-after"),
            (Facts(fsm=True, ehcp=True), "ehcp"),
            (Facts(fsm=True, ehcp=True, looked_after=True), "looked-after"),
        ],
    )
    def test_the_most_specific_group_is_stored(self, facts, group):
        assert follow_ups.priority_group(facts, ALL_GROUPS) == group

    def test_groups_the_council_turned_off_do_not_count(self):
        assert follow_ups.priority_group(Facts(ehcp=True), FSM_ONLY) is None
        assert follow_ups.priority_group(Facts(fsm=True, looked_after=True), FSM_ONLY) == "fsm"
        assert reasons(Facts(looked_after=True), FSM_ONLY) == []

    def test_with_fsm_turned_off_fsm_learners_are_not_followed_up(self):
        settings = Settings(main_deadline=DEADLINE, groups=frozenset({follow_ups.LOOKED_AFTER}))
        assert reasons(FSM_LEARNER, settings) == []

    def test_settings_come_from_the_entry_year(self):
        class Year:
            main_deadline = DEADLINE
            follow_up_fsm, follow_up_looked_after, follow_up_ehcp = True, False, True
            checkpoint_dates = ["2027-08-31", "2027-06-01"]
            guarantee_deadline = date(2027, 9, 30)

        settings = Settings.of(Year())
        assert settings.groups == {"fsm", "ehcp"}
        assert settings.guarantee_deadline == date(2027, 9, 30)
        assert settings.checkpoints == (date(2027, 6, 1), date(2027, 8, 31))


class TestNotApplied:
    def test_opens_the_day_after_the_main_deadline(self):
        assert reasons(FSM_LEARNER, today=BEFORE_DEADLINE) == []
        assert reasons(FSM_LEARNER, today=AFTER_DEADLINE) == ["not-applied"]

    def test_not_when_they_applied(self):
        assert reasons(APPLIED) == []


class TestChoicesEnded:
    def test_every_choice_ended_without_an_offer(self):
        facts = replace(APPLIED, choices_ended=2)
        assert reasons(facts, today=BEFORE_DEADLINE) == ["all-choices-ended"]

    def test_not_while_a_choice_waits_for_a_decision(self):
        assert reasons(replace(APPLIED, choices_ended=1)) == []

    def test_an_offer_withdrawn_by_the_provider_is_an_ended_choice(self):
        facts = replace(APPLIED, choices_ended=2, offers_made=1)
        assert reasons(facts) == ["all-choices-ended"]

    def test_declining_the_only_offer(self):
        facts = replace(APPLIED, choices_ended=1, offers_made=1, offers_declined=1)
        assert reasons(facts, today=BEFORE_DEADLINE) == ["declined-only-offer"]

    def test_declining_the_only_offer_and_losing_every_other_choice_is_one_follow_up(self):
        facts = replace(APPLIED, choices_ended=2, offers_made=1, offers_declined=1)
        assert reasons(facts) == ["declined-only-offer"]

    def test_declining_one_offer_of_two_is_not_declining_the_only_offer(self):
        # Accepted one (which declined the other), then missed its conditions: every choice ended.
        facts = replace(APPLIED, choices_ended=2, offers_made=2, offers_declined=1)
        assert reasons(facts) == ["all-choices-ended"]

    def test_nothing_while_they_hold_an_offer_that_counts(self):
        facts = replace(APPLIED, choices_sent=3, choices_ended=2, offers_made=2, offers_declined=1, holds_offer=True)
        assert reasons(facts, today=date(2027, 9, 1)) == []


class TestCheckpoints:
    settings = replace(ALL_GROUPS, checkpoints=(date(2027, 6, 1), date(2027, 8, 31)))

    def test_opens_on_the_checkpoint_day_with_the_date_in_its_key(self):
        assert follow_ups.due(APPLIED, self.settings, date(2027, 5, 31)) == ()
        assert follow_ups.due(APPLIED, self.settings, date(2027, 6, 1)) == (
            Due("no-offer-at-checkpoint", "no-offer-at-checkpoint:2027-06-01"),
        )

    def test_only_the_latest_checkpoint_passed(self):
        found = follow_ups.due(APPLIED, self.settings, date(2027, 9, 2))
        assert [item.reason_key for item in found] == ["no-offer-at-checkpoint:2027-08-31"]

    def test_several_reasons_at_once(self):
        found = follow_ups.due(FSM_LEARNER, self.settings, date(2027, 6, 2))
        assert [item.reason_key for item in found] == ["not-applied", "no-offer-at-checkpoint:2027-06-01"]

    def test_reason_keys_fit_the_column(self):
        assert len("no-offer-at-checkpoint:2027-06-01") <= 40


class TestNoFollowUpNeeded:
    @pytest.mark.parametrize("change", [{"holds_offer": True}, {"not_appropriate": True}])
    def test_an_offer_or_a_not_appropriate_record_stops_every_rule(self, change):
        settings = replace(ALL_GROUPS, checkpoints=(date(2027, 6, 1),))
        assert follow_ups.due(replace(FSM_LEARNER, **change), settings, date(2027, 9, 1)) == ()

    def test_nothing_opens_once_the_guarantee_deadline_has_passed(self):
        settings = replace(ALL_GROUPS, guarantee_deadline=date(2027, 9, 30))
        assert reasons(FSM_LEARNER, settings, date(2027, 9, 30)) == ["not-applied"]
        assert reasons(FSM_LEARNER, settings, date(2027, 10, 1)) == []

    def test_the_closing_reason_names_the_offer_type(self):
        assert follow_ups.offer_made_reason("Apprenticeship") == "Offer made: Apprenticeship"
