"""September Guarantee status from the database: one learner's facts, and the whole cohort's statuses in SQL.

`status_rows` encodes the rules of `application.guarantee` as SQL, so that a cohort of any size is counted in one
query, not in a loop over learners: one aggregate per learner over everything recorded about them (offers through
Pathways and from advisers, not-appropriate records, applications, contacts), one CASE for the precedence, and a
window over the offers to pick the one to report. tests/guarantee/test_queries.py checks, learner by learner over
random cohorts, that SQL and the pure rules agree.

Pathways events are timestamps in UTC; an event counts "as of" a date when it happened before midnight (UTC) that
ends the date, and the offer's date is its UTC date.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    Date,
    Select,
    and_,
    case,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
    type_coerce,
    union_all,
)

from application import guarantee
from application.guarantee import ADVISER, PATHWAYS, LearnerFacts, Offer
from application.guarantee_models import AdviserContact, ExternalOffer, NotAppropriateRecord
from application.models import APPLICATION_SUBMITTED, Application, Choice, CohortEntry, Learner, School
from core.extensions import db
from prospectus.models import Area, Course, Provider
from prospectus.reference import NCCIS_OFFER_TYPES

COUNTING_CODES = sorted(set(NCCIS_OFFER_TYPES) - guarantee.NEVER_COUNTS - {guarantee.PART_TIME})


def _entry_year_id(entry_year) -> int:
    return entry_year if isinstance(entry_year, int) else entry_year.id


def _end_of(as_of: date) -> datetime:
    """The first moment after the date: events before it happened on or before `as_of`."""
    return datetime.combine(as_of + timedelta(days=1), time())


# One learner


def facts_for(learner, entry_year, as_of: date) -> LearnerFacts:
    learner_id = learner if isinstance(learner, int) else learner.id
    entry_year_id = _entry_year_id(entry_year)
    return LearnerFacts(
        applied=_applied(learner_id, entry_year_id, as_of),
        contacted=_contacted(learner_id, entry_year_id, as_of),
        offers=tuple(_pathways_offers(learner_id, entry_year_id, as_of) + _external_offers(learner_id, entry_year_id)),
        not_appropriate_since=db.session.scalar(
            select(func.min(NotAppropriateRecord.recorded_on)).where(
                NotAppropriateRecord.learner_id == learner_id, NotAppropriateRecord.entry_year_id == entry_year_id
            )
        ),
    )


def _applied(learner_id: int, entry_year_id: int, as_of: date) -> bool:
    return db.session.scalar(select(_applied_condition(learner_id, entry_year_id, as_of)))


def _contacted(learner_id: int, entry_year_id: int, as_of: date) -> bool:
    return db.session.scalar(select(_contacted_condition(learner_id, entry_year_id, as_of)))


def _pathways_offers(learner_id: int, entry_year_id: int, as_of: date) -> list[Offer]:
    """Offers made through Pathways by the date, less those the provider withdrew by then."""
    end = _end_of(as_of)
    choices = db.session.scalars(
        select(Choice)
        .join(Application)
        .where(Application.learner_id == learner_id, Application.entry_year_id == entry_year_id)
        .where(Choice.offered_at < end, or_(Choice.offer_withdrawn_at.is_(None), Choice.offer_withdrawn_at >= end))
    )
    return [_offer_from_choice(choice, end) for choice in choices]


def _offer_from_choice(choice: Choice, end: datetime) -> Offer:
    held = choice.accepted_at is not None and choice.accepted_at < end
    failed = choice.conditions_not_met_at is not None and choice.conditions_not_met_at < end
    provider = choice.course.provider
    return Offer(
        activity_code=choice.course.nccis_offer_code or "",
        provider_name=provider.name,
        provider_identifier=provider.urn or provider.ukprn,
        course=choice.course.title,
        offered_on=choice.offered_at.date(),
        source=PATHWAYS,
        accepted=held and not failed,
    )


def _external_offers(learner_id: int, entry_year_id: int) -> list[Offer]:
    records = db.session.scalars(
        select(ExternalOffer).where(
            ExternalOffer.learner_id == learner_id, ExternalOffer.entry_year_id == entry_year_id
        )
    )
    return [
        Offer(
            activity_code=record.activity_code,
            provider_name=record.provider_name,
            provider_identifier=record.provider_ukprn,
            course=record.course,
            offered_on=record.offered_on,
            source=ADVISER,
        )
        for record in records
    ]


# Conditions shared by one learner and the whole cohort


def _applied_condition(learner_id, entry_year_id: int, as_of: date):
    return exists().where(
        Application.learner_id == learner_id,
        Application.entry_year_id == entry_year_id,
        Application.status == APPLICATION_SUBMITTED,
        Application.submitted_at < _end_of(as_of),
    )


def _contacted_condition(learner_id, entry_year_id: int, as_of: date):
    return exists().where(
        AdviserContact.learner_id == learner_id,
        AdviserContact.entry_year_id == entry_year_id,
        AdviserContact.contacted_on <= as_of,
    )


# The whole cohort, in SQL


def _cohort_conditions(entry_year_id: int, year_group: int, scope) -> list:
    return [
        CohortEntry.entry_year_id == entry_year_id,
        CohortEntry.year_group == year_group,
        true() if scope is None else scope,
    ]


def _offer_held(end: datetime):
    """A Pathways offer made before `end` and not withdrawn by the provider by then."""
    return and_(Choice.offered_at < end, or_(Choice.offer_withdrawn_at.is_(None), Choice.offer_withdrawn_at >= end))


def _within(learner_id, learners: Select | None):
    """Only the learners in scope. For the whole cohort, the final join to it is cheaper than a semi-join per source."""
    return true() if learners is None else learner_id.in_(learners)


def _counting(code):
    # 250 counts only alongside 320 or 340, which count by themselves: so a learner has an offer that counts
    # exactly when one of their offers is of a type that counts alone. The 250 rule only changes the reported offer.
    return case((code.in_(COUNTING_CODES), 1), else_=0)


_ZERO, _ONE = literal_column("0"), literal_column("1")


def _learner_facts(entry_year_id: int, as_of: date, learners: Select | None):
    """Per learner with anything recorded: has an offer that counts, any offer, a not-appropriate record, is known.

    One aggregate over a union of the five sources, joined to the cohort once: set-based, not a subquery per learner.
    """
    end = _end_of(as_of)
    pathways = (
        select(
            Application.learner_id.label("learner_id"),
            _counting(Course.nccis_offer_code).label("counting"),
            _ONE.label("offer"),
            _ZERO.label("not_appropriate"),
            _ZERO.label("known"),
        )
        .select_from(Choice)
        .join(Application, Application.id == Choice.application_id)
        .join(Course, Course.id == Choice.course_id)
        .where(Application.entry_year_id == entry_year_id, _within(Application.learner_id, learners), _offer_held(end))
    )
    external = select(ExternalOffer.learner_id, _counting(ExternalOffer.activity_code), _ONE, _ZERO, _ZERO).where(
        ExternalOffer.entry_year_id == entry_year_id,
        ExternalOffer.offered_on <= as_of,
        _within(ExternalOffer.learner_id, learners),
    )
    recorded = select(NotAppropriateRecord.learner_id, _ZERO, _ZERO, _ONE, _ZERO).where(
        NotAppropriateRecord.entry_year_id == entry_year_id,
        NotAppropriateRecord.recorded_on <= as_of,
        _within(NotAppropriateRecord.learner_id, learners),
    )
    applied = select(Application.learner_id, _ZERO, _ZERO, _ZERO, _ONE).where(
        Application.entry_year_id == entry_year_id,
        Application.status == APPLICATION_SUBMITTED,
        Application.submitted_at < end,
        _within(Application.learner_id, learners),
    )
    contacted = select(AdviserContact.learner_id, _ZERO, _ZERO, _ZERO, _ONE).where(
        AdviserContact.entry_year_id == entry_year_id,
        AdviserContact.contacted_on <= as_of,
        _within(AdviserContact.learner_id, learners),
    )
    facts = union_all(pathways, external, recorded, applied, contacted).subquery("facts")
    learner_id, counting, offer, not_appropriate, known = facts.c
    return (
        select(
            learner_id.label("learner_id"),
            func.max(counting).label("counting"),
            func.max(offer).label("offer"),
            func.max(not_appropriate).label("not_appropriate"),
            func.max(known).label("known"),
        )
        .group_by(learner_id)
        .subquery("learner_facts")
    )


def _all_offers(entry_year_id: int, as_of: date, learners: Select):
    """Every offer held by a cohort learner on the date: (learner_id, code, provider_identifier, offered_on, ...)."""
    end = _end_of(as_of)
    held = and_(
        Choice.accepted_at < end, or_(Choice.conditions_not_met_at.is_(None), Choice.conditions_not_met_at >= end)
    )
    pathways = (
        select(
            Application.learner_id.label("learner_id"),
            func.coalesce(Course.nccis_offer_code, "").label("code"),
            func.coalesce(Provider.urn, Provider.ukprn).label("provider_identifier"),
            type_coerce(func.date(Choice.offered_at), Date).label("offered_on"),
            case((held, 1), else_=0).label("accepted"),
            _ZERO.label("source_order"),
        )
        .select_from(Choice)
        .join(Application, Application.id == Choice.application_id)
        .join(Course, Course.id == Choice.course_id)
        .join(Provider, Provider.id == Course.provider_id)
        .where(Application.entry_year_id == entry_year_id, _within(Application.learner_id, learners), _offer_held(end))
    )
    external = select(
        ExternalOffer.learner_id,
        ExternalOffer.activity_code,
        ExternalOffer.provider_ukprn,
        ExternalOffer.offered_on,
        _ZERO,
        _ONE,
    ).where(
        ExternalOffer.entry_year_id == entry_year_id,
        ExternalOffer.offered_on <= as_of,
        _within(ExternalOffer.learner_id, learners),
    )
    return union_all(pathways, external).subquery("offers")


def _best_offers(entry_year_id: int, as_of: date, learners: Select):
    """Per learner, the offer to report, in the order of guarantee.report_order (250 counts with 320 or 340)."""
    offers = _all_offers(entry_year_id, as_of, learners)
    with_employment = select(
        offers,
        func.max(case((offers.c.code.in_(sorted(guarantee.COUNTS_WITH_PART_TIME)), 1), else_=0))
        .over(partition_by=offers.c.learner_id)
        .label("has_employment"),
    ).subquery("offers_with_employment")
    o = with_employment.c
    counts = case((o.code.in_(COUNTING_CODES), 1), (o.code == guarantee.PART_TIME, o.has_employment), else_=0)
    order = [
        counts.desc(),
        o.accepted.desc(),
        o.offered_on,
        o.source_order,
        o.code,
        func.coalesce(o.provider_identifier, ""),
    ]
    ranked = select(
        o.learner_id,
        o.code,
        o.provider_identifier,
        o.offered_on,
        func.row_number().over(partition_by=o.learner_id, order_by=order).label("position"),
    ).subquery("ranked_offers")
    return select(ranked).where(ranked.c.position == 1).subquery("best_offers")


def _status(facts):
    """The precedence of guarantee.guarantee_status, over the per-learner facts (NULL: nothing recorded)."""
    return case(
        (facts.c.counting == 1, guarantee.OFFER_MADE),
        (or_(facts.c.offer == 1, facts.c.not_appropriate == 1), guarantee.NOT_APPROPRIATE),
        (facts.c.known == 1, guarantee.NO_OFFER),
        else_=guarantee.NOT_RECORDED,
    )


def _status_select(entry_year, year_group: int, as_of: date, scope, *extra_columns, with_offer=True) -> Select:
    entry_year_id = _entry_year_id(entry_year)
    conditions = _cohort_conditions(entry_year_id, year_group, scope)
    learners = select(CohortEntry.learner_id).where(*conditions).correlate(None)
    facts = _learner_facts(entry_year_id, as_of, None if scope is None else learners)
    if with_offer:
        best = _best_offers(entry_year_id, as_of, learners)
        offer_columns = (best.c.code, best.c.provider_identifier, best.c.offered_on)
    else:
        offer_columns = (null(), null(), null())
    query = (
        select(
            CohortEntry.learner_id.label("learner_id"),
            _status(facts).label("status"),
            offer_columns[0].label("activity_code"),
            offer_columns[1].label("provider_identifier"),
            offer_columns[2].label("offered_on"),
            *extra_columns,
        )
        .select_from(CohortEntry)
        .outerjoin(facts, facts.c.learner_id == CohortEntry.learner_id)
        .where(*conditions)
    )
    return query.outerjoin(best, best.c.learner_id == CohortEntry.learner_id) if with_offer else query


def status_rows(entry_year, year_group: int, as_of: date, scope=None) -> Select:
    """(learner_id, status, activity_code, provider_identifier, offered_on) for each cohort learner in scope.

    `scope` is a condition on CohortEntry, usually `caseload.cohort_scope(user)`; None means the whole cohort.
    Join more columns to it as a subquery, or pass them through `status_select_with`.
    """
    return _status_select(entry_year, year_group, as_of, scope)


def status_select_with(entry_year, year_group: int, as_of: date, scope, *columns) -> Select:
    """status_rows with more columns from CohortEntry, or tables joined to it (the caller adds the joins)."""
    return _status_select(entry_year, year_group, as_of, scope, *columns)


# Counts for the dashboard


@dataclass
class StatusCounts:
    """How many learners have each status, with percentages of the group."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(guarantee.STATUSES, 0))

    def add(self, status: str, number: int) -> None:
        self.counts[status] += number

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts[status]

    def percent(self, status: str) -> float:
        """Percentage of the group, 0.0 for an empty group."""
        return 100 * self.counts[status] / self.total if self.total else 0.0


