"""The September Guarantee dashboard and the quick-filter lists of learners, with their CSV export.

Every learner comes through `caseload.cohort_scope`, and every characteristic through `characteristics_for`.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, exists, func, not_, select

from application import caseload, guarantee, guarantee_queries, states
from application.models import EHCP, Application, Choice, CohortEntry, Learner, School
from application.provider_queries import overdue_cut_off
from application.services.adviser_records import Characteristics
from core import audit
from core.extensions import db
from prospectus.models import EntryYear
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
