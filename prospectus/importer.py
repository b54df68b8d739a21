"""Course import from CSV: `flask import-courses` and the council's upload (format in docs/course-import.md).

Reading and checking a file is pure: `plan_import` turns its bytes into course values and a list of problems, using
lookups of providers and entry years loaded beforehand. Only `save_courses` writes, and it writes everything in one
transaction, so a file with any bad row imports nothing.
"""

import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import click
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core import audit
from core.csv_import import CellProblem, ImportRefused, ImportResult, RowProblem, read_csv
from core.extensions import db
from core.timeutil import utcnow
from prospectus.council_services import full_postcode
from prospectus.models import DRAFT, PUBLISHED, REQUIRED_TO_PUBLISH, Course, EntryYear, Provider
from prospectus.reference import (
    AGE_GROUPS,
    LEVELS,
    NCCIS_OFFER_TYPES,
    QUALIFICATION_TYPES,
    SSA_TIER1,
    SSA_TIER2,
    STUDY_MODES,
)

IMPORT_STATUSES = {DRAFT: "Draft", PUBLISHED: "Published"}


@dataclass
class Lookups:
    """What a file may refer to, loaded from the database before checking."""

    provider_by_urn: dict[str, int] = field(default_factory=dict)
    provider_by_ukprn: dict[str, int] = field(default_factory=dict)
    entry_year_ids: dict[int, int] = field(default_factory=dict)


@dataclass
class ImportPlan:
    courses: list[dict] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


# Values in cells


