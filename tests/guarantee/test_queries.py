"""The SQL statuses agree with the pure rules, learner by learner, over many random learners."""

import random
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import event, select

from application import guarantee, states
from application.guarantee import guarantee_status
from application.guarantee_models import AdviserContact, ExternalOffer, NotAppropriateRecord
from application.guarantee_queries import cohort_counts, facts_for, status_rows
from application.models import Application, Choice, CohortEntry, Learner
from core.extensions import db
from prospectus.reference import NCCIS_OFFER_TYPES
from tests.factories import (
    AdviserContactFactory,
    ApplicationFactory,
    ChoiceFactory,
    CohortEntryFactory,
    CourseFactory,
    EntryYearFactory,
    ExternalOfferFactory,
    LearnerFactory,
    NotAppropriateFactory,
    ProviderFactory,
    SchoolFactory,
)

AS_OF = date(2027, 6, 15)
CODES = sorted(NCCIS_OFFER_TYPES)

# Each path is the statuses a choice passes through after `submitted`.
PATHS = [
    [],
    [states.INTERVIEW],
    [states.REJECTED],
    [states.WITHDRAWN],
    [states.OFFERED],
    [states.OFFERED, states.DECLINED],
    [states.OFFERED, states.OFFER_WITHDRAWN],
    [states.OFFERED, states.ACCEPTED],
    [states.OFFERED, states.ACCEPTED, states.OFFER_WITHDRAWN],
    [states.OFFERED, states.ACCEPTED, states.CONDITIONS_NOT_MET],
    [states.OFFERED, states.ACCEPTED, states.CONDITIONS_MET, states.ENROLLED],
    [states.OFFERED, states.ACCEPTED, states.ENROLLED],
]


def _moment(rng: random.Random) -> datetime:
    """A time within a few weeks either side of AS_OF, sometimes on the day itself."""
    day = AS_OF + timedelta(days=rng.choice([-40, -10, -1, 0, 0, 1, 12]))
    return datetime.combine(day, time(rng.randrange(24), rng.randrange(60)))


def _day(rng: random.Random) -> date:
    return _moment(rng).date()


def _courses(entry_year):
    """Courses of every offer type, from providers with a URN or a UKPRN, and one draft course with no type yet."""
    school_provider = ProviderFactory(urn="137001", ukprn=None, provider_type="school-sixth-form")
    college = ProviderFactory()
    courses = [
        CourseFactory(entry_year=entry_year, provider=rng_provider, nccis_offer_code=code)
        for code in CODES
        for rng_provider in (school_provider, college)
    ]
    courses.append(CourseFactory(entry_year=entry_year, provider=college, draft=True, nccis_offer_code=None))
    return courses


def _random_choice(rng, application, course, rank) -> Choice:
    moment = _moment(rng)
    choice = Choice(application=application, course=course, rank=rank, status=states.SUBMITTED, submitted_at=moment)
    for status in rng.choice(PATHS):
        moment += timedelta(days=rng.choice([0, 1, 5, 20]), hours=rng.randrange(24))
        setattr(choice, states.TIMESTAMP_FOR[status], moment)
        choice.status = status
    return choice


def _random_learner(rng, entry_year, other_year, schools, courses) -> Learner:
    learner = Learner(
        upn=None,
        given_name="Test",
        family_name=f"Learner{rng.randrange(10**6)}",
        date_of_birth=date(2011, 1, 1),
        free_school_meals=rng.random() < 0.3,
    )
    db.session.add(learner)
    year_group = rng.choice([11, 11, 11, 12])
    db.session.add(
        CohortEntry(learner=learner, entry_year=entry_year, year_group=year_group, school=rng.choice(schools))
    )
    db.session.flush()
    _random_application(rng, learner, entry_year, courses)
    for _ in range(rng.choice([0, 0, 0, 1, 2, 3])):
        _add_external_offer(rng, learner, rng.choice([entry_year, entry_year, entry_year, other_year]))
    if rng.random() < 0.2:
        db.session.add(
            NotAppropriateRecord(
                learner_id=learner.id, entry_year_id=entry_year.id, reason="illness", recorded_on=_day(rng)
            )
        )
    if rng.random() < 0.3:
        db.session.add(
            AdviserContact(
                learner_id=learner.id,
                entry_year_id=rng.choice([entry_year, entry_year, other_year]).id,
                contacted_on=_day(rng),
                method="phone",
                outcome="spoke",
            )
        )
    return learner