@dataclass
class GroupCounts:
    """One school or one area: every learner, and the FSM and non-FSM learners separately."""

    id: int | None
    name: str
    code: str | None = None  # a school's URN
    area_name: str | None = None
    all: StatusCounts = field(default_factory=StatusCounts)
    fsm: StatusCounts = field(default_factory=StatusCounts)
    non_fsm: StatusCounts = field(default_factory=StatusCounts)

    def add(self, free_school_meals: bool, status: str, number: int) -> None:
        self.all.add(status, number)
        (self.fsm if free_school_meals else self.non_fsm).add(status, number)

    @property
    def fsm_gap(self) -> float:
        """Percentage points by which FSM learners trail the others on offers made."""
        return self.non_fsm.percent(guarantee.OFFER_MADE) - self.fsm.percent(guarantee.OFFER_MADE)


@dataclass
class CohortCounts:
    as_of: date
    cohort: GroupCounts
    by_school: list[GroupCounts]
    by_area: list[GroupCounts]

    @property
    def total(self) -> StatusCounts:
        return self.cohort.all

    @property
    def fsm(self) -> StatusCounts:
        return self.cohort.fsm

    @property
    def non_fsm(self) -> StatusCounts:
        return self.cohort.non_fsm

    @property
    def fsm_gap(self) -> float:
        return self.cohort.fsm_gap


