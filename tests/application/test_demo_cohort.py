"""The demo cohort and applications that `flask seed demo` loads: seeded once for the module, read from a snapshot.

The harness empties the database after every test, so the fixture copies the rows out before the first test ends.
"""

import random
import statistics
import time
from collections import Counter, defaultdict
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from application import rules, states
from application.account_services import normalise_code
from application.demo import DEMO_LEARNER_EMAIL, demo_now
from application.demo_cohort import demo_schools, plan_cohort
from application.models import (
    Application,
    Choice,
    ChoiceEvent,
    CohortEntry,
    Learner,
    OfferCondition,
    Qualification,
    School,
)
from application.upn import upn_problem
from core.auth.passwords import check_password
from core.extensions import db
from core.models import User
from core.postcodes import locate
from core.timeutil import utcnow
from prospectus.models import Area, EntryYear
from tests.conftest import DEMO_PASSWORD

HOLDS_OR_HELD_A_PLACE = states.HOLDING_PLACE | {states.CONDITIONS_NOT_MET}


def _rows(model) -> list[dict]:
    return [dict(row._mapping) for row in db.session.execute(select(*model.__table__.columns)).all()]


@pytest.fixture(scope="module")
def demo(app):
    runner = app.test_cli_runner()
    env = {"DEMO_PASSWORD": DEMO_PASSWORD}
    with app.app_context():
        started = time.monotonic()
        first = runner.invoke(args=["seed", "demo", "--if-empty"], env=env)
        seconds = time.monotonic() - started
        counts = [len(_rows(model)) for model in (Learner, Application, Choice)]
        again = runner.invoke(args=["seed", "demo", "--if-empty"], env=env)
        snapshot = {
            "outputs": (first, again),
            "seconds": seconds,
            "counts_after_first": counts,
            "now": demo_now(utcnow()),
            "years": {row["id"]: row["year"] for row in _rows(EntryYear)},
            "areas": {row["id"]: row["name"] for row in _rows(Area)},
        }
        for name, model in {
            "schools": School,
            "learners": Learner,
            "cohort": CohortEntry,
            "applications": Application,
            "choices": Choice,
            "events": ChoiceEvent,
            "conditions": OfferCondition,
            "qualifications": Qualification,
            "users": User,
        }.items():
            snapshot[name] = _rows(model)
        db.session.remove()
    return SimpleNamespace(**snapshot)


@pytest.fixture(scope="module")
def choices_by_application(demo):
    grouped = defaultdict(list)
    for choice in demo.choices:
        grouped[choice["application_id"]].append(choice)
    return grouped


@pytest.fixture(scope="module")
def history(demo):
    grouped = defaultdict(list)
    for event in sorted(demo.events, key=lambda event: (event["occurred_at"], event["id"])):
        grouped[event["choice_id"]].append(event)
    return grouped


def test_the_seed_loads_once_quickly_and_reports_the_cohort(demo):
    first, again = demo.outputs
    assert first.exit_code == 0, first.output
    assert "Cohort for September 2027:" in first.output
    assert DEMO_LEARNER_EMAIL in first.output
    assert again.exit_code == 0 and "already has providers" in again.output
    assert demo.counts_after_first == [len(demo.learners), len(demo.applications), len(demo.choices)]
    assert demo.seconds < 60


def test_every_school_is_loaded_in_the_area_of_its_nearest_town(demo):
    assert len(demo.schools) == 88
    areas = {school["name"]: demo.areas[school["area_id"]] for school in demo.schools}
    assert areas["Wykham Park"] == "Banbury and North Oxfordshire"
    assert areas["The Cherwell School"] == "Oxford City"
    assert areas["UTC Oxfordshire"] == "Abingdon and Didcot"
    assert len(set(areas.values())) == 7


def test_the_cohort_has_about_7500_learners_in_each_year_group_at_many_schools(demo):
    entries = [entry for entry in demo.cohort if demo.years[entry["entry_year_id"]] == 2027]
    groups = Counter(entry["year_group"] for entry in entries)
    assert 14_000 <= len(demo.learners) <= 16_000
    assert 7_000 <= groups[11] <= 8_000 and 7_000 <= groups[12] <= 8_000
    rolls = Counter(entry["school_id"] for entry in entries if entry["year_group"] == 11)
    assert len(rolls) >= 55
    assert max(rolls.values()) <= 400 and min(rolls.values()) <= 20  # large comprehensives and small special schools