def _random_application(rng, learner, entry_year, courses) -> None:
    kind = rng.choice(["none", "draft", "submitted", "submitted", "submitted"])
    if kind == "none":
        return
    application = Application(learner=learner, entry_year=entry_year, status=kind)
    db.session.add(application)
    if kind == "draft":
        return
    application.submitted_at = _moment(rng)
    for rank, course in enumerate(rng.sample(courses, rng.choice([0, 1, 2, 3, 4])), start=1):
        db.session.add(_random_choice(rng, application, course, rank))


def _add_external_offer(rng, learner, entry_year) -> None:
    code = rng.choice([*CODES, "250", "330", "340"])
    db.session.add(
        ExternalOffer(
            learner_id=learner.id,
            entry_year_id=entry_year.id,
            activity_code=code,
            provider_name="Somewhere Ltd",
            provider_ukprn=rng.choice([None, "10000001", "10000002"]),
            offered_on=_day(rng),
            source="learner",
        )
    )


def _pure_row(learner, entry_year, as_of):
    status = guarantee_status(facts_for(learner, entry_year, as_of), as_of)
    offer = status.offer
    if offer is None:
        return (status.status, None, None, None)
    return (status.status, offer.activity_code, offer.provider_identifier, offer.offered_on)


def _sql_rows(entry_year, year_group, as_of):
    rows = db.session.execute(status_rows(entry_year, year_group, as_of))
    return {row.learner_id: (row.status, row.activity_code, row.provider_identifier, row.offered_on) for row in rows}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_statuses_match_the_pure_rules_for_random_learners(seed):
    rng = random.Random(seed)
    entry_year, other_year = EntryYearFactory(year=2027), EntryYearFactory(year=2026)
    schools = [SchoolFactory(), SchoolFactory(), SchoolFactory(area=None)]
    courses = _courses(entry_year)
    learners = [_random_learner(rng, entry_year, other_year, schools, courses) for _ in range(120)]
    db.session.commit()

    seen = set()
    for as_of in (AS_OF - timedelta(days=1), AS_OF, AS_OF + timedelta(days=15)):
        for year_group in (11, 12):
            sql = _sql_rows(entry_year, year_group, as_of)
            in_group = [learner for learner in learners if learner.cohort_entries[0].year_group == year_group]
            assert set(sql) == {learner.id for learner in in_group}
            for learner in in_group:
                pure = _pure_row(learner, entry_year, as_of)
                assert sql[learner.id] == pure, (learner.id, as_of)
                seen.add(pure[0])
    assert seen == set(guarantee.STATUSES), "the random cohort should reach every status"


def test_an_offer_counts_from_the_day_it_is_made_and_stops_when_the_provider_withdraws_it():
    application = ApplicationFactory(submitted=True, submitted_at=datetime(2027, 2, 1, 10, 0))
    choice = ChoiceFactory(application=application, offered=True, offered_at=datetime(2027, 3, 1, 23, 59))
    choice.status, choice.offer_withdrawn_at = states.OFFER_WITHDRAWN, datetime(2027, 4, 1, 9, 0)
    db.session.commit()
    learner = application.learner
    CohortEntryFactory(learner=learner, entry_year=application.entry_year)

    def status_on(day):
        assert _sql_rows(application.entry_year, 11, day)[learner.id] == _pure_row(learner, application.entry_year, day)
        return _sql_rows(application.entry_year, 11, day)[learner.id][0]

    assert status_on(date(2027, 2, 28)) == guarantee.NO_OFFER
    assert status_on(date(2027, 3, 1)) == guarantee.OFFER_MADE
    assert status_on(date(2027, 3, 31)) == guarantee.OFFER_MADE
    assert status_on(date(2027, 4, 1)) == guarantee.NO_OFFER