def _text(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellProblem(f"Shorten this to {max_length} characters or fewer (it has {len(value)})")
        return value

    return parse


def _code(codes: dict[str, str], what: str) -> Callable[[str], str]:
    """A code from a reference list; its label is accepted too, in any case."""
    by_key = {key.lower(): key for key in codes} | {label.lower(): key for key, label in codes.items()}
    examples = ", ".join(list(codes)[:3])

    def parse(value: str) -> str:
        try:
            return by_key[value.lower()]
        except KeyError:
            raise CellProblem(
                f"'{value}' is not a {what} code: use one from the list in the guide, such as {examples}"
            ) from None

    return parse


def _date(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        with contextlib.suppress(ValueError):
            return datetime.strptime(value, pattern).date()
    raise CellProblem(f"'{value}' is not a real date: write it as YYYY-MM-DD or DD/MM/YYYY, like 2027-09-06")


def _whole_number(lowest: int, highest: int, example: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if not re.fullmatch(r"[0-9]+", value.replace(",", "")):
            raise CellProblem(f"'{value}' is not a whole number: enter one like {example}")
        number = int(value.replace(",", ""))
        if not lowest <= number <= highest:
            raise CellProblem(f"Enter a number from {lowest} to {highest}")
        return number

    return parse


def _postcode(value: str) -> str:
    postcode = full_postcode(value)
    if postcode is None:
        raise CellProblem(f"'{value}' is not a full UK postcode: enter one like OX14 1GG")
    return postcode


def _identifier(length: int, name: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if not re.fullmatch(rf"[0-9]{{{length}}}", value):
            raise CellProblem(f"'{value}' is not a {name}: a {name} has {length} digits")
        return value

    return parse


# Every column a file may have, and how to read it. Blank cells are None.
COLUMNS: dict[str, Callable[[str], object]] = {
    "urn": _identifier(6, "URN"),
    "ukprn": _identifier(8, "UKPRN"),
    "entry_year": _whole_number(2000, 2100, 2027),
    "provider_course_code": _text(40),
    "title": _text(200),
    "status": _code(IMPORT_STATUSES, "status"),
    "qualification_type": _code(QUALIFICATION_TYPES, "qualification type"),
    "level": _code(LEVELS, "level"),
    "ssa_tier1": _code(SSA_TIER1, "subject (SSA tier 1)"),
    "ssa_tier2": _code(SSA_TIER2, "subject (SSA tier 2)"),
    "age_group": _code(AGE_GROUPS, "age group"),
    "study_mode": _code(STUDY_MODES, "study mode"),
    "start_date": _date,
    "duration": _text(60),
    "entry_requirements": _text(5000),
    "description": _text(10000),
    "venue_postcode": _postcode,
    "places": _whole_number(0, 100_000, 20),
    "costs": _text(5000),
    "bursaries": _text(5000),
    "nccis_offer_code": _code(NCCIS_OFFER_TYPES, "NCCIS offer type"),
    "apprenticeship_standard": _whole_number(1, 999_999, 92),
}
REQUIRED_COLUMNS = {
    "entry_year": "Enter the year the course starts, like 2027",
    "provider_course_code": "Enter the provider's own code for this course",
    "title": "Enter the course title",
    "status": "Enter draft or published",
}
NAMES = {"ssa_tier1": "subject area (SSA tier 1)", "nccis_offer_code": "NCCIS offer type code"}
PROVIDER_COLUMNS = ("urn", "ukprn")
KEY_COLUMNS = {"urn", "ukprn", "entry_year"}


# Reading the file


def check_header(header: list[str], provider_given: bool) -> list[RowProblem]:
    problems = [
        RowProblem(1, heading or f"column {position}", "Remove this column or rename it to one from the guide")
        for position, heading in enumerate(header, start=1)
        if heading not in COLUMNS
    ]
    problems += [
        RowProblem(1, heading, "This column appears more than once: keep one")
        for heading in sorted({h for h in header if h and header.count(h) > 1})
    ]
    problems += [
        RowProblem(1, name, "Add this column: every file needs it") for name in REQUIRED_COLUMNS if name not in header
    ]
    if not provider_given and not any(name in header for name in PROVIDER_COLUMNS):
        problems.append(
            RowProblem(1, "urn", "Add a urn or ukprn column naming each row's provider, or name one for the whole file")
        )
    return problems


# Checking rows


@dataclass
class _Row:
    number: int
    values: dict[str, object]
    problems: list[RowProblem]

    def problem(self, column: str | None, message: str) -> None:
        self.problems.append(RowProblem(self.number, column, message))


def _read_cells(number: int, header: list[str], cells: list[str]) -> _Row:
    row = _Row(number, {}, [])
    if any(cell.strip() for cell in cells[len(header) :]):
        row.problem(None, f"This row has more values than the header has columns ({len(header)}): remove the extra")
    cells = cells + [""] * (len(header) - len(cells))
    for name, cell in zip(header, cells, strict=False):
        value = cell.strip()
        try:
            row.values[name] = COLUMNS[name](value) if value else None
        except CellProblem as problem:
            row.problem(name, str(problem))
    return row


def _provider_id(row: _Row, lookups: Lookups, fixed_provider_id: int | None) -> int | None:
    named = {}
    for column, by_identifier in (("urn", lookups.provider_by_urn), ("ukprn", lookups.provider_by_ukprn)):
        identifier = row.values.get(column)
        if identifier is None:
            continue
        if identifier not in by_identifier:
            row.problem(column, f"No provider has {column.upper()} {identifier}: check it, or ask for it to be added")
        else:
            named[column] = by_identifier[identifier]
    if len(set(named.values())) > 1:
        row.problem("ukprn", "The URN and UKPRN belong to different providers: keep the right one")
        return None
    provider_id = next(iter(named.values()), None)
    if fixed_provider_id is not None:
        if provider_id not in (None, fixed_provider_id):
            row.problem(next(iter(named)), "This row names a different provider from the one given for the whole file")
        return fixed_provider_id
    if provider_id is None and not any(problem.column in PROVIDER_COLUMNS for problem in row.problems):
        row.problem("urn", "Enter the provider's URN or UKPRN")
    return provider_id


def _check_required(row: _Row) -> None:
    for name, message in REQUIRED_COLUMNS.items():
        if name in row.values and row.values[name] is None:
            row.problem(name, message)
    if row.values.get("status") == PUBLISHED:
        for name in REQUIRED_TO_PUBLISH:
            if row.values.get(name) is None and not any(p.column == name for p in row.problems):
                what = NAMES.get(name, name.replace("_", " "))
                row.problem(name, f"A published course needs a {what}: fill it in or make it a draft")


def _check_subjects(row: _Row) -> None:
    tier1, tier2 = row.values.get("ssa_tier1"), row.values.get("ssa_tier2")
    if tier1 and tier2 and tier2.split(".")[0] != tier1:
        row.problem("ssa_tier2", f"Subject {tier2} ({SSA_TIER2[tier2]}) is not part of subject area {tier1}: fix one")


def _course_values(row: _Row, lookups: Lookups, fixed_provider_id: int | None) -> dict | None:
    provider_id = _provider_id(row, lookups, fixed_provider_id)
    year = row.values.get("entry_year")
    if year is not None and year not in lookups.entry_year_ids:
        row.problem("entry_year", f"Entry year {year} has not been set up: add it under Entry years first")
    _check_required(row)
    _check_subjects(row)
    if row.problems:
        return None
    course = {name: value for name, value in row.values.items() if name not in KEY_COLUMNS}
    return course | {"provider_id": provider_id, "entry_year_id": lookups.entry_year_ids[year]}


def check_rows(
    header: list[str], rows: list[tuple[int, list[str]]], lookups: Lookups, fixed_provider_id: int | None = None
) -> ImportPlan:
    """Course values for every good row and a problem for every bad cell; the caller imports only a clean plan."""
    plan = ImportPlan()
    first_row_for_key: dict[tuple, int] = {}
    for number, cells in rows:
        row = _read_cells(number, header, cells)
        course = _course_values(row, lookups, fixed_provider_id)
        plan.problems += row.problems
        if course is None:
            continue
        key = (course["provider_id"], course["entry_year_id"], course["provider_course_code"])
        if key in first_row_for_key:
            plan.problems.append(
                RowProblem(
                    number,
                    "provider_course_code",
                    f"Row {first_row_for_key[key]} already has this code for the same provider and year: "
                    "give each course its own code",
                )
            )
            continue
        first_row_for_key[key] = number
        plan.courses.append(course)
    return plan


def plan_import(data: bytes, lookups: Lookups, fixed_provider_id: int | None = None) -> ImportPlan:
    """Everything that can be said about a file without writing anything."""
    header, rows = read_csv(data, rows_are="courses")
    header_problems = check_header(header, fixed_provider_id is not None)
    if header_problems:
        return ImportPlan(problems=header_problems)
    return check_rows(header, rows, lookups, fixed_provider_id)


# Writing


def load_lookups() -> Lookups:
    lookups = Lookups()
    for provider_id, urn, ukprn in db.session.execute(select(Provider.id, Provider.urn, Provider.ukprn)):
        if urn:
            lookups.provider_by_urn[urn] = provider_id
        if ukprn:
            lookups.provider_by_ukprn[ukprn] = provider_id
    lookups.entry_year_ids = {
        year: entry_year_id for year, entry_year_id in db.session.execute(select(EntryYear.year, EntryYear.id))
    }
    return lookups


def find_provider_id(identifier: str, lookups: Lookups) -> int:
    provider_id = lookups.provider_by_urn.get(identifier) or lookups.provider_by_ukprn.get(identifier)
    if provider_id is None:
        raise ImportRefused("provider", f"No provider has the URN or UKPRN {identifier}: check the number")
    return provider_id


def _existing_courses(courses: list[dict]) -> dict[tuple, Course]:
    provider_ids = {course["provider_id"] for course in courses}
    year_ids = {course["entry_year_id"] for course in courses}
    existing = db.session.scalars(
        select(Course).where(Course.provider_id.in_(provider_ids), Course.entry_year_id.in_(year_ids))
    )
    return {
        (course.provider_id, course.entry_year_id, course.provider_course_code): course
        for course in existing
        if course.provider_course_code
    }


def _apply(course: Course, values: dict) -> None:
    if values["status"] == PUBLISHED and course.status != PUBLISHED:
        course.published_at = utcnow()
    for name, value in values.items():
        setattr(course, name, value)


def save_courses(
    courses: list[dict],
    *,
    source: str,
    actor=None,
    progress: Callable[[list[dict]], contextlib.AbstractContextManager[Iterable[dict]]] = contextlib.nullcontext,
) -> ImportResult:
    """Create or update every course, matched on provider, entry year and provider course code, in one transaction."""
    existing = _existing_courses(courses)
    result = ImportResult()
    with progress(courses) as items:
        for values in items:
            course = existing.get((values["provider_id"], values["entry_year_id"], values["provider_course_code"]))
            if course is None:
                course = Course(status=DRAFT)
                db.session.add(course)
                result.created += 1
            else:
                result.updated += 1
            _apply(course, values)
    audit.record("courses-imported", actor=actor, source=source, created=result.created, updated=result.updated)
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        raise ImportRefused(
            "file", "Someone changed these courses while the file was importing. Nothing was imported: try again."
        ) from None
    return result


def import_courses(
    data: bytes, *, source: str, provider: str | None = None, actor=None, progress=contextlib.nullcontext
) -> ImportResult:
    """Import a whole file, or nothing and every problem with it."""
    lookups = load_lookups()
    fixed_provider_id = find_provider_id(provider, lookups) if provider else None
    plan = plan_import(data, lookups, fixed_provider_id)
    if plan.problems:
        return ImportResult(problems=plan.problems)
    return save_courses(plan.courses, source=source, actor=actor, progress=progress)


# Command line


def _progress_bar(courses: list[dict]):
    return click.progressbar(courses, label="Saving courses", show_pos=True)


@click.command("import-courses")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--provider", "provider_id", help="URN or UKPRN of the provider every row belongs to.")
def import_courses_command(csv_file: str, provider_id: str | None) -> None:
    """Import courses from a CSV file (format in docs/course-import.md)."""
    with open(csv_file, "rb") as handle:
        data = handle.read()
    try:
        result = import_courses(data, source=csv_file, provider=provider_id, progress=_progress_bar)
    except ImportRefused as refused:
        raise click.ClickException(refused.message) from None
    if result.problems:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        rows = len({problem.row for problem in result.problems})
        raise click.ClickException(f"Nothing was imported: fix the {rows} row(s) above and run the import again.")
    click.echo(f"Imported {result.imported} courses from {csv_file}: {result.created} new, {result.updated} updated.")
