"""Cohort import from CSV: `flask import-cohort` and the council's upload (format in docs/cohort-import.md).

Checking a file is pure: `plan_import` turns its bytes into learner rows and a list of problems, using the schools
and entry year loaded beforehand. Only `save_cohort` writes, all in one transaction, so a file with any bad row imports
nothing. Learners are matched on UPN, so importing a roll again updates them and never duplicates them.
"""

import contextlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import click
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from application.account_services import new_activation_code
from application.models import EHCP, SEN_NONE, SEN_SUPPORT, CohortEntry, Learner, School
from application.upn import upn_problem
from core import audit, postcodes
from core.csv_import import CellProblem, ImportRefused, ImportResult, RowProblem, read_csv
from core.extensions import db
from core.models import User
from core.timeutil import utcnow
from prospectus.completeness import default_entry_year
from prospectus.models import EntryYear

YEAR_GROUPS = (11, 12)
SEN_CODES = {"N": SEN_NONE, "K": SEN_SUPPORT, "E": EHCP}
YES_NO = {"Y": True, "YES": True, "N": False, "NO": False}
_CHUNK = 500


# Values in cells


@dataclass
class LearnerRow:
    """One good row of a roll."""

    number: int
    upn: str
    given_name: str
    family_name: str
    date_of_birth: date
    school_id: int
    year_group: int
    home_postcode: str
    free_school_meals: bool
    sen_status: str
    looked_after: bool
    email: str | None


def _upn(value: str) -> str:
    problem = upn_problem(value)
    if problem:
        raise CellProblem(f"{problem} ('{value}')")
    return value.strip().upper()


def _name(value: str) -> str:
    if len(value) > 100:
        raise CellProblem(f"Shorten this to 100 characters or fewer (it has {len(value)})")
    return value


