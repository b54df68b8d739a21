"""The NCCIS return: the documented columns, values from the pure rules, summary rows, streaming and the audit log."""

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from application import guarantee, nccis_export
from application.caseload import cohort_scope
from application.guarantee import guarantee_status
from application.guarantee_queries import facts_for
from application.models import Learner
from core.extensions import db
from core.models import AuditEvent
from tests.factories import (
    AdviserContactFactory,
    ApplicationFactory,
    CaseloadAssignmentFactory,
    ChoiceFactory,
    CohortEntryFactory,
    CourseFactory,
    EntryYearFactory,
    ExternalOfferFactory,
    NotAppropriateFactory,
    ProviderFactory,
    SchoolFactory,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "nccis-export.md"
AS_OF = date(2027, 9, 30)


def documented_columns() -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", DOCS.read_text(), re.M)


@pytest.fixture
def cohort():
    """Learners of every status at two schools in two areas, and one in Year 12."""
    entry_year = EntryYearFactory()
    north, south = SchoolFactory(), SchoolFactory()
    sixth_form = ProviderFactory(urn="139999", ukprn=None, provider_type="school-sixth-form")
    made = CohortEntryFactory(entry_year=entry_year, school=north, learner__given_name="=cmd")
    application = ApplicationFactory(learner=made.learner, entry_year=entry_year, submitted=True)
    ChoiceFactory(
        application=application,
        course=CourseFactory(entry_year=entry_year, provider=sixth_form, nccis_offer_code="210"),
        accepted=True,
        submitted_at=datetime(2027, 2, 1, 9, 0),
    )
    apprentice = CohortEntryFactory(entry_year=entry_year, school=north)
    ExternalOfferFactory(learner=apprentice.learner, entry_year=entry_year, offered_on=date(2027, 8, 1))
    working = CohortEntryFactory(entry_year=entry_year, school=south)
    ExternalOfferFactory(learner=working.learner, entry_year=entry_year, activity_code="330", provider_ukprn=None)
    away = CohortEntryFactory(entry_year=entry_year, school=south)
    NotAppropriateFactory(learner=away.learner, entry_year=entry_year)
    contacted = CohortEntryFactory(entry_year=entry_year, school=south)
    AdviserContactFactory(learner=contacted.learner, entry_year=entry_year)
    CohortEntryFactory(entry_year=entry_year, school=south)
    CohortEntryFactory(entry_year=entry_year, school=south, year_group=12)
    return {"entry_year": entry_year, "north": north, "south": south}


def run_export(app, tmp_path, *arguments) -> list[dict]:
    path = tmp_path / "return.csv"
    result = app.test_cli_runner().invoke(args=["guarantee", "export", *arguments, str(path)])
    assert result.exit_code == 0, result.output
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_file_has_the_documented_columns_in_order(app, tmp_path, cohort):
    rows = run_export(app, tmp_path, "--entry-year", "2027", "--year-group", "11", "--as-of", "2027-09-30")
    assert list(rows[0]) == documented_columns() == nccis_export.HEADER
    assert len(documented_columns()) == 18


def test_each_learner_row_matches_the_pure_rules(app, tmp_path, cohort):
    rows = run_export(app, tmp_path, "--entry-year", "2027", "--year-group", "11", "--as-of", "2027-09-30")
    learners = [row for row in rows if row["record_type"] == "learner"]
    assert len(learners) == 6
    seen = set()
    for row in learners:
        learner = db.session.scalar(select(Learner).where(Learner.upn == row["upn"]))
        expected = guarantee_status(facts_for(learner, cohort["entry_year"], AS_OF), AS_OF)
        offer = expected.offer
        assert row["guarantee_status"] == expected.status
        assert row["offer_activity_code"] == (offer.activity_code if offer else "")
        assert row["provider_ukprn_or_urn"] == ((offer.provider_identifier or "") if offer else "")
        assert row["offer_date"] == (offer.offered_on.isoformat() if offer else "")
        assert row["family_name"] == learner.family_name
        assert row["date_of_birth"] == learner.date_of_birth.isoformat()
        assert row["home_postcode"] == learner.home_postcode
        assert row["year_group"] == "11"
        assert row["summary_name"] == row["cohort"] == row["offer_made_percent"] == ""
        seen.add(expected.status)
    assert seen == set(guarantee.STATUSES)
    by_code = {row["offer_activity_code"]: row for row in learners}
    assert by_code["210"]["provider_ukprn_or_urn"] == "139999"
    assert by_code["210"]["given_name"] == "'=cmd", "a formula is written as text"
    assert by_code["310"]["provider_ukprn_or_urn"] == "10012345"
    assert by_code["310"]["offer_date"] == "2027-08-01"


def test_summary_rows_per_school_area_and_council(app, tmp_path, cohort):
    rows = run_export(app, tmp_path, "--entry-year", "2027", "--year-group", "11", "--as-of", "2027-09-30")
    summaries = {(row["record_type"], row["summary_name"]): row for row in rows if row["record_type"] != "learner"}
    north, south = cohort["north"], cohort["south"]
    percentages = ["offer_made_percent", "no_offer_percent", "offer_not_appropriate_percent", "not_recorded_percent"]

    def figures(row):
        return [row["cohort"], *(row[name] for name in percentages)]

    assert figures(summaries[("school", north.name)]) == ["2", "100.0", "0.0", "0.0", "0.0"]
    assert summaries[("school", north.name)]["school_urn"] == north.urn
    assert figures(summaries[("school", south.name)]) == ["4", "0.0", "25.0", "50.0", "25.0"]
    assert figures(summaries[("area", south.area.name)]) == ["4", "0.0", "25.0", "50.0", "25.0"]
    assert figures(summaries[("council", "Whole council area")]) == ["6", "33.3", "16.7", "33.3", "16.7"]
    assert [row["record_type"] for row in rows][-5:] == ["school", "school", "area", "area", "council"]


def test_the_position_on_an_earlier_date(app, tmp_path, cohort):
    rows = run_export(app, tmp_path, "--entry-year", "2027", "--year-group", "11", "--as-of", "2027-07-01")
    codes = {row["offer_activity_code"] for row in rows if row["record_type"] == "learner"}
    assert "310" not in codes, "the apprenticeship offer was made in August"


def test_the_command_writes_an_audit_event(app, tmp_path, cohort):
    run_export(app, tmp_path, "--entry-year", "2027", "--year-group", "12", "--as-of", "2027-09-30")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "nccis-export-written"))
    assert event.detail["entry_year"] == 2027
    assert event.detail["year_group"] == 12
    assert event.detail["as_of"] == "2027-09-30"
    assert event.detail["file"].endswith("return.csv")


