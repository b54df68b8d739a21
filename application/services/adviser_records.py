"""What careers advisers and the council read and record for the September Guarantee, one function per use case.

Every learner a function returns comes through `caseload.cohort_scope` or `caseload.require_in_caseload`, and every
free school meals, looked-after or EHC plan value through `caseload.may_see_characteristics`. Views of a learner's
record and every export are written to the audit log in the same transaction as the read.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, delete, exists, func, not_, select
from sqlalchemy.orm import joinedload

from application import caseload, guarantee, guarantee_queries, states
from application.guarantee_models import (
    AdviserContact,
    CaseloadAssignment,
    ExternalOffer,
    FollowUp,
    IntendedDestination,
    NotAppropriateRecord,
)
from application.models import EHCP, Application, Choice, ChoiceEvent, CohortEntry, Learner, School
from application.provider_queries import overdue_cut_off
from application.services import follow_ups
from core import audit
from core.extensions import db
from core.models import User
from core.roles import ADVISER, LEARNER, PROVIDER
from core.templating import format_date
from prospectus.models import Area, Course, EntryYear, Provider
from prospectus.reference import NCCIS_OFFER_TYPES

PAGE_SIZE = 50

# DfE, "September Guarantee 2022": 94.6% of 1,219,744 young people in England had an offer made.
NATIONAL_OFFER_MADE = 94.6
NATIONAL_YEAR = 2022

STATUS_FILTERS = {
    guarantee.NO_OFFER: "Have no offer",
    guarantee.NOT_RECORDED: "Have nothing recorded",
    guarantee.NOT_APPROPRIATE: "Are recorded as offer not appropriate",
}
OTHER_FILTERS = {
    "all-choices-ended": "Applied, but every choice has ended",
    "awaiting-decision": "Have waited longer than the response time for a provider’s decision",
}
CHARACTERISTIC_FILTERS = {
    "fsm": "Are eligible for free school meals",
    "looked-after": "Are looked after",
    "ehcp": "Have an EHC plan",
}
FILTERS = STATUS_FILTERS | OTHER_FILTERS | CHARACTERISTIC_FILTERS
SORTS = {"name": "Name", "school": "School", "status": "Status", "date-of-birth": "Date of birth"}

CSV_HEADER = [
    "UPN",
    "Given name",
    "Family name",
    "Date of birth",
    "School",
    "School URN",
    "Year group",
    "Guarantee status",
    "Offer type code",
    "Offer type",
    "Provider UKPRN or URN",
    "Date of offer",
]
CHARACTERISTICS_HEADER = ["Free school meals", "Looked after", "EHC plan"]


class RecordRefused(Exception):
    """A rule stopped the record and nothing was saved: `message` belongs to the form's `field`."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class CheckpointRefused(RecordRefused):
    def __init__(self, day: date, message: str):
        super().__init__("checkpoint", message)
        self.day = day


@dataclass(frozen=True)
class Characteristics:
    free_school_meals: bool
    looked_after: bool
    ehcp: bool


def characteristics_for(user, learner) -> Characteristics | None:
    """The learner's characteristics, or None where the policy hides them from this user."""
    if not caseload.may_see_characteristics(user, learner):
        return None
    return Characteristics(learner.free_school_meals, learner.looked_after, learner.sen_status == EHCP)


# The dashboard


@dataclass(frozen=True)
class Dashboard:
    entry_year: EntryYear
    year_group: int
    counts: guarantee_queries.CohortCounts
    days_left: int

    @property
    def national_gap(self) -> float:
        """Percentage points above (positive) or below the national figure."""
        return self.counts.total.percent(guarantee.OFFER_MADE) - NATIONAL_OFFER_MADE


def dashboard(user, entry_year: EntryYear, year_group: int, today: date) -> Dashboard:
    counts = guarantee_queries.cohort_counts(entry_year, year_group, today, caseload.cohort_scope(user))
    return Dashboard(entry_year, year_group, counts, (entry_year.guarantee_deadline - today).days)


# Lists of learners


@dataclass(frozen=True)
class ListRow:
    learner_id: int
    upn: str | None
    given_name: str
    family_name: str
    date_of_birth: date
    school_name: str | None
    school_urn: str | None
    status: str
    activity_code: str | None
    provider_identifier: str | None
    offered_on: date | None
    characteristics: Characteristics | None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def status_label(self) -> str:
        return guarantee.STATUSES[self.status]


