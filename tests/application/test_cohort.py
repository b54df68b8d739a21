"""Cohort import: pure checks on a roll, the all-or-nothing write, `flask import-cohort`, the upload, the codes."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from application.account_services import CODE_ALPHABET, normalise_code
from application.cohort import CohortLookups, birth_range, import_cohort, plan_import
from application.models import EHCP, SEN_NONE, SEN_SUPPORT, CohortEntry, Learner
from application.upn import with_check_letter
from core.csv_import import ImportRefused
from core.extensions import db
from core.models import AuditEvent
from tests.conftest import Page, sign_in
from tests.factories import (
    EntryYearFactory,
    LearnerFactory,
    LearnerUserFactory,
    SchoolFactory,
    UserFactory,
)

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "cohort-import.md"
UPN_1 = with_check_letter("823456789012")
UPN_2 = with_check_letter("823456789013")
GOOD = {
    "upn": UPN_1,
    "given_name": "Amara",
    "family_name": "Okafor",
    "date_of_birth": "2010-11-02",
    "school_urn": "123456",
    "year_group": "11",
    "home_postcode": "ox16 9hy",
    "fsm": "Y",
    "sen": "K",
    "looked_after": "N",
    "email": "amara@example.org",
}
LOOKUPS = CohortLookups(entry_year=2027, school_ids={"123456": 4, "654321": 5})


def csv_bytes(*rows: dict, header: list[str] | None = None) -> bytes:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=header or list(rows[0]), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue().encode()


def row(**changes) -> dict:
    return GOOD | changes


def problems(data: bytes) -> list[tuple]:
    return [(p.row, p.column) for p in plan_import(data, LOOKUPS).problems]


# Pure checks: no database


def test_a_good_roll_becomes_learner_rows():
    plan = plan_import(
        csv_bytes(row(), row(upn=UPN_2, sen="E", fsm="N", year_group="12", date_of_birth="14/03/2009")), LOOKUPS
    )
    assert plan.problems == []
    first, second = plan.learners
    assert (first.upn, first.school_id, first.year_group, first.home_postcode) == (UPN_1, 4, 11, "OX16 9HY")
    assert (first.free_school_meals, first.sen_status, first.looked_after) == (True, SEN_SUPPORT, False)
    assert second.sen_status == EHCP and second.date_of_birth == date(2009, 3, 14) and second.year_group == 12


def test_email_is_optional_and_sen_n_means_none():
    header = [name for name in GOOD if name != "email"]
    plan = plan_import(csv_bytes(row(sen="n"), header=header), LOOKUPS)
    assert plan.problems == []
    assert plan.learners[0].email is None and plan.learners[0].sen_status == SEN_NONE


def test_every_bad_row_is_named_with_its_row_column_and_what_to_fix():
    data = csv_bytes(
        row(),
        row(upn=UPN_1[0:12] + "9"),
        row(upn=UPN_2, date_of_birth="31/02/2010"),
        row(upn=with_check_letter("823456789014"), school_urn="999999"),
        row(upn=with_check_letter("823456789015"), school_urn="12345"),
        row(upn=with_check_letter("823456789016"), home_postcode="not a postcode"),
        row(upn=with_check_letter("823456789017"), fsm="maybe", looked_after="", sen="X"),
        row(upn=with_check_letter("823456789018"), year_group="10", email="not-an-email"),
    )
    found = plan_import(data, LOOKUPS).problems
    assert [(p.row, p.column) for p in found] == [
        (3, "upn"),
        (4, "date_of_birth"),
        (5, "school_urn"),
        (6, "school_urn"),
        (7, "home_postcode"),
        (8, "fsm"),
        (8, "sen"),
        (8, "looked_after"),
        (9, "year_group"),
        (9, "email"),
    ]
    messages = {(p.row, p.column): p.message for p in found}
    assert "check letter is wrong" in messages[(3, "upn")]
    assert messages[(5, "school_urn")] == "No school has URN 999999: check it, or ask for the school to be added"
    assert "6 digits" in messages[(6, "school_urn")]
    assert "enter N (none), K (SEN support) or E (EHC plan)" in messages[(8, "sen")]
    assert messages[(8, "looked_after")] == "Enter Y or N for looked after"
    assert str(found[0]).startswith("Row 3, column upn: ")


def test_a_date_of_birth_must_fit_the_year_group():
    assert birth_range(2027, 11) == (date(2009, 9, 1), date(2012, 8, 31))
    assert birth_range(2027, 12) == (date(2008, 9, 1), date(2011, 8, 31))
    data = csv_bytes(row(date_of_birth="2016-01-01"), row(upn=UPN_2, year_group="12", date_of_birth="2011-09-01"))
    found = plan_import(data, LOOKUPS).problems
    assert [(p.row, p.column) for p in found] == [(2, "date_of_birth"), (3, "date_of_birth")]
    assert "does not fit Year 11 for September 2027" in found[0].message


def test_a_upn_twice_in_one_file_names_the_first_row():
    found = plan_import(csv_bytes(row(), row(given_name="Twin"), row(upn=UPN_2)), LOOKUPS).problems
    assert [(p.row, p.column, p.message) for p in found] == [
        (3, "upn", "Row 2 has the same UPN: each learner once only")
    ]


def test_a_lower_case_upn_is_accepted_and_stored_in_capitals():
    plan = plan_import(csv_bytes(row(upn=UPN_1.lower())), LOOKUPS)
    assert plan.problems == [] and plan.learners[0].upn == UPN_1


def test_header_problems_are_reported_before_any_row():
    header = [name for name in GOOD if name != "fsm"] + ["shoe_size"]
    assert problems(csv_bytes(row(shoe_size="5"), header=header)) == [(1, "shoe_size"), (1, "fsm")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The selected file is empty"),
        (b"upn,given_name\n", "The selected file has a header row but no learners"),
        ("upn\nCafé".encode("latin-1"), "must be saved as UTF-8"),
    ],
)
def test_unreadable_files_are_refused(data, message):
    with pytest.raises(ImportRefused, match=message):
        plan_import(data, LOOKUPS)


def test_the_guide_documents_every_column_and_its_example_imports():
    guide = GUIDE.read_text()
    for name in GOOD:
        assert f"`{name}`" in guide, name
    example = re.search(r"```csv\n(.*?)```", guide, re.S).group(1)
    lookups = CohortLookups(entry_year=2027, school_ids={"123456": 1, "654321": 2})
    assert plan_import(example.encode(), lookups).problems == []


def test_activation_codes_are_typed_back_forgivingly():
    assert normalise_code(" kx7 p2q-9mt ") == "KX7-P2Q-9MT"
    assert normalise_code("KX7-P2Q-9M") is None
    assert normalise_code("KX7-P2Q-9M0") is None, "0 is not in the alphabet"
    assert not set("ILOS015") & set(CODE_ALPHABET)


# Writing


@pytest.fixture
def schools():
    EntryYearFactory(year=2027)
    return SchoolFactory(urn="123456"), SchoolFactory(urn="654321")


def _import(data: bytes, entry_year: int = 2027):
    return import_cohort(data, source="test.csv", entry_year=entry_year)


def _learner_count() -> int:
    return db.session.scalar(select(func.count(Learner.id)))


def test_import_creates_learners_their_cohort_entries_and_unique_codes(schools):
    rows = [row(upn=with_check_letter(f"8234567{n:05d}"), given_name=f"Learner {n}") for n in range(40)]
    rows[1]["school_urn"] = "654321"
    result = _import(csv_bytes(*rows))
    assert (result.created, result.updated, result.codes_issued, result.problems) == (40, 0, 40, [])
    codes = db.session.scalars(select(Learner.activation_code)).all()
    assert len(set(codes)) == 40 and all(normalise_code(code) == code for code in codes)
    entries = db.session.scalars(select(CohortEntry)).all()
    assert len(entries) == 40 and {entry.school.urn for entry in entries} == {"123456", "654321"}
    assert {entry.entry_year.year for entry in entries} == {2027}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "cohort-imported"))
    assert event.detail["created"] == 40 and event.detail["entry_year"] == 2027


def test_reimporting_updates_learners_matched_on_upn_and_never_duplicates_them(schools):
    _import(csv_bytes(row(), row(upn=UPN_2)))
    first_code = db.session.scalar(select(Learner.activation_code).where(Learner.upn == UPN_1))
    result = _import(csv_bytes(row(family_name="Okafor-Smith", school_urn="654321", fsm="N"), row(upn=UPN_2)))
    assert (result.created, result.updated, result.codes_issued) == (0, 2, 0)
    assert _learner_count() == 2
    learner = db.session.scalar(select(Learner).where(Learner.upn == UPN_1))
    assert learner.family_name == "Okafor-Smith" and learner.free_school_meals is False
    assert learner.activation_code == first_code, "a code already handed out keeps working"
    assert [(entry.school.urn, entry.year_group) for entry in learner.cohort_entries] == [("654321", 11)]


def test_a_new_entry_year_adds_a_cohort_entry_for_the_same_learner(schools):
    _import(csv_bytes(row()))
    EntryYearFactory(year=2028)
    _import(csv_bytes(row(year_group="12")), entry_year=2028)
    learner = db.session.scalar(select(Learner))
    assert sorted((e.entry_year.year, e.year_group) for e in learner.cohort_entries) == [(2027, 11), (2028, 12)]


def test_learners_with_accounts_get_no_code_and_keep_their_own_email(schools):
    user = LearnerUserFactory(learner__upn=UPN_1, learner__activation_code=None, learner__email="mine@example.org")
    result = _import(csv_bytes(row(email="school@example.org")))
    assert (result.updated, result.codes_issued) == (1, 0)
    db.session.refresh(user.learner)
    assert user.learner.activation_code is None and user.learner.email == "mine@example.org"


def test_a_file_with_one_bad_row_imports_nothing(schools):
    LearnerFactory(upn=UPN_1, given_name="Before")
    result = _import(csv_bytes(row(given_name="After"), row(upn=UPN_2, school_urn="111111")))
    assert result.rows_with_problems == 1 and result.imported == 0
    assert result.refusal.startswith("The file has problems in 1 row, so nothing was imported")
    assert db.session.scalar(select(Learner.given_name).where(Learner.upn == UPN_1)) == "Before"
    assert _learner_count() == 1
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_an_entry_year_that_does_not_exist_is_refused(schools):
    with pytest.raises(ImportRefused, match="Entry year 2031 has not been set up"):
        _import(csv_bytes(row()), entry_year=2031)


# The command


def _write(tmp_path, data: bytes) -> str:
    path = tmp_path / "roll.csv"
    path.write_bytes(data)
    return str(path)


def test_command_imports_with_progress(app, tmp_path, schools):
    rows = [row(upn=with_check_letter(f"8234567{n:05d}")) for n in range(25)]
    result = app.test_cli_runner().invoke(
        args=["import-cohort", _write(tmp_path, csv_bytes(*rows)), "--entry-year", "2027"]
    )
    assert result.exit_code == 0, result.output
    assert "Saving learners" in result.output
    assert "Imported 25 learners" in result.output and "25 new, 0 updated; 25 new activation codes" in result.output
    assert _learner_count() == 25


def test_command_uses_the_running_cycle_without_an_entry_year(app, tmp_path, schools):
    result = app.test_cli_runner().invoke(args=["import-cohort", _write(tmp_path, csv_bytes(row()))])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(CohortEntry)).entry_year.year == 2027


def test_command_lists_every_problem_and_imports_nothing(app, tmp_path, schools):
    data = csv_bytes(row(fsm="X"), row(upn=UPN_2, school_urn="222222"))
    result = app.test_cli_runner().invoke(args=["import-cohort", _write(tmp_path, data), "--entry-year", "2027"])
    assert result.exit_code != 0
    assert (
        "Row 2, column fsm:" in result.output and "Row 3, column school_urn: No school has URN 222222" in result.output
    )
    assert "Nothing was imported: fix the 2 row(s) above" in result.output
    assert _learner_count() == 0


# The council's pages


@pytest.fixture
def council(client):
    user = UserFactory()
    sign_in(client, user)
    return user


def _upload(client, data: bytes, filename="roll.csv", year="2027"):
    return client.post(
        "/council/cohort/import",
        data={"file": (io.BytesIO(data), filename), "entry_year": year},
        content_type="multipart/form-data",
    )


def test_upload_imports_and_shows_the_schools(client, council, schools):
    response = _upload(
        client, csv_bytes(row(), row(upn=UPN_2, school_urn="654321", year_group="12", date_of_birth="2009-10-10"))
    )
    assert response.status_code == 302 and response.headers["Location"] == "/council/cohort/?year=2027"
    page = Page(client.get(response.headers["Location"]))
    assert page.h1 == "Cohort for September 2027"
    assert "2 learners imported: 2 new, 0 updated. 2 new activation codes." in page
    assert schools[0].name in page and schools[1].name in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "cohort-imported"))
    assert event.actor_id == council.id


def test_upload_with_problems_lists_them_and_imports_nothing(client, council, schools):
    page = Page(_upload(client, csv_bytes(row(), row(upn=UPN_2, school_urn="999999"))))
    assert page.error_summary == [
        "The file has problems in 1 row, so nothing was imported: fix them and import it again"
    ]
    assert "No school has URN 999999" in page and 'id="import-problems"' in page
    assert _learner_count() == 0


def test_upload_refuses_a_file_that_is_not_a_csv(client, council, schools):
    page = Page(_upload(client, b"%PDF-1.4", filename="roll.pdf"))
    assert page.error_summary == ["The selected file must be a CSV"]


def test_an_oversized_upload_is_refused_with_413(app, client, council, schools):
    page = Page(_upload(client, b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)), expected_status=413)
    assert page.h1 == "The file is too large"


def test_codes_download_per_school_is_audited(client, council, schools):
    _import(csv_bytes(row(), row(upn=UPN_2, school_urn="654321", given_name="=HYPERLINK()")))
    response = client.get(f"/council/cohort/schools/{schools[0].id}/activation-codes.csv?year=2027")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "activation-codes-123456-2027.csv" in response.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    code = db.session.scalar(select(Learner.activation_code).where(Learner.upn == UPN_1))
    assert lines == [
        ["UPN", "Given name", "Family name", "Year group", "Activation code"],
        [UPN_1, "Amara", "Okafor", "11", code],
    ]
    other = client.get(f"/council/cohort/schools/{schools[1].id}/activation-codes.csv?year=2027").get_data(as_text=True)
    assert "'=HYPERLINK()" in other, "names are made safe for spreadsheets"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "activation-codes-downloaded")).all()
    assert [(event.subject_id, event.actor_id, event.detail["codes"]) for event in events] == [
        (schools[0].id, council.id, 1),
        (schools[1].id, council.id, 1),
    ]


def test_cohort_pages_are_for_the_council_only(client, schools):
    sign_in(client, UserFactory(provider_staff=True))
    assert client.get("/council/cohort/").status_code == 403
    assert client.get(f"/council/cohort/schools/{schools[0].id}/activation-codes.csv").status_code == 403
