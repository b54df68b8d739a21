"""The prospectus completeness report: is every provider's entry complete and current for an entry year?

The council's own measure is "entries complete for every learner 14-19 and LLDD 14-25". A provider is complete for
an entry year when all of COMPLETE_WHEN holds. The figures come from two queries, whatever the number of providers.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import String, case, func, or_, select
from sqlalchemy.orm import joinedload

from core import audit
from core.extensions import db
from prospectus.models import DRAFT, PUBLISHED, REQUIRED_TO_PUBLISH, Course, EntryYear, Provider
from prospectus.reference import AGE_GROUPS

COMPLETE_WHEN = (
    "it has at least one published course for the entry year",
    "none of its draft courses for the entry year is missing information needed to publish",
    "its profile has a description",
    "its profile has a contact email address or telephone number",
)

AGE_GROUP_HEADINGS = {"14-16": "Published 14-16", "16-19": "Published 16-19", "lldd-14-25": "Published LLDD 14-25"}


@dataclass
class ProviderCompleteness:
    provider: Provider
    published: dict[str, int]
    incomplete_drafts: int
    last_updated: datetime
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.problems


@dataclass
class CompletenessReport:
    entry_year: EntryYear
    rows: list[ProviderCompleteness]

    @property
    def complete_count(self) -> int:
        return sum(row.complete for row in self.rows)


def default_entry_year(today: date) -> EntryYear | None:
    """The earliest cycle still running (guarantee deadline not passed), or else the latest one."""
    running = db.session.scalar(
        select(EntryYear).where(EntryYear.guarantee_deadline >= today).order_by(EntryYear.year).limit(1)
    )
    return running or db.session.scalar(select(EntryYear).order_by(EntryYear.year.desc()).limit(1))


def _blank(column):
    return column.is_(None) | (column == "") if isinstance(column.type, String) else column.is_(None)


def _missing_required():
    return or_(*(_blank(getattr(Course, name)) for name in REQUIRED_TO_PUBLISH))


def _course_figures(entry_year_id: int) -> dict[int, dict]:
    """Per provider: published courses by age group, incomplete drafts and the latest course change."""
    published = {
        group: func.sum(case(((Course.status == PUBLISHED) & (Course.age_group == group), 1), else_=0))
        for group in AGE_GROUPS
    }
    incomplete = func.sum(case(((Course.status == DRAFT) & _missing_required(), 1), else_=0))
    rows = db.session.execute(
        select(Course.provider_id, incomplete, func.max(Course.updated_at), *published.values())
        .where(Course.entry_year_id == entry_year_id)
        .group_by(Course.provider_id)
    ).all()
    return {
        provider_id: {
            "incomplete": drafts or 0,
            "updated": updated,
            "published": {group: count or 0 for group, count in zip(published, counts, strict=True)},
        }
        for provider_id, drafts, updated, *counts in rows
    }


def _problems(provider: Provider, published: dict[str, int], incomplete_drafts: int) -> list[str]:
    problems = []
    if not any(published.values()):
        problems.append("No published courses")
    if incomplete_drafts:
        problems.append(f"{incomplete_drafts} draft course{'s' if incomplete_drafts != 1 else ''} missing information")
    if not (provider.description or "").strip():
        problems.append("No description in the profile")
    if not (provider.email or provider.telephone):
        problems.append("No contact email address or telephone number")
    return problems


def completeness_report(entry_year: EntryYear) -> CompletenessReport:
    figures = _course_figures(entry_year.id)
    providers = db.session.scalars(select(Provider).options(joinedload(Provider.area)).order_by(Provider.name))
    rows = []
    for provider in providers:
        mine = figures.get(provider.id, {"incomplete": 0, "updated": None, "published": dict.fromkeys(AGE_GROUPS, 0)})
        rows.append(
            ProviderCompleteness(
                provider=provider,
                published=mine["published"],
                incomplete_drafts=mine["incomplete"],
                last_updated=max(filter(None, (provider.updated_at, mine["updated"]))),
                problems=_problems(provider, mine["published"], mine["incomplete"]),
            )
        )
    return CompletenessReport(entry_year=entry_year, rows=rows)


CSV_HEADER = (
    "Provider",
    "URN",
    "UKPRN",
    "Type",
    "Area",
    *AGE_GROUP_HEADINGS.values(),
    "Drafts missing information",
    "Last updated",
    "Complete",
    "What is missing",
)


def _safe_cell(value) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_line(row: ProviderCompleteness) -> list[str]:
    provider = row.provider
    return [
        _safe_cell(value)
        for value in (
            provider.name,
            provider.urn,
            provider.ukprn,
            provider.type_label,
            provider.area.name,
            *(row.published[group] for group in AGE_GROUP_HEADINGS),
            row.incomplete_drafts,
            row.last_updated.strftime("%Y-%m-%d %H:%M"),
            "Yes" if row.complete else "No",
            "; ".join(row.problems),
        )
    ]


def export_csv(entry_year: EntryYear) -> str:
    """The report as CSV, with the download written to the audit log."""
    report = completeness_report(entry_year)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(CSV_HEADER)
    writer.writerows(_csv_line(row) for row in report.rows)
    audit.record("completeness-exported", subject=entry_year, year=entry_year.year, providers=len(report.rows))
    db.session.commit()
    return output.getvalue()
