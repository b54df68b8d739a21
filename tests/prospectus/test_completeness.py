"""The prospectus completeness report: figures per provider, the definition of complete, and its cost in queries."""

import csv
import io
from datetime import date, datetime

from sqlalchemy import event, select

from core.extensions import db
from core.models import AuditEvent
from prospectus import completeness
from tests.factories import CourseFactory, EntryYearFactory, ProviderFactory


def _complete_provider(**kwargs):
    return ProviderFactory(description="A general FE college in Abingdon.", email="info@example.ac.uk", **kwargs)


def _row(report, provider):
    return next(row for row in report.rows if row.provider.id == provider.id)


def test_published_courses_are_counted_by_age_group_for_the_entry_year_only():
    provider = _complete_provider()
    year, next_year = EntryYearFactory(year=2027), EntryYearFactory(year=2028)
    CourseFactory.create_batch(2, provider=provider, entry_year=year, age_group="16-19")
    CourseFactory(provider=provider, entry_year=year, age_group="lldd-14-25")
    CourseFactory(provider=provider, entry_year=year, age_group="14-16", withdrawn=True)
    CourseFactory(provider=provider, entry_year=next_year, age_group="14-16")
    row = _row(completeness.completeness_report(year), provider)
    assert row.published == {"14-16": 0, "16-19": 2, "lldd-14-25": 1}
    assert row.complete and row.problems == []


def test_incomplete_drafts_are_counted_and_complete_drafts_are_not():
    provider = _complete_provider()
    year = EntryYearFactory(year=2027)
    CourseFactory(provider=provider, entry_year=year)
    CourseFactory(provider=provider, entry_year=year, draft=True)
    CourseFactory(provider=provider, entry_year=year, draft=True, description=None)
    CourseFactory(provider=provider, entry_year=year, draft=True, level=None, start_date=None)
    row = _row(completeness.completeness_report(year), provider)
    assert row.incomplete_drafts == 2
    assert row.problems == ["2 draft courses missing information"]


def test_a_provider_without_courses_or_profile_is_not_complete_and_says_why():
    provider = ProviderFactory(description="  ", email=None, telephone=None)
    report = completeness.completeness_report(EntryYearFactory(year=2027))
    row = _row(report, provider)
    assert not row.complete
    assert row.problems == [
        "No published courses",
        "No description in the profile",
        "No contact email address or telephone number",
    ]
    assert row.last_updated == provider.updated_at


def test_last_updated_is_the_latest_change_to_the_provider_or_its_courses():
    provider = _complete_provider()
    year = EntryYearFactory(year=2027)
    later = datetime(2030, 1, 2, 3, 4)
    CourseFactory(provider=provider, entry_year=year, updated_at=later)
    assert _row(completeness.completeness_report(year), provider).last_updated == later


def test_the_report_uses_the_same_few_queries_for_any_number_of_providers(app):
    year = EntryYearFactory(year=2027)

    def queries_for_report():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            db.session.expire_all()
            completeness.completeness_report(db.session.get(type(year), year.id))
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    CourseFactory(provider=_complete_provider(), entry_year=year)
    few = queries_for_report()
    for _ in range(6):
        CourseFactory(provider=_complete_provider(), entry_year=year)
    assert queries_for_report() == few <= 3


def test_default_entry_year_is_the_earliest_still_running():
    EntryYearFactory(year=2026)
    running = EntryYearFactory(year=2027)
    EntryYearFactory(year=2028)
    assert completeness.default_entry_year(date(2026, 12, 1)) == running
    assert completeness.default_entry_year(date(2031, 1, 1)).year == 2028


def test_csv_export_has_the_same_columns_and_is_audited():
    provider = _complete_provider(name='=HYPERLINK("http://bad")', urn="123456")
    year = EntryYearFactory(year=2027)
    CourseFactory(provider=provider, entry_year=year, age_group="14-16")
    rows = list(csv.reader(io.StringIO(completeness.export_csv(year))))
    assert rows[0] == list(completeness.CSV_HEADER)
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["Provider"].startswith("'=")  # not run as a formula by a spreadsheet
    assert (line["URN"], line["Published 14-16"], line["Complete"]) == ("123456", "1", "Yes")
    event_row = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "completeness-exported"))
    assert event_row.detail["year"] == 2027 and event_row.detail["providers"] == 1