NO_SCHOOL = "No school recorded"
NO_AREA = "No area recorded"


def cohort_counts(entry_year, year_group: int, as_of: date, scope=None) -> CohortCounts:
    """Counts per status for the cohort, FSM and not, by school and by area: one GROUP BY query, then small sums."""
    grouped = db.session.execute(cohort_counts_select(entry_year, year_group, as_of, scope)).all()
    return counts_from_groups(as_of, grouped)


def cohort_counts_select(entry_year, year_group: int, as_of: date, scope=None) -> Select:
    """(school_id, free_school_meals, status, number) for the cohort: the one query behind the dashboard."""
    statuses = _status_select(
        entry_year,
        year_group,
        as_of,
        scope,
        CohortEntry.school_id.label("school_id"),
        Learner.free_school_meals.label("free_school_meals"),
        with_offer=False,
    ).join(Learner, Learner.id == CohortEntry.learner_id)
    rows = statuses.subquery("statuses")
    keys = (rows.c.school_id, rows.c.free_school_meals, rows.c.status)
    return select(*keys, func.count()).group_by(*keys)


def counts_from_groups(as_of: date, grouped) -> CohortCounts:
    """CohortCounts from (school_id, free_school_meals, status, number) tallies, adding schools' names and areas."""
    grouped = list(grouped)
    return _assemble(as_of, grouped, _schools({school_id for school_id, *_ in grouped}))