def test_upns_are_valid_and_unique_and_dates_of_birth_fit_the_year_group(demo):
    learners = {learner["id"]: learner for learner in demo.learners}
    assert all(upn_problem(learner["upn"]) is None for learner in learners.values())
    assert len({learner["upn"] for learner in learners.values()}) == len(learners)
    assert all(learner["upn"][1:4] == "931" for learner in learners.values())
    born = {11: (date(2010, 9, 1), date(2011, 8, 31)), 12: (date(2009, 9, 1), date(2010, 8, 31))}
    for entry in demo.cohort:
        if demo.years[entry["entry_year_id"]] == 2027:
            first, last = born[entry["year_group"]]
            assert first <= learners[entry["learner_id"]]["date_of_birth"] <= last


def test_names_are_varied_and_homes_are_real_oxfordshire_postcodes(demo):
    given = Counter(learner["given_name"] for learner in demo.learners)
    family = Counter(learner["family_name"] for learner in demo.learners)
    assert len(given) >= 500 and len(family) >= 600
    assert max(family.values()) < 0.02 * len(demo.learners)
    sample = random.Random(1).sample(demo.learners, 300)
    assert all(locate(learner["home_postcode"]).is_exact for learner in sample)


def test_disadvantage_and_needs_are_in_realistic_proportions(demo):
    total = len(demo.learners)
    share = Counter()
    for learner in demo.learners:
        share["fsm"] += learner["free_school_meals"]
        share[learner["sen_status"]] += 1
        share["looked after"] += learner["looked_after"]
    assert 0.18 <= share["fsm"] / total <= 0.22
    assert 0.03 <= share["ehcp"] / total <= 0.045
    assert 0.10 <= share["sen-support"] / total <= 0.14
    assert 0.005 <= share["looked after"] / total <= 0.01


def test_the_share_on_free_school_meals_varies_by_school(demo):
    school_of = {entry["learner_id"]: entry["school_id"] for entry in demo.cohort}
    by_school = defaultdict(list)
    for learner in demo.learners:
        by_school[school_of[learner["id"]]].append(learner["free_school_meals"])
    rates = [sum(flags) / len(flags) for flags in by_school.values() if len(flags) >= 100]
    assert max(rates) - min(rates) > 0.15
    assert statistics.pstdev(rates) > 0.04


def test_about_7000_applications_mostly_from_year_11_some_not_sent(demo):
    year_group = {
        entry["learner_id"]: entry["year_group"] for entry in demo.cohort if demo.years[entry["entry_year_id"]] == 2027
    }
    applications = demo.applications
    assert 6_500 <= len(applications) <= 7_500
    assert sum(year_group[app["learner_id"]] == 11 for app in applications) > 0.8 * len(applications)
    drafts = [app for app in applications if app["status"] == "draft"]
    assert 300 <= len(drafts) <= 1_000
    assert all(app["submitted_at"] is None for app in drafts)
    assert all(app["submitted_at"] and app["declaration_agreed_at"] for app in applications if app not in drafts)


def test_every_choice_status_is_present_and_each_application_has_one_to_five(demo, choices_by_application):
    assert {choice["status"] for choice in demo.choices} == set(states.STATUSES)
    assert {len(choices) for choices in choices_by_application.values()} <= {1, 2, 3, 4, 5}
    assert len(choices_by_application) == len(demo.applications)
    for choices in choices_by_application.values():
        assert sorted(choice["rank"] for choice in choices) == list(range(1, len(choices) + 1))


def test_applications_follow_the_rules_for_accepting_an_offer(demo, choices_by_application):
    status = {app["id"]: app["status"] for app in demo.applications}
    for application_id, choices in choices_by_application.items():
        statuses = [choice["status"] for choice in choices]
        assert sum(s in HOLDS_OR_HELD_A_PLACE for s in statuses) <= 1
        if any(s in states.HOLDING_PLACE for s in statuses):
            assert not any(s in states.OFFERED_GROUP | states.PENDING_DECISION for s in statuses)
        assert (status[application_id] == "draft") == all(s == states.DRAFT for s in statuses)