def test_rows_report_the_offer_that_counts_with_the_provider_identifier():
    entry_year = EntryYearFactory()
    learner = CohortEntryFactory(entry_year=entry_year).learner
    ExternalOfferFactory(learner=learner, entry_year=entry_year, activity_code="330", offered_on=date(2027, 4, 1))
    ExternalOfferFactory(
        learner=learner,
        entry_year=entry_year,
        activity_code="310",
        provider_ukprn="10099999",
        offered_on=date(2027, 5, 2),
    )
    assert _sql_rows(entry_year, 11, date(2027, 4, 30))[learner.id] == (
        guarantee.NOT_APPROPRIATE,
        "330",
        "10012345",
        date(2027, 4, 1),
    )
    assert _sql_rows(entry_year, 11, date(2027, 6, 1))[learner.id] == (
        guarantee.OFFER_MADE,
        "310",
        "10099999",
        date(2027, 5, 2),
    )


def test_scope_limits_the_rows():
    entry_year = EntryYearFactory()
    mine, theirs = CohortEntryFactory(entry_year=entry_year), CohortEntryFactory(entry_year=entry_year)
    rows = db.session.execute(status_rows(entry_year, 11, AS_OF, CohortEntry.school_id == mine.school_id)).all()
    assert [row.learner_id for row in rows] == [mine.learner_id]
    assert theirs.learner_id not in [row.learner_id for row in rows]


def test_cohort_counts_split_by_fsm_school_and_area():
    entry_year = EntryYearFactory()
    north, south = SchoolFactory(), SchoolFactory()
    made = [CohortEntryFactory(entry_year=entry_year, school=north, learner__fsm=fsm) for fsm in (True, False, False)]
    for entry in made:
        ExternalOfferFactory(learner=entry.learner, entry_year=entry.entry_year, offered_on=date(2027, 5, 1))
    applied = CohortEntryFactory(entry_year=entry_year, school=south, learner__fsm=True)
    ApplicationFactory(learner=applied.learner, entry_year=entry_year, submitted=True)
    contacted = CohortEntryFactory(entry_year=entry_year, school=south)
    AdviserContactFactory(learner=contacted.learner, entry_year=entry_year)
    away = CohortEntryFactory(entry_year=entry_year, school=south)
    NotAppropriateFactory(learner=away.learner, entry_year=entry_year)
    CohortEntryFactory(entry_year=entry_year, school=south)  # nothing known
    CohortEntryFactory(entry_year=entry_year, school=south, year_group=12)  # another year group

    counts = cohort_counts(entry_year, 11, date(2027, 9, 1))

    assert counts.total.counts == {
        guarantee.OFFER_MADE: 3,
        guarantee.NOT_APPROPRIATE: 1,
        guarantee.NO_OFFER: 2,
        guarantee.NOT_RECORDED: 1,
    }
    assert counts.total.total == 7
    assert counts.fsm.total == 2 and counts.fsm.count(guarantee.OFFER_MADE) == 1
    assert counts.fsm.percent(guarantee.OFFER_MADE) == 50.0
    assert counts.non_fsm.percent(guarantee.OFFER_MADE) == 40.0
    assert counts.fsm_gap == -10.0
    by_school = {group.id: group for group in counts.by_school}
    assert by_school[north.id].all.percent(guarantee.OFFER_MADE) == 100.0
    assert by_school[north.id].code == north.urn
    assert by_school[south.id].all.counts[guarantee.NOT_RECORDED] == 1
    assert {group.name for group in counts.by_area} == {north.area.name, south.area.name}
    assert sum(group.all.total for group in counts.by_area) == 7


def test_cohort_counts_are_a_single_query_whatever_the_cohort_size():
    entry_year = EntryYearFactory()
    school = SchoolFactory()
    for _ in range(30):
        CohortEntryFactory(entry_year=entry_year, school=school)
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        cohort_counts(entry_year, 11, AS_OF)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) <= 3


def test_learners_of_other_entry_years_are_left_out():
    this_year, last_year = EntryYearFactory(year=2027), EntryYearFactory(year=2026)
    entry = CohortEntryFactory(entry_year=last_year)
    LearnerFactory()
    assert _sql_rows(this_year, 11, AS_OF) == {}
    assert list(_sql_rows(last_year, 11, AS_OF)) == [entry.learner_id]
    assert db.session.scalar(select(CohortEntry.id).where(CohortEntry.entry_year_id == this_year.id)) is None
