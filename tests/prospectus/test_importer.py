"""Course import: the pure checks on a file, the all-or-nothing write, and `flask import-courses`."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.csv_import import ImportRefused
from core.extensions import db
from core.models import AuditEvent
from prospectus import importer, reference
from prospectus.importer import Lookups, plan_import
from prospectus.models import Course
from tests.factories import CourseFactory, EntryYearFactory, ProviderFactory

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "course-import.md"

GOOD = {
    "ukprn": "10000001",
    "entry_year": "2027",
    "provider_course_code": "ALBIO",
    "title": "A level Biology",
    "status": "published",
    "qualification_type": "a-level",
    "level": "3",
    "ssa_tier1": "2",
    "ssa_tier2": "2.1",
    "age_group": "16-19",
    "study_mode": "full-time",
    "start_date": "2027-09-06",
    "duration": "2 years",
    "entry_requirements": "Five GCSEs at grade 4 or above, with grade 6 in biology",
    "description": "Cells, genetics, ecology and physiology, with practical work in our laboratories.",
    "nccis_offer_code": "230",
    "places": "40",
}
LOOKUPS = Lookups(provider_by_urn={"123456": 7}, provider_by_ukprn={"10000001": 1}, entry_year_ids={2027: 3})


def csv_bytes(*rows: dict, header: list[str] | None = None, bom: bool = False) -> bytes:
    header = header or list(rows[0])
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=header, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + output.getvalue().encode()


def row(**changes) -> dict:
    return GOOD | changes


def problems(data: bytes, fixed_provider_id=None) -> list[tuple]:
    return [(p.row, p.column) for p in plan_import(data, LOOKUPS, fixed_provider_id).problems]


# Pure checks: no database


def test_a_good_file_becomes_course_values():
    plan = plan_import(csv_bytes(row(), row(provider_course_code="ALCHEM", title="A level Chemistry")), LOOKUPS)
    assert plan.problems == []
    first = plan.courses[0]
    assert first["provider_id"] == 1 and first["entry_year_id"] == 3
    assert first["start_date"] == date(2027, 9, 6) and first["places"] == 40 and first["level"] == "3"
    assert "ukprn" not in first and "entry_year" not in first


def test_utf8_with_a_byte_order_mark_is_read():
    plan = plan_import(csv_bytes(row(title="Café skills – Level 2"), bom=True), LOOKUPS)
    assert plan.problems == []
    assert plan.courses[0]["title"] == "Café skills – Level 2"


def test_every_bad_row_is_listed_with_its_spreadsheet_row_number_and_column():
    data = csv_bytes(
        row(),
        row(provider_course_code="B", level="6"),
        row(provider_course_code="C"),
        row(provider_course_code="D", start_date="31/02/2027", places="lots"),
    )
    assert problems(data) == [(3, "level"), (5, "start_date"), (5, "places")]


def test_messages_say_what_to_fix():
    plan = plan_import(csv_bytes(row(level="6", start_date="6 Sept 2027", places="-1")), LOOKUPS)
    messages = {p.column: p.message for p in plan.problems}
    assert messages["level"].startswith("'6' is not a level code: use one from the list in the guide")
    assert "YYYY-MM-DD or DD/MM/YYYY" in messages["start_date"]
    assert messages["places"] == "'-1' is not a whole number: enter one like 20"
    assert str(plan.problems[0]).startswith("Row 2, column level: ")


def test_both_date_formats_are_accepted():
    plan = plan_import(csv_bytes(row(start_date="06/09/2027")), LOOKUPS)
    assert plan.courses[0]["start_date"] == date(2027, 9, 6)


def test_codes_can_be_given_as_labels_in_any_case():
    plan = plan_import(csv_bytes(row(level="Level 3", study_mode="FULL TIME", age_group="16 to 19")), LOOKUPS)
    assert plan.problems == []
    assert (plan.courses[0]["level"], plan.courses[0]["study_mode"], plan.courses[0]["age_group"]) == (
        "3",
        "full-time",
        "16-19",
    )


def test_published_rows_need_everything_a_published_course_needs():
    plan = plan_import(csv_bytes(row(description="", nccis_offer_code="")), LOOKUPS)
    assert [(p.column, p.message) for p in plan.problems] == [
        ("description", "A published course needs a description: fill it in or make it a draft"),
        ("nccis_offer_code", "A published course needs a NCCIS offer type code: fill it in or make it a draft"),
    ]


def test_a_draft_may_leave_details_blank():
    plan = plan_import(csv_bytes(row(status="draft", description="", level="", start_date="")), LOOKUPS)
    assert plan.problems == []
    assert plan.courses[0]["status"] == "draft" and plan.courses[0]["level"] is None


def test_status_must_be_draft_or_published():
    assert problems(csv_bytes(row(status="withdrawn"), row(provider_course_code="X", status=""))) == [
        (2, "status"),
        (3, "status"),
    ]


def test_required_columns_must_be_in_the_header():
    data = csv_bytes(row(), header=["ukprn", "entry_year", "title", "colour"])
    found = plan_import(data, LOOKUPS).problems
    assert [(p.row, p.column) for p in found] == [(1, "colour"), (1, "provider_course_code"), (1, "status")]
    assert found[1].message == "Add this column: every file needs it"


def test_headings_are_matched_loosely():
    header_row = "UKPRN,Entry year,Provider course code,Title,Status\r\n10000001,2027,X1,Welding,draft\r\n"
    plan = plan_import(header_row.encode(), LOOKUPS)
    assert plan.problems == [] and plan.courses[0]["provider_course_code"] == "X1"


def test_unknown_provider_and_entry_year():
    found = plan_import(csv_bytes(row(ukprn="19999999", entry_year="2031")), LOOKUPS).problems
    assert [(p.column, p.message) for p in found] == [
        ("ukprn", "No provider has UKPRN 19999999: check it, or ask for it to be added"),
        ("entry_year", "Entry year 2031 has not been set up: add it under Entry years first"),
    ]


def test_a_row_needs_a_provider_unless_the_file_has_one():
    data = csv_bytes(row(ukprn=""))
    assert problems(data) == [(2, "urn")]
    assert problems(data, fixed_provider_id=1) == []
    assert problems(csv_bytes(row()), fixed_provider_id=7) == [(2, "ukprn")]


def test_urn_and_ukprn_must_name_the_same_provider():
    data = csv_bytes(row(urn="123456"), header=["urn", *GOOD])
    assert problems(data) == [(2, "ukprn")]


def test_duplicate_codes_within_a_file_are_refused():
    found = plan_import(csv_bytes(row(), row(title="Biology again")), LOOKUPS).problems
    assert [(p.row, p.column) for p in found] == [(3, "provider_course_code")]
    assert found[0].message.startswith("Row 2 already has this code")


def test_subject_tiers_must_agree():
    assert problems(csv_bytes(row(ssa_tier1="6", ssa_tier2="2.1"))) == [(2, "ssa_tier2")]


def test_too_long_and_extra_values():
    data = csv_bytes(row(title="x" * 201)) + b"10000001,2027,Z,Title,draft" + b"," * 20 + b"x\r\n"
    assert problems(data) == [(2, "title"), (3, None)]


def test_blank_rows_are_skipped_but_counted():
    data = csv_bytes(row()) + b",,,,\r\n" + csv_bytes(row(provider_course_code="Y", level="9")).split(b"\r\n", 1)[1]
    assert problems(data) == [(4, "level")]


def test_quoted_cells_with_line_breaks_count_as_one_row():
    data = csv_bytes(row(description="Line one\nLine two"), row(provider_course_code="Q", level="9"))
    assert problems(data) == [(3, "level")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The selected file is empty"),
        (b"  \r\n", "The selected file is empty"),
        ("title,entry_year\r\nCaf\xe9,2027\r\n".encode("cp1252"), "must be saved as UTF-8"),
        (b"ukprn,entry_year,provider_course_code,title,status\r\n", "has a header row but no courses"),
    ],
)
def test_files_that_cannot_be_read_at_all(data, message):
    with pytest.raises(ImportRefused) as refused:
        plan_import(data, LOOKUPS)
    assert message in refused.value.message and refused.value.field == "file"


def test_the_guide_lists_every_column_and_code():
    guide = GUIDE.read_text()
    for column in importer.COLUMNS:
        assert f"`{column}`" in guide, column
    for codes in (
        reference.QUALIFICATION_TYPES,
        reference.LEVELS,
        reference.SSA_TIER1,
        reference.SSA_TIER2,
        reference.AGE_GROUPS,
        reference.STUDY_MODES,
        reference.NCCIS_OFFER_TYPES,
    ):
        for code, label in codes.items():
            assert re.search(rf"\| `{re.escape(code)}` \| {re.escape(label)} \|", guide), code


def test_the_guide_example_imports_cleanly():
    example = GUIDE.read_text().split("```csv\n", 1)[1].split("```", 1)[0]
    plan = plan_import(example.encode(), Lookups({"123456": 1}, {"10012345": 2}, {2027: 1}))
    assert plan.problems == [] and len(plan.courses) >= 3


# Writing to the database


def _setup():
    provider = ProviderFactory(ukprn="10000001")
    entry_year = EntryYearFactory(year=2027)
    return provider, entry_year


def _count_courses() -> int:
    return db.session.scalar(select(func.count(Course.id)))


def test_importing_creates_then_updates_by_provider_course_code():
    provider, _ = _setup()
    data = csv_bytes(row(), row(provider_course_code="ALCHEM", title="A level Chemistry", status="draft"))
    first = importer.import_courses(data, source="courses.csv")
    assert (first.created, first.updated) == (2, 0)
    biology = db.session.scalar(select(Course).where(Course.provider_course_code == "ALBIO"))
    assert biology.status == "published" and biology.published_at is not None and biology.provider == provider

    again = importer.import_courses(
        csv_bytes(row(title="A level Biology (new specification)"), row(provider_course_code="ALCHEM", status="draft")),
        source="courses.csv",
    )
    assert (again.created, again.updated) == (0, 2)
    assert _count_courses() == 2
    db.session.expire_all()
    assert db.session.get(Course, biology.id).title == "A level Biology (new specification)"
    assert db.session.get(Course, biology.id).version == 2


def test_columns_left_out_of_the_file_keep_their_values():
    provider, entry_year = _setup()
    course = CourseFactory(provider=provider, entry_year=entry_year, provider_course_code="ALBIO", costs="£30 trip")
    importer.import_courses(csv_bytes(row()), source="courses.csv")
    db.session.expire_all()
    assert db.session.get(Course, course.id).costs == "£30 trip"


def test_a_file_with_one_bad_row_imports_nothing():
    _setup()
    result = importer.import_courses(csv_bytes(row(), row(provider_course_code="B", level="L9")), source="x.csv")
    assert result.imported == 0 and result.rows_with_problems == 1
    assert _count_courses() == 0
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.event == "courses-imported")) == 0


def test_a_provider_for_the_whole_file():
    provider, _ = _setup()
    other = ProviderFactory(urn="123456", ukprn=None)
    result = importer.import_courses(csv_bytes(row(ukprn="")), source="x.csv", provider="123456")
    assert result.created == 1
    assert db.session.scalar(select(Course.provider_id)) == other.id != provider.id
    with pytest.raises(ImportRefused, match="No provider has the URN or UKPRN 999999"):
        importer.import_courses(csv_bytes(row(ukprn="")), source="x.csv", provider="999999")


def test_an_import_is_audited_with_its_counts():
    _setup()
    importer.import_courses(csv_bytes(row()), source="autumn.csv")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "courses-imported"))
    assert event.detail["created"] == 1 and event.detail["updated"] == 0 and event.detail["source"] == "autumn.csv"


# The command line


def _write(tmp_path, data: bytes) -> str:
    path = tmp_path / "courses.csv"
    path.write_bytes(data)
    return str(path)


def test_command_imports_and_reports(app, tmp_path):
    _setup()
    rows = [row(provider_course_code=f"C{n}", title=f"Course title {n}") for n in range(30)]
    result = app.test_cli_runner().invoke(args=["import-courses", _write(tmp_path, csv_bytes(*rows))])
    assert result.exit_code == 0, result.output
    assert "Imported 30 courses" in result.output and "30 new, 0 updated" in result.output
    assert "Saving courses" in result.output
    assert _count_courses() == 30


def test_command_fails_on_a_bad_file_and_lists_every_problem(app, tmp_path):
    _setup()
    data = csv_bytes(row(level="9"), row(provider_course_code="B", ukprn="19999999"))
    result = app.test_cli_runner().invoke(args=["import-courses", _write(tmp_path, data)])
    assert result.exit_code != 0
    assert "Row 2, column level:" in result.output and "Row 3, column ukprn:" in result.output
    assert "Nothing was imported: fix the 2 row(s) above" in result.output
    assert _count_courses() == 0


def test_command_with_provider_option(app, tmp_path):
    provider, _ = _setup()
    data = csv_bytes(row(), header=[name for name in GOOD if name != "ukprn"])
    result = app.test_cli_runner().invoke(args=["import-courses", _write(tmp_path, data), "--provider", "10000001"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Course.provider_id)) == provider.id


def test_command_refuses_an_unknown_provider_and_an_empty_file(app, tmp_path):
    _setup()
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["import-courses", _write(tmp_path, csv_bytes(row())), "--provider", "100"])
    assert unknown.exit_code != 0 and "No provider has the URN or UKPRN 100" in unknown.output
    empty = runner.invoke(args=["import-courses", _write(tmp_path, b"")])
    assert empty.exit_code != 0 and "The selected file is empty" in empty.output