def test_every_choice_has_a_history_that_the_state_table_allows(demo, history):
    for choice in demo.choices:
        events = history[choice["id"]]
        status = states.DRAFT
        for event in events:
            assert event["from_status"] == status
            status = states.transition(status, event["event"])
            assert event["to_status"] == status
            assert choice[states.TIMESTAMP_FOR[status]] is not None
            assert event["occurred_at"] <= demo.now
        assert status == choice["status"]
        if events:
            assert choice[states.TIMESTAMP_FOR[status]] == events[-1]["occurred_at"]
            assert choice["submitted_at"] == events[0]["occurred_at"]


def test_timestamps_follow_the_order_of_a_choices_life(demo):
    order = ["submitted_at", "interview_at", "offered_at", "accepted_at", "conditions_met_at", "enrolled_at"]
    for choice in demo.choices:
        times = [choice[column] for column in order if choice[column] is not None]
        assert times == sorted(times)


def test_conditional_offers_have_conditions_whose_outcome_matches_the_choice(demo):
    conditions = defaultdict(list)
    for condition in demo.conditions:
        conditions[condition["choice_id"]].append(condition["status"])
    choices = {choice["id"]: choice for choice in demo.choices}
    assert len(conditions) > 1_000
    for choice_id, outcomes in conditions.items():
        choice = choices[choice_id]
        assert choice["offered_at"] is not None
        if choice["status"] == states.CONDITIONS_MET:
            assert set(outcomes) == {"met"}
        elif choice["status"] == states.CONDITIONS_NOT_MET:
            assert set(outcomes) == {"not-met"}
        elif choice["status"] in {states.OFFERED, states.ACCEPTED}:
            assert set(outcomes) == {"pending"}


def test_some_decisions_are_overdue_but_most_are_not(demo):
    today = demo.now.date()
    pending = [SimpleNamespace(**choice) for choice in demo.choices if choice["status"] in states.PENDING_DECISION]
    overdue = [choice for choice in pending if rules.is_overdue(choice, today, 20)]
    assert 100 <= len(overdue) <= 0.3 * len(pending)


def test_learners_who_applied_have_accounts_and_the_rest_have_activation_codes(demo):
    applicants = {app["learner_id"] for app in demo.applications}
    accounts = {user["learner_id"]: user for user in demo.users if user["role"] == "learner"}
    assert set(accounts) == applicants
    learners = {learner["id"]: learner for learner in demo.learners}
    for learner_id, user in accounts.items():
        assert user["email"] == learners[learner_id]["email"] and user["email_verified_at"]
        assert learners[learner_id]["activation_code"] is None and learners[learner_id]["activated_at"]
    others = [learner for learner in demo.learners if learner["id"] not in applicants]
    codes = [learner["activation_code"] for learner in others]
    assert all(code and normalise_code(code) == code for code in codes)
    assert len(set(codes)) == len(codes)
    assert 0.2 <= sum(bool(learner["email"]) for learner in others) / len(others) <= 0.4


def test_the_demo_learner_has_two_offers_to_reply_to_and_a_choice_waiting(demo, choices_by_application):
    user = next(user for user in demo.users if user["email"] == DEMO_LEARNER_EMAIL)
    assert user["role"] == "learner" and check_password(user["password_hash"], DEMO_PASSWORD)
    application = next(
        app for app in demo.applications if app["learner_id"] == user["learner_id"] and app["status"] == "submitted"
    )
    statuses = Counter(choice["status"] for choice in choices_by_application[application["id"]])
    assert statuses[states.OFFERED] >= 2
    assert statuses[states.SUBMITTED] + statuses[states.INTERVIEW] >= 1


def test_sent_applications_have_grades_and_a_statement(demo):
    graded = {qualification["application_id"] for qualification in demo.qualifications}
    sent = [app for app in demo.applications if app["status"] == "submitted"]
    assert all(app["id"] in graded and app["personal_statement"] for app in sent)
    assert all(app["address"] and app["postcode"] and app["current_school"] for app in sent)


def test_planning_the_cohort_is_deterministic():
    first = plan_cohort(demo_schools(), random.Random("seed"))
    second = plan_cohort(demo_schools(), random.Random("seed"))
    assert [learner.row for learner in first] == [learner.row for learner in second]