def test_an_unknown_entry_year_is_refused(app, tmp_path, cohort):
    result = app.test_cli_runner().invoke(
        args=["guarantee", "export", "--entry-year", "2031", "--year-group", "11", str(tmp_path / "x.csv")]
    )
    assert result.exit_code != 0
    assert "There is no entry year 2031" in result.output


def test_a_download_is_audited_before_streaming_and_limited_to_the_caseload(cohort):
    adviser = CaseloadAssignmentFactory(school=cohort["north"]).adviser
    chunks = nccis_export.nccis_export(cohort["entry_year"], 11, AS_OF, actor=adviser, scope=cohort_scope(adviser))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "nccis-export-downloaded"))
    assert event.actor_id == adviser.id
    rows = list(csv.DictReader(io.StringIO("".join(chunks))))
    assert [row["school_urn"] for row in rows if row["record_type"] == "learner"] == [cohort["north"].urn] * 2
    assert rows[-1]["cohort"] == "2"


def test_rows_are_streamed_in_batches(monkeypatch, cohort):
    monkeypatch.setattr(nccis_export, "BATCH", 2)
    chunks = list(nccis_export.csv_chunks(cohort["entry_year"], 11, AS_OF))
    assert len(chunks) >= 5
    assert chunks[0].startswith("record_type,upn,")


@pytest.mark.parametrize(
    ("today", "expected"), [(date(2027, 6, 1), date(2027, 6, 1)), (date(2027, 11, 5), date(2027, 9, 30))]
)
def test_the_default_date_is_today_until_the_deadline(today, expected):
    entry_year = EntryYearFactory()
    assert nccis_export.export_as_of(entry_year, today) == expected
    assert nccis_export.export_filename(entry_year, 11, expected).startswith("september-guarantee-2027-year-11-")