@dataclass(frozen=True)
class ListPage:
    rows: list[ListRow]
    total: int
    page: int
    last_page: int


@dataclass(frozen=True)
class ListQuery:
    """Which learners to list, and in which order. Unknown filters and sorts are left out by the form."""

    entry_year: EntryYear
    year_group: int
    filters: tuple[str, ...] = ()
    sort: str = "name"
    descending: bool = False


def learner_list(user, query: ListQuery, page: int, today: date) -> ListPage:
    rows = _listed(user, query, today)
    total = db.session.scalar(select(func.count()).select_from(rows.subquery()))
    last_page = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), last_page)
    found = db.session.execute(rows.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return ListPage([_list_row(user, row) for row in found], total, page, last_page)


def learners_csv(user, query: ListQuery, today: date) -> Iterator[str]:
    """The listed learners as CSV lines, streamed. The download is written to the audit log before the first line."""
    audit.record(
        "adviser-learners-exported",
        actor=user,
        entry_year=query.entry_year.year,
        year_group=query.year_group,
        filters=list(query.filters),
    )
    db.session.commit()
    return _csv_lines(user, query, _listed(user, query, today))


def _csv_lines(user, query: ListQuery, rows) -> Iterator[str]:
    yield _csv_line(CSV_HEADER + CHARACTERISTICS_HEADER)
    for row in db.session.execute(rows.execution_options(yield_per=500)):
        yield _csv_line(_csv_values(_list_row(user, row), query.year_group))


def _csv_values(row: ListRow, year_group: int) -> list[str]:
    values = [
        row.upn or "",
        row.given_name,
        row.family_name,
        row.date_of_birth.isoformat(),
        row.school_name or "",
        row.school_urn or "",
        str(year_group),
        row.status_label,
        row.activity_code or "",
        NCCIS_OFFER_TYPES.get(row.activity_code or "", ""),
        row.provider_identifier or "",
        row.offered_on.isoformat() if row.offered_on else "",
    ]
    shown = row.characteristics
    flags = [shown.free_school_meals, shown.looked_after, shown.ehcp] if shown else [None, None, None]
    return values + ["" if flag is None else ("Yes" if flag else "No") for flag in flags]


def _csv_line(values: list[str]) -> str:
    output = io.StringIO()
    csv.writer(output).writerow(_safe_cell(value) for value in values)
    return output.getvalue()


def _safe_cell(value: str) -> str:
    """Stop a spreadsheet running a typed value as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _list_row(user, row) -> ListRow:
    # Every listed learner is in the user's caseload; the policy still decides what is shown.
    return ListRow(
        learner_id=row.learner_id,
        upn=row.upn,
        given_name=row.given_name,
        family_name=row.family_name,
        date_of_birth=row.date_of_birth,
        school_name=row.school_name,
        school_urn=row.school_urn,
        status=row.status,
        activity_code=row.activity_code,
        provider_identifier=row.provider_identifier,
        offered_on=row.offered_on,
        characteristics=(
            Characteristics(row.free_school_meals, row.looked_after, row.sen_status == EHCP)
            if caseload.may_see_characteristics(user, row.learner_id)
            else None
        ),
    )


def _listed(user, query: ListQuery, today: date):
    statuses = guarantee_queries.status_select_with(
        query.entry_year,
        query.year_group,
        today,
        caseload.cohort_scope(user),
        Learner.upn,
        Learner.given_name,
        Learner.family_name,
        Learner.date_of_birth,
        Learner.free_school_meals,
        Learner.looked_after,
        Learner.sen_status,
        School.name.label("school_name"),
        School.urn.label("school_urn"),
    )
    rows = (
        statuses.join(Learner, Learner.id == CohortEntry.learner_id)
        .outerjoin(School, School.id == CohortEntry.school_id)
        .subquery("listed")
    )
    return (
        select(rows)
        .where(*_filter_conditions(rows.c, query, today))
        .order_by(*_order(rows.c, query.sort, query.descending))
    )


def _filter_conditions(columns, query: ListQuery, today: date) -> list:
    chosen = set(query.filters)
    conditions = []
    statuses = sorted(chosen & set(STATUS_FILTERS))
    if statuses:  # a learner has one status, so chosen statuses widen the list; every other filter narrows it
        conditions.append(columns.status.in_(statuses))
    if "fsm" in chosen:
        conditions.append(columns.free_school_meals.is_(True))
    if "looked-after" in chosen:
        conditions.append(columns.looked_after.is_(True))
    if "ehcp" in chosen:
        conditions.append(columns.sen_status == EHCP)
    if "all-choices-ended" in chosen:
        conditions.append(_every_choice_ended(columns.learner_id, query.entry_year))
    if "awaiting-decision" in chosen:
        conditions.append(_awaiting_decision(columns.learner_id, query.entry_year, today))
    return conditions


def _learners_choices(learner_id, entry_year: EntryYear, *conditions):
    return (
        exists()
        .where(Choice.application_id == Application.id)
        .where(Application.learner_id == learner_id, Application.entry_year_id == entry_year.id, *conditions)
    )


def _every_choice_ended(learner_id, entry_year: EntryYear):
    """Applied, and every choice sent to a provider has ended (unsuccessful, withdrawn, declined...)."""
    ended = sorted(states.ENDED)
    return and_(
        _learners_choices(learner_id, entry_year, Choice.status.in_(ended)),
        not_(_learners_choices(learner_id, entry_year, Choice.status.not_in([*ended, states.DRAFT]))),
    )


def _awaiting_decision(learner_id, entry_year: EntryYear, today: date):
    """A choice still waiting for the provider after the council's response time (application.rules)."""
    cut_off = overdue_cut_off(today, entry_year.response_working_days)
    return _learners_choices(
        learner_id, entry_year, Choice.status.in_(sorted(states.PENDING_DECISION)), Choice.submitted_at < cut_off
    )


def _order(columns, sort: str, descending: bool) -> list:
    status_order = case({status: index for index, status in enumerate(guarantee.STATUSES)}, value=columns.status)
    first = {
        "school": [columns.school_name],
        "status": [status_order],
        "date-of-birth": [columns.date_of_birth],
    }.get(sort, [])
    keys = [*first, columns.family_name, columns.given_name]
    return [key.desc() if descending else key for key in keys] + [columns.learner_id]


# One learner's record


@dataclass(frozen=True)
class HistoryLine:
    occurred_at: object
    what: str
    who: str


@dataclass(frozen=True)
class ChoiceRecord:
    choice: Choice
    history: list[HistoryLine]


@dataclass(frozen=True)
class LearnerRecord:
    learner: Learner
    entry_year: EntryYear
    cohort_entry: CohortEntry
    characteristics: Characteristics | None
    status: guarantee.GuaranteeStatus
    application: Application | None
    choices: list[ChoiceRecord]
    external_offers: list[ExternalOffer]
    not_appropriate: list[NotAppropriateRecord]
    contacts: list[AdviserContact]
    destinations: list[IntendedDestination]
    follow_ups: list[FollowUp]


def learner_record(user, learner: Learner, entry_year: EntryYear, today: date) -> LearnerRecord:
    """Everything known about the learner for the entry year. The view is written to the audit log."""
    application = db.session.scalar(
        select(Application).where(Application.learner_id == learner.id, Application.entry_year_id == entry_year.id)
    )
    record = LearnerRecord(
        learner=learner,
        entry_year=entry_year,
        cohort_entry=_cohort_entry(learner, entry_year),
        characteristics=characteristics_for(user, learner),
        status=guarantee.guarantee_status(guarantee_queries.facts_for(learner, entry_year, today), today),
        application=application,
        choices=_choices(application) if application else [],
        external_offers=_records(ExternalOffer, learner, entry_year, ExternalOffer.offered_on),
        not_appropriate=_records(NotAppropriateRecord, learner, entry_year, NotAppropriateRecord.recorded_on),
        contacts=_records(AdviserContact, learner, entry_year, AdviserContact.contacted_on),
        destinations=_records(IntendedDestination, learner, entry_year, IntendedDestination.recorded_at),
        follow_ups=list(
            db.session.scalars(
                select(FollowUp)
                .options(joinedload(FollowUp.closed_by))
                .where(FollowUp.learner_id == learner.id, FollowUp.entry_year_id == entry_year.id)
                .order_by(FollowUp.opened_at.desc(), FollowUp.id.desc())
            )
        ),
    )
    audit.record("learner-record-viewed", learner, actor=user, entry_year=entry_year.year)
    db.session.commit()
    return record


def _cohort_entry(learner: Learner, entry_year: EntryYear) -> CohortEntry:
    return db.session.scalar(
        select(CohortEntry)
        .options(joinedload(CohortEntry.school))
        .where(CohortEntry.learner_id == learner.id, CohortEntry.entry_year_id == entry_year.id)
    )


def _records(model, learner: Learner, entry_year: EntryYear, newest_first_by) -> list:
    return list(
        db.session.scalars(
            select(model)
            .options(joinedload(model.recorded_by))
            .where(model.learner_id == learner.id, model.entry_year_id == entry_year.id)
            .order_by(newest_first_by.desc(), model.id.desc())
        )
    )


def _choices(application: Application) -> list[ChoiceRecord]:
    choices = db.session.scalars(
        select(Choice)
        .options(joinedload(Choice.course).joinedload(Course.provider))
        .where(Choice.application_id == application.id)
        .order_by(Choice.rank, Choice.id)
    ).all()
    events = db.session.scalars(
        select(ChoiceEvent)
        .options(joinedload(ChoiceEvent.actor).joinedload(User.provider))
        .where(ChoiceEvent.choice_id.in_([choice.id for choice in choices]))
        .order_by(ChoiceEvent.occurred_at, ChoiceEvent.id)
    ).all()
    return [
        ChoiceRecord(choice, [_history_line(event) for event in events if event.choice_id == choice.id])
        for choice in choices
    ]


def _history_line(event: ChoiceEvent) -> HistoryLine:
    return HistoryLine(event.occurred_at, states.EVENTS[event.event].label, who_did(event.actor))


def who_did(actor: User | None) -> str:
    if actor is None:
        return "Pathways"
    if actor.role == LEARNER:
        return "The learner"
    if actor.role == PROVIDER and actor.provider is not None:
        return f"{actor.name}, {actor.provider.name}"
    return f"{actor.name} ({actor.role_label})"


# What an adviser records


def record_external_offer(
    learner: Learner,
    entry_year: EntryYear,
    actor: User,
    *,
    activity_code: str,
    provider_name: str | None,
    provider_ukprn: str | None,
    course: str | None,
    offered_on: date,
    source: str,
) -> ExternalOffer:
    """An offer made outside Pathways, closing the learner's follow-ups if it counts.

    Given only a UKPRN, the provider's name comes from Pathways' providers.
    """
    offer = ExternalOffer(
        learner_id=learner.id,
        entry_year_id=entry_year.id,
        recorded_by_id=actor.id,
        activity_code=activity_code,
        provider_name=provider_name or _provider_name(provider_ukprn),
        provider_ukprn=provider_ukprn or None,
        course=course or None,
        offered_on=offered_on,
        source=source,
    )
    db.session.add(offer)
    audit.record(
        "external-offer-recorded", learner, actor=actor, entry_year=entry_year.year, activity_code=activity_code
    )
    # One transaction: the offer, and the follow-ups it satisfies (close_satisfied decides whether it counts).
    follow_ups.close_satisfied(learner, entry_year, actor)
    return offer


def _provider_name(ukprn: str | None) -> str:
    name = db.session.scalar(select(Provider.name).where(Provider.ukprn == ukprn)) if ukprn else None
    if name is None:
        raise RecordRefused("provider_name", f"Enter the provider’s name: UKPRN {ukprn} is not a provider in Pathways")
    return name


def record_not_appropriate(
    learner: Learner, entry_year: EntryYear, actor: User, *, reason: str, detail: str | None, recorded_on: date
) -> NotAppropriateRecord:
    record = NotAppropriateRecord(
        learner_id=learner.id,
        entry_year_id=entry_year.id,
        recorded_by_id=actor.id,
        reason=reason,
        detail=detail or None,
        recorded_on=recorded_on,
    )
    return _save(record, "not-appropriate-recorded", learner, actor, entry_year, reason=reason)


def record_contact(
    learner: Learner,
    entry_year: EntryYear,
    actor: User,
    *,
    contacted_on: date,
    method: str,
    outcome: str,
    note: str | None,
) -> AdviserContact:
    """A contact with the learner, counted as an action on their open follow-up if they have one."""
    contact = AdviserContact(
        learner_id=learner.id,
        entry_year_id=entry_year.id,
        recorded_by_id=actor.id,
        contacted_on=contacted_on,
        method=method,
        outcome=outcome,
        note=note or None,
        follow_up_id=_open_follow_up_id(learner, entry_year),
    )
    return _save(contact, "adviser-contact-recorded", learner, actor, entry_year, method=method, outcome=outcome)


def _open_follow_up_id(learner: Learner, entry_year: EntryYear) -> int | None:
    return db.session.scalar(
        select(FollowUp.id)
        .where(FollowUp.learner_id == learner.id, FollowUp.entry_year_id == entry_year.id, FollowUp.closed_at.is_(None))
        .order_by(FollowUp.opened_at.desc(), FollowUp.id.desc())
        .limit(1)
    )


def record_intended_destination(
    learner: Learner, entry_year: EntryYear, actor: User, *, activity_code: str, detail: str | None
) -> IntendedDestination:
    destination = IntendedDestination(
        learner_id=learner.id,
        entry_year_id=entry_year.id,
        recorded_by_id=actor.id,
        activity_code=activity_code,
        detail=detail or None,
    )
    return _save(destination, "intended-destination-recorded", learner, actor, entry_year, activity_code=activity_code)


def _save(record, event: str, learner: Learner, actor: User, entry_year: EntryYear, **detail):
    db.session.add(record)
    audit.record(event, learner, actor=actor, entry_year=entry_year.year, **detail)
    db.session.commit()
    return record


# The council's settings


def advisers_with_caseloads() -> list[tuple[User, list[CaseloadAssignment]]]:
    advisers = db.session.scalars(select(User).where(User.role == ADVISER).order_by(User.name, User.id)).all()
    assignments = db.session.scalars(
        select(CaseloadAssignment).options(joinedload(CaseloadAssignment.school), joinedload(CaseloadAssignment.area))
    ).all()
    return [(adviser, [item for item in assignments if item.adviser_id == adviser.id]) for adviser in advisers]


def adviser_numbered(adviser_id: int) -> User | None:
    return db.session.scalar(select(User).where(User.id == adviser_id, User.role == ADVISER))


def caseload_of(adviser: User) -> list[CaseloadAssignment]:
    return list(db.session.scalars(select(CaseloadAssignment).where(CaseloadAssignment.adviser_id == adviser.id)))


def caseload_places() -> tuple[list[School], list[Area]]:
    schools = db.session.scalars(select(School).order_by(School.name, School.urn)).all()
    areas = db.session.scalars(select(Area).order_by(Area.name)).all()
    return list(schools), list(areas)


def set_caseload(adviser: User, school_ids: list[int], area_ids: list[int], actor: User) -> None:
    """Replace the adviser's caseload with these schools and whole areas."""
    db.session.execute(delete(CaseloadAssignment).where(CaseloadAssignment.adviser_id == adviser.id))
    db.session.add_all(CaseloadAssignment(adviser_id=adviser.id, school_id=school_id) for school_id in set(school_ids))
    db.session.add_all(CaseloadAssignment(adviser_id=adviser.id, area_id=area_id) for area_id in set(area_ids))
    audit.record("caseload-changed", adviser, actor=actor, schools=sorted(set(school_ids)), areas=sorted(set(area_ids)))
    db.session.commit()


def follow_up_settings() -> list[tuple[EntryYear, list[date]]]:
    """Each entry year, newest first, with its checkpoint dates in order."""
    entry_years = db.session.scalars(select(EntryYear).order_by(EntryYear.year.desc()))
    return [
        (entry_year, sorted(date.fromisoformat(day) for day in entry_year.checkpoint_dates or []))
        for entry_year in entry_years
    ]


def set_follow_up_rules(
    entry_year: EntryYear, actor: User, *, fsm: bool, looked_after: bool, ehcp: bool, checkpoints: list[date]
) -> None:
    """Who the council follows up in this cycle, and the checkpoint dates, which must fall within the cycle."""
    for day in checkpoints:
        if not entry_year.applications_open <= day <= entry_year.guarantee_deadline:
            raise CheckpointRefused(
                day,
                f"Checkpoints must be between {format_date(entry_year.applications_open)} and "
                f"{format_date(entry_year.guarantee_deadline)}, when applications open and the guarantee deadline",
            )
    entry_year.follow_up_fsm = fsm
    entry_year.follow_up_looked_after = looked_after
    entry_year.follow_up_ehcp = ehcp
    entry_year.checkpoint_dates = sorted({day.isoformat() for day in checkpoints})
    audit.record(
        "follow-up-rules-changed",
        entry_year,
        actor=actor,
        fsm=fsm,
        looked_after=looked_after,
        ehcp=ehcp,
        checkpoints=entry_year.checkpoint_dates,
    )
    db.session.commit()