def _schools(school_ids: set) -> dict:
    ids = [school_id for school_id in school_ids if school_id is not None]
    if not ids:
        return {}
    query = (
        select(School.id, School.name, School.urn, School.area_id, Area.name)
        .outerjoin(Area, Area.id == School.area_id)
        .where(School.id.in_(ids))
    )
    return {row[0]: row for row in db.session.execute(query)}


def _assemble(as_of: date, grouped, schools: dict) -> CohortCounts:
    cohort = GroupCounts(None, "Whole cohort")
    by_school: dict = {}
    by_area: dict = {}
    for school_id, free_school_meals, status, number in grouped:
        _, school_name, urn, area_id, area_name = schools.get(school_id, (school_id, NO_SCHOOL, None, None, None))
        area_name = area_name or NO_AREA
        school = by_school.setdefault(school_id, GroupCounts(school_id, school_name, urn, area_name))
        area = by_area.setdefault(area_id, GroupCounts(area_id, area_name))
        for group in (cohort, school, area):
            group.add(bool(free_school_meals), status, number)
    return CohortCounts(
        as_of=as_of,
        cohort=cohort,
        by_school=sorted(by_school.values(), key=lambda group: (group.area_name, group.name)),
        by_area=sorted(by_area.values(), key=lambda group: group.name),
    )