def _date(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        with contextlib.suppress(ValueError):
            return datetime.strptime(value, pattern).date()
    raise CellProblem(f"'{value}' is not a real date: write it as YYYY-MM-DD or DD/MM/YYYY, like 2010-09-14")


def _urn(value: str) -> str:
    if not re.fullmatch(r"[0-9]{6}", value):
        raise CellProblem(f"'{value}' is not a school URN: a URN has 6 digits, like 123456")
    return value


def _year_group(value: str) -> int:
    digits = re.sub(r"^(year|y)\s*", "", value.lower())
    if digits not in ("11", "12"):
        raise CellProblem(f"'{value}' is not a year group we load: enter 11 or 12")
    return int(digits)


def _postcode(value: str) -> str:
    postcode = postcodes.normalise(value)
    if postcode is None or not postcodes.is_full_postcode(postcode):
        raise CellProblem(f"'{value}' is not a full UK postcode: enter one like OX14 1GG")
    return postcode


def _yes_no(value: str) -> bool:
    try:
        return YES_NO[value.upper()]
    except KeyError:
        raise CellProblem(f"'{value}' is not Y or N: enter Y for yes or N for no") from None


def _sen(value: str) -> str:
    try:
        return SEN_CODES[value.upper()]
    except KeyError:
        raise CellProblem(
            f"'{value}' is not a SEN provision code: enter N (none), K (SEN support) or E (EHC plan)"
        ) from None


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise CellProblem(
            f"'{value}' is not an email address: enter one like name@example.com, or leave the cell blank"
        ) from None


COLUMNS: dict[str, Callable[[str], object]] = {
    "upn": _upn,
    "given_name": _name,
    "family_name": _name,
    "date_of_birth": _date,
    "school_urn": _urn,
    "year_group": _year_group,
    "home_postcode": _postcode,
    "fsm": _yes_no,
    "sen": _sen,
    "looked_after": _yes_no,
    "email": _email,
}
REQUIRED = {
    "upn": "Enter the learner's UPN",
    "given_name": "Enter the learner's given name",
    "family_name": "Enter the learner's family name",
    "date_of_birth": "Enter the learner's date of birth",
    "school_urn": "Enter the URN of the learner's school",
    "year_group": "Enter the year group: 11 or 12",
    "home_postcode": "Enter the learner's home postcode",
    "fsm": "Enter Y or N for free school meals",
    "sen": "Enter N, K or E for special educational needs",
    "looked_after": "Enter Y or N for looked after",
}


def birth_range(entry_year: int, year_group: int) -> tuple[date, date]:
    """Birth dates that fit a year group in the school year before `entry_year`, allowing a year either side.

    Learners taught out of their age group exist, so only dates more than a year outside the usual range are refused.
    """
    youngest_year_of_birth = entry_year - 16 - (year_group - 11)
    return date(youngest_year_of_birth - 2, 9, 1), date(youngest_year_of_birth + 1, 8, 31)


# Reading the file


def check_header(header: list[str]) -> list[RowProblem]:
    problems = [
        RowProblem(1, heading or f"column {position}", "Remove this column or rename it to one from the guide")
        for position, heading in enumerate(header, start=1)
        if heading not in COLUMNS
    ]
    problems += [
        RowProblem(1, heading, "This column appears more than once: keep one")
        for heading in sorted({h for h in header if h and header.count(h) > 1})
    ]
    problems += [RowProblem(1, name, "Add this column: every file needs it") for name in REQUIRED if name not in header]
    return problems


# Checking rows


@dataclass
class CohortLookups:
    """What a file may refer to, loaded before checking."""

    entry_year: int
    school_ids: dict[str, int] = field(default_factory=dict)


@dataclass
class CohortPlan:
    learners: list[LearnerRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _read_cells(number: int, header: list[str], cells: list[str]) -> tuple[dict, list[RowProblem]]:
    values: dict[str, object] = {}
    problems = []
    if any(cell.strip() for cell in cells[len(header) :]):
        problems.append(RowProblem(number, None, "This row has more values than the header has columns: remove them"))
    cells = cells + [""] * (len(header) - len(cells))
    for name, cell in zip(header, cells, strict=False):
        value = cell.strip()
        try:
            values[name] = COLUMNS[name](value) if value else None
        except CellProblem as problem:
            problems.append(RowProblem(number, name, str(problem)))
    for name, message in REQUIRED.items():
        if values.get(name) is None and not any(p.column == name for p in problems):
            problems.append(RowProblem(number, name, message))
    return values, problems


def _check_school(number: int, values: dict, lookups: CohortLookups) -> list[RowProblem]:
    urn = values.get("school_urn")
    if urn is None or urn in lookups.school_ids:
        return []
    return [RowProblem(number, "school_urn", f"No school has URN {urn}: check it, or ask for the school to be added")]


def _check_age(number: int, values: dict, lookups: CohortLookups) -> list[RowProblem]:
    born, year_group = values.get("date_of_birth"), values.get("year_group")
    if born is None or year_group is None:
        return []
    earliest, latest = birth_range(lookups.entry_year, year_group)
    if earliest <= born <= latest:
        return []
    return [
        RowProblem(
            number,
            "date_of_birth",
            f"{born:%Y-%m-%d} does not fit Year {year_group} for September {lookups.entry_year}: a learner in it "
            f"is born between {earliest:%Y-%m-%d} and {latest:%Y-%m-%d}. Check the date of birth and the year group",
        )
    ]


def _learner_row(number: int, values: dict, lookups: CohortLookups) -> LearnerRow:
    return LearnerRow(
        number=number,
        upn=values["upn"],
        given_name=values["given_name"],
        family_name=values["family_name"],
        date_of_birth=values["date_of_birth"],
        school_id=lookups.school_ids[values["school_urn"]],
        year_group=values["year_group"],
        home_postcode=values["home_postcode"],
        free_school_meals=values["fsm"],
        sen_status=values["sen"],
        looked_after=values["looked_after"],
        email=values.get("email"),
    )


def check_rows(header: list[str], rows: list[tuple[int, list[str]]], lookups: CohortLookups) -> CohortPlan:
    """A learner row for every good row and a problem for every bad cell; the caller saves only a clean plan."""
    plan = CohortPlan()
    first_row_for_upn: dict[str, int] = {}
    for number, cells in rows:
        values, problems = _read_cells(number, header, cells)
        problems += _check_school(number, values, lookups) + _check_age(number, values, lookups)
        upn = values.get("upn")
        if upn in first_row_for_upn:
            problems.append(
                RowProblem(number, "upn", f"Row {first_row_for_upn[upn]} has the same UPN: each learner once only")
            )
        elif upn:
            first_row_for_upn[upn] = number
        plan.problems += problems
        if not problems:
            plan.learners.append(_learner_row(number, values, lookups))
    return plan


def plan_import(data: bytes, lookups: CohortLookups) -> CohortPlan:
    """Everything that can be said about a file without writing anything."""
    header, rows = read_csv(data, rows_are="learners")
    header_problems = check_header(header)
    if header_problems:
        return CohortPlan(problems=header_problems)
    return check_rows(header, rows, lookups)


# Writing


@dataclass
class CohortResult(ImportResult):
    codes_issued: int = 0


def find_entry_year(year: int | None) -> EntryYear:
    """The entry year named, or the cycle running today."""
    if year is None:
        entry_year = default_entry_year(utcnow().date())
        if entry_year is None:
            raise ImportRefused("entry_year", "No entry year has been set up: add one under Entry years first")
        return entry_year
    entry_year = db.session.scalar(select(EntryYear).where(EntryYear.year == year))
    if entry_year is None:
        raise ImportRefused("entry_year", f"Entry year {year} has not been set up: add it under Entry years first")
    return entry_year


def load_lookups(entry_year: EntryYear) -> CohortLookups:
    school_ids = {urn: school_id for urn, school_id in db.session.execute(select(School.urn, School.id))}
    return CohortLookups(entry_year=entry_year.year, school_ids=school_ids)


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


@dataclass(frozen=True)
class _Known:
    """What a re-import needs to know about a learner already on file."""

    id: int
    has_account: bool
    has_code: bool


def _known_learners(upns: list[str]) -> dict[str, _Known]:
    known = {}
    for chunk in _chunks(upns):
        query = (
            select(
                Learner.upn,
                Learner.id,
                Learner.activated_at.is_not(None) | User.id.is_not(None),
                Learner.activation_code,
            )
            .outerjoin(User, User.learner_id == Learner.id)
            .where(Learner.upn.in_(chunk))
        )
        for upn, learner_id, has_account, code in db.session.execute(query):
            known[upn] = _Known(learner_id, bool(has_account), code is not None)
    return known


def _entry_ids(entry_year_id: int, learner_ids: list[int]) -> dict[int, int]:
    entry_ids = {}
    for chunk in _chunks(learner_ids):
        query = select(CohortEntry.learner_id, CohortEntry.id).where(
            CohortEntry.entry_year_id == entry_year_id, CohortEntry.learner_id.in_(chunk)
        )
        entry_ids.update({learner_id: entry_id for learner_id, entry_id in db.session.execute(query)})
    return entry_ids


def _learner_values(row: LearnerRow, keep_email: bool) -> dict:
    values = {
        "upn": row.upn,
        "given_name": row.given_name,
        "family_name": row.family_name,
        "date_of_birth": row.date_of_birth,
        "home_postcode": row.home_postcode,
        "free_school_meals": row.free_school_meals,
        "sen_status": row.sen_status,
        "looked_after": row.looked_after,
        "updated_at": utcnow(),
    }
    if row.email and not keep_email:  # once a learner has an account, their own email address wins
        values["email"] = row.email
    return values


class _Batch:
    """Rows collected and written together with bulk statements: an ORM object per learner is ten times slower."""

    def __init__(self, entry_year_id: int, taken_codes: set[str], result: "CohortResult"):
        self.entry_year_id = entry_year_id
        self.taken_codes = taken_codes
        self.result = result
        self.rows: list[LearnerRow] = []

    def add(self, row: LearnerRow) -> None:
        self.rows.append(row)
        if len(self.rows) >= _CHUNK:
            self.write()

    def _code(self) -> str:
        self.result.codes_issued += 1
        return new_activation_code(self.taken_codes)

    def write(self) -> None:
        known = _known_learners([row.upn for row in self.rows])
        new, changed = [], []
        for row in self.rows:
            found = known.get(row.upn)
            values = _learner_values(row, keep_email=bool(found and found.has_account))
            if found is None:
                new.append(values | {"activation_code": self._code()})
            elif found.has_account or found.has_code:
                changed.append(values | {"id": found.id})
            else:
                changed.append(values | {"id": found.id, "activation_code": self._code()})
        learner_ids = {row.upn: found.id for row in self.rows if (found := known.get(row.upn))}
        if new:
            inserted = db.session.execute(insert(Learner).returning(Learner.upn, Learner.id), new)
            learner_ids.update({upn: learner_id for upn, learner_id in inserted})
        if changed:
            db.session.execute(update(Learner), changed)
        self._write_entries(learner_ids)
        self.result.created += len(new)
        self.result.updated += len(changed)
        self.rows = []

    def _write_entries(self, learner_ids: dict[str, int]) -> None:
        entry_ids = _entry_ids(self.entry_year_id, list(learner_ids.values()))
        new, changed = [], []
        for row in self.rows:
            learner_id = learner_ids[row.upn]
            values = {"year_group": row.year_group, "school_id": row.school_id}
            if learner_id in entry_ids:
                changed.append(values | {"id": entry_ids[learner_id]})
            else:
                new.append(values | {"learner_id": learner_id, "entry_year_id": self.entry_year_id})
        if new:
            db.session.execute(insert(CohortEntry), new)
        if changed:
            db.session.execute(update(CohortEntry), changed)


def save_cohort(
    rows: list[LearnerRow],
    entry_year: EntryYear,
    *,
    source: str,
    actor=None,
    progress: Callable[[list], contextlib.AbstractContextManager[Iterable]] = contextlib.nullcontext,
) -> CohortResult:
    """Create or update every learner (matched on UPN) and their cohort entry for the year, in one transaction.

    A learner without an account gets an activation code, unless they already have one: codes handed out stay valid.
    """
    taken_codes = set(db.session.scalars(select(Learner.activation_code).where(Learner.activation_code.is_not(None))))
    result = CohortResult()
    batch = _Batch(entry_year.id, taken_codes, result)
    try:
        with progress(rows) as items:
            for row in items:
                batch.add(row)
            batch.write()
        audit.record(
            "cohort-imported",
            actor=actor,
            source=source,
            entry_year=entry_year.year,
            created=result.created,
            updated=result.updated,
            codes_issued=result.codes_issued,
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ImportRefused(
            "file", "Someone else changed the cohort while the file was importing. Nothing was imported: try again."
        ) from None
    return result


def import_cohort(
    data: bytes, *, source: str, entry_year: int | None = None, actor=None, progress=contextlib.nullcontext
) -> CohortResult:
    """Import a whole roll, or nothing and every problem with it."""
    year = find_entry_year(entry_year)
    plan = plan_import(data, load_lookups(year))
    if plan.problems:
        return CohortResult(problems=plan.problems)
    return save_cohort(plan.learners, year, source=source, actor=actor, progress=progress)


# Command line


def _progress_bar(rows: list):
    return click.progressbar(rows, label="Saving learners", show_pos=True)


@click.command("import-cohort")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--entry-year", type=int, help="The September the cohort applies for, like 2027 (default: this cycle).")
def import_cohort_command(csv_file: str, entry_year: int | None) -> None:
    """Import school rolls (Year 11 and Year 12 learners) from a CSV file (format in docs/cohort-import.md)."""
    with open(csv_file, "rb") as handle:
        data = handle.read()
    click.echo(f"Checking {csv_file} ...")
    try:
        result = import_cohort(data, source=csv_file, entry_year=entry_year, progress=_progress_bar)
    except ImportRefused as refused:
        raise click.ClickException(refused.message) from None
    if result.problems:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"Nothing was imported: fix the {result.rows_with_problems} row(s) above and run the import again."
        )
    click.echo(
        f"Imported {result.imported} learners from {csv_file}: {result.created} new, {result.updated} updated; "
        f"{result.codes_issued} new activation codes."
    )
