"""The September Guarantee return for NCCIS: one row per cohort learner, then summary rows. See docs/nccis-export.md.

Rows are streamed from a server-side cursor and written out in batches, so memory stays flat however large the cohort:
only the per-school tallies for the summary rows are kept, and there are a few thousand schools at most.
"""

import csv
import io
from collections import Counter
from collections.abc import Iterator
from datetime import date

from sqlalchemy import Select

from application.guarantee import NO_OFFER, NOT_APPROPRIATE, NOT_RECORDED, OFFER_MADE
from application.guarantee_queries import StatusCounts, counts_from_groups, status_select_with
from application.models import CohortEntry, Learner, School
from core import audit
from core.extensions import db

LEARNER = "learner"
SCHOOL = "school"
AREA = "area"
COUNCIL = "council"

# (column, what it holds): docs/nccis-export.md documents each, and a test keeps the two in step.
COLUMNS = [
    ("record_type", "learner, school, area or council"),
    ("upn", "Unique pupil number"),
    ("given_name", "Given name"),
    ("family_name", "Family name"),
    ("date_of_birth", "Date of birth, YYYY-MM-DD"),
    ("school_urn", "URN of the learner's school"),
    ("home_postcode", "Home postcode"),
    ("year_group", "11 or 12"),
    ("guarantee_status", "offer-made, offer-not-appropriate, no-offer or not-recorded"),
    ("offer_activity_code", "NCCIS activity code of the offer"),
    ("provider_ukprn_or_urn", "UKPRN of the provider, or URN for a school"),
    ("offer_date", "Date of the offer, YYYY-MM-DD"),
    ("summary_name", "School, area or council name (summary rows)"),
    ("cohort", "Learners in the cohort (summary rows)"),
    ("offer_made_percent", "Offer made, % of the cohort"),
    ("no_offer_percent", "No offer, % of the cohort"),
    ("offer_not_appropriate_percent", "Offer not appropriate, % of the cohort"),
    ("not_recorded_percent", "Not recorded, % of the cohort"),
]
HEADER = [name for name, _ in COLUMNS]
PERCENT_ORDER = (OFFER_MADE, NO_OFFER, NOT_APPROPRIATE, NOT_RECORDED)  # as DfE publishes them
BATCH = 2000
COUNCIL_NAME = "Whole council area"


def export_as_of(entry_year, today: date) -> date:
    """The guarantee is measured on its deadline: after it, the return reports the position on the deadline."""
    return min(today, entry_year.guarantee_deadline)


def export_filename(entry_year, year_group: int, as_of: date) -> str:
    return f"september-guarantee-{entry_year.year}-year-{year_group}-{as_of.isoformat()}.csv"


def nccis_export(entry_year, year_group: int, as_of: date, actor=None, scope=None, file_name=None) -> Iterator[str]:
    """The return as CSV text in chunks, for a download or a file. The export is audited (and committed) first."""
    event = "nccis-export-written" if file_name else "nccis-export-downloaded"
    details = {"entry_year": entry_year.year, "year_group": year_group, "as_of": as_of.isoformat()}
    audit.record(event, actor=actor, **details, **({"file": file_name} if file_name else {}))
    db.session.commit()
    return csv_chunks(entry_year, year_group, as_of, scope)


def csv_chunks(entry_year, year_group: int, as_of: date, scope=None) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for number, values in enumerate(export_rows(entry_year, year_group, as_of, scope), start=1):
        writer.writerow([_safe_cell(value) for value in values])
        if number % BATCH == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def export_rows(entry_year, year_group: int, as_of: date, scope=None) -> Iterator[list[str]]:
    """The header, a row per learner, then a summary row per school, per area and for the whole council."""
    yield HEADER
    tallies: Counter = Counter()
    rows = db.session.execute(_learner_rows(entry_year, year_group, as_of, scope).execution_options(yield_per=BATCH))
    for row in rows:
        tallies[(row.school_id, row.status)] += 1
        yield _learner_values(row, year_group)
    counts = counts_from_groups(as_of, [(school, False, status, n) for (school, status), n in tallies.items()])
    for school in counts.by_school:
        yield _summary_values(SCHOOL, school.name, school.all, year_group, school_urn=school.code or "")
    for area in counts.by_area:
        yield _summary_values(AREA, area.name, area.all, year_group)
    yield _summary_values(COUNCIL, COUNCIL_NAME, counts.total, year_group)


def _learner_rows(entry_year, year_group: int, as_of: date, scope) -> Select:
    columns = (
        Learner.upn,
        Learner.given_name,
        Learner.family_name,
        Learner.date_of_birth,
        Learner.home_postcode,
        CohortEntry.school_id,
        School.urn.label("school_urn"),
    )
    return (
        status_select_with(entry_year, year_group, as_of, scope, *columns)
        .join(Learner, Learner.id == CohortEntry.learner_id)
        .outerjoin(School, School.id == CohortEntry.school_id)
        .order_by(School.urn, Learner.family_name, Learner.given_name, Learner.id)
    )


def _learner_values(row, year_group: int) -> list[str]:
    return [
        LEARNER,
        row.upn or "",
        row.given_name,
        row.family_name,
        row.date_of_birth.isoformat(),
        row.school_urn or "",
        row.home_postcode or "",
        str(year_group),
        row.status,
        row.activity_code or "",
        row.provider_identifier or "",
        row.offered_on.isoformat() if row.offered_on else "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]


def _summary_values(kind: str, name: str, counts: StatusCounts, year_group: int, school_urn: str = "") -> list[str]:
    percentages = [f"{counts.percent(status):.1f}" for status in PERCENT_ORDER]
    return [
        kind,
        "",
        "",
        "",
        "",
        school_urn,
        "",
        str(year_group),
        "",
        "",
        "",
        "",
        name,
        str(counts.total),
        *percentages,
    ]


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _safe_cell(value: str) -> str:
    """Stop a spreadsheet running a typed value (a name, say) as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
