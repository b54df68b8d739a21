"""Council back office: guards, areas, providers, entry years, course upload and the completeness pages."""

import html
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEvent
from prospectus.models import Area, Course, EntryYear, Provider
from tests.conftest import Page, sign_in
from tests.factories import AreaFactory, CourseFactory, EntryYearFactory, ProviderFactory, UserFactory
from tests.prospectus.test_importer import GOOD, csv_bytes

BACK_OFFICE = [
    ("get", "/council/"),
    ("get", "/council/areas"),
    ("post", "/council/areas/new"),
    ("post", "/council/areas/1/edit"),
    ("get", "/council/providers"),
    ("post", "/council/providers/new"),
    ("post", "/council/providers/1/edit"),
    ("get", "/council/entry-years"),
    ("post", "/council/entry-years/new"),
    ("post", "/council/entry-years/1/edit"),
    ("post", "/council/import-courses"),
    ("get", "/council/completeness"),
    ("get", "/council/completeness.csv"),
    ("get", "/council/staff/"),
    ("post", "/council/staff/invite"),
    ("post", "/council/staff/1/edit"),
    ("post", "/council/staff/1/resend-invitation"),
    ("post", "/council/staff/1/deactivate"),
]


@pytest.fixture
def council(client):
    user = UserFactory(name="Chris Council")
    sign_in(client, user)
    return user


def summary(page: Page) -> list[str]:
    return [html.unescape(item) for item in page.error_summary]


def _events(name: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == name)))


# Guards


@pytest.mark.parametrize(("method", "url"), BACK_OFFICE)
def test_anonymous_users_are_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("trait", ["provider_staff", "adviser"])
def test_other_roles_are_refused(client, trait):
    sign_in(client, UserFactory(**{trait: True}))
    for method, url in BACK_OFFICE:
        assert getattr(client, method)(url).status_code == 403, url
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.event != "sign-in")) == 0


def test_dashboard_links_to_every_part_of_the_back_office(client, council):
    page = Page(client.get("/council/"))
    assert page.h1 == "Council back office"
    for href in ["/council/areas", "/council/providers", "/council/entry-years", "/council/import-courses",
                 "/council/completeness", "/council/staff/"]:  # fmt: skip
        assert f'href="{href}"' in page.html, href


# Areas


def test_areas_are_listed_with_their_provider_counts(client, council):
    area = AreaFactory(name="Abingdon and Didcot")
    ProviderFactory.create_batch(2, area=area)
    page = Page(client.get("/council/areas"))
    assert (
        "Abingdon and Didcot" in page.html and '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page
    )


def test_adding_an_area(client, council):
    response = client.post("/council/areas/new", data={"name": "  Banbury  ", "description": "North Oxfordshire"})
    assert response.status_code == 302
    area = db.session.scalar(select(Area))
    assert (area.name, area.description) == ("Banbury", "North Oxfordshire")
    assert _events("area-created")[0].actor_id == council.id
    assert "Banbury area added" in client.get("/council/areas").get_data(as_text=True)


def test_an_area_needs_a_unique_name(client, council):
    AreaFactory(name="Banbury")
    page = Page(client.post("/council/areas/new", data={"name": "banbury", "description": "Again"}))
    assert page.error_summary == ["There is already an area called banbury: enter a different name"]
    assert page.title.startswith("Error: ")
    assert ">Again</textarea>" in page
    assert summary(Page(client.post("/council/areas/new", data={"name": ""}))) == ["Enter the area's name"]
    assert db.session.scalar(select(func.count(Area.id))) == 1


def test_renaming_an_area(client, council):
    area, other = AreaFactory(name="Oxford"), AreaFactory(name="Witney")
    clash = Page(client.post(f"/council/areas/{area.id}/edit", data={"name": "Witney"}))
    assert clash.error_summary == ["There is already an area called Witney: enter a different name"]
    response = client.post(f"/council/areas/{area.id}/edit", data={"name": "Oxford City", "description": "The city"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Area, area.id).name == "Oxford City" and other.name == "Witney"
    assert _events("area-updated")[0].detail["name"] == {"from": "Oxford", "to": "Oxford City"}
    assert client.get("/council/areas/999/edit").status_code == 404


# Providers


def _provider_form(area, **changes) -> dict:
    return {
        "name": "Abingdon and Witney College",
        "urn": "",
        "ukprn": "10000055",
        "provider_type": "fe-college",
        "area_id": str(area.id),
        "address": "Wootton Road, Abingdon",
        "postcode": "ox14 1gg",
        "website": "https://www.abingdon-witney.ac.uk",
        "email": "enquiries@abingdon-witney.ac.uk",
        "telephone": "01235 555585",
    } | changes


def test_providers_are_listed_with_type_area_identifiers_and_course_counts(client, council):
    provider = ProviderFactory(name="Cherwell School", urn="123456", ukprn=None, provider_type="school-sixth-form")
    CourseFactory.create_batch(2, provider=provider)
    CourseFactory(provider=provider, draft=True)
    page = Page(client.get("/council/providers"))
    row = page.html.split("Cherwell School")[1].split("</tr>")[0]
    assert "School with a sixth form" in row and provider.area.name in row and "123456" in row
    assert ">2</td>" in row and ">3</td>" in row


def test_adding_a_provider(client, council):
    area = AreaFactory()
    assert client.post("/council/providers/new", data=_provider_form(area)).status_code == 302
    provider = db.session.scalar(select(Provider))
    assert (provider.ukprn, provider.urn, provider.postcode, provider.area) == ("10000055", None, "OX14 1GG", area)
    assert round(provider.latitude, 2) == 51.68  # located, for distance searches
    assert _events("provider-created")[0].subject_id == provider.id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the provider's name"),
        ({"ukprn": ""}, "Enter a URN or a UKPRN: a provider needs at least one"),
        ({"urn": "12345"}, "URN must be 6 digits, like 000007"),
        ({"ukprn": "20000055"}, "UKPRN must be 8 digits, starting with 1, like 10000007"),
        ({"provider_type": ""}, "Select the type of provider"),
        ({"area_id": ""}, "Select the provider's area"),
        ({"postcode": "OX14"}, "Enter a full postcode, like OX14 1GG"),
        ({"postcode": "QQ1 1AA"}, "QQ1 1AA is not a postcode we know: check it"),
        ({"website": "abingdon"}, "Enter a website address in the correct format, like https://www.example.ac.uk"),
        ({"email": "enquiries"}, "Enter an email address in the correct format, like admissions@example.ac.uk"),
        ({"telephone": "call us"}, "Enter a telephone number, like 01865 123456"),
    ],
)
def test_bad_provider_details_say_what_to_fix(client, council, changes, message):
    page = Page(client.post("/council/providers/new", data=_provider_form(AreaFactory(), **changes)))
    assert summary(page) == [message]
    assert "Wootton Road, Abingdon" in page  # other answers are kept
    assert db.session.scalar(select(func.count(Provider.id))) == 0


def test_urn_and_ukprn_must_be_unique(client, council):
    existing = ProviderFactory(name="Larkmead School", urn="123456", ukprn="10000055")
    form = _provider_form(existing.area, urn="123456", ukprn="")
    assert Page(client.post("/council/providers/new", data=form)).error_summary == [
        "URN 123456 is already used by Larkmead School: check the number"
    ]
    assert Page(client.post("/council/providers/new", data=_provider_form(existing.area))).error_summary == [
        "UKPRN 10000055 is already used by Larkmead School: check the number"
    ]


def test_changing_a_provider(client, council):
    provider = ProviderFactory(urn="123456")
    page = Page(client.get(f"/council/providers/{provider.id}/edit"))
    assert 'value="123456"' in page and f'href="/council/staff/invite?provider={provider.id}"' in page
    form = _provider_form(provider.area, name="New name", urn="123456", ukprn=provider.ukprn, postcode="OX1 1AA")
    assert client.post(f"/council/providers/{provider.id}/edit", data=form).status_code == 302
    db.session.expire_all()
    provider = db.session.get(Provider, provider.id)
    assert (provider.name, provider.postcode) == ("New name", "OX1 1AA")
    assert round(provider.latitude, 2) == 51.75  # moved to the new postcode
    assert "postcode" in _events("provider-updated")[0].detail["changed"]
    # Its own identifiers are not a clash with itself.
    assert client.post(f"/council/providers/{provider.id}/edit", data=form).status_code == 302
    assert client.get("/council/providers/999/edit").status_code == 404


# Entry years


def _dates(prefix: str, day: date) -> list[tuple[str, str]]:
    return [(prefix, str(day.day)), (prefix, str(day.month)), (prefix, str(day.year))]


def _entry_year_form(year="2028", opens=date(2027, 10, 1), main=date(2028, 2, 28), guarantee=date(2028, 9, 30), **more):
    fields = [("year", year)] if year is not None else []
    fields += _dates("applications_open", opens) + _dates("main_deadline", main)
    fields += _dates("guarantee_deadline", guarantee)
    fields += list(({"max_choices": "5", "response_working_days": "20"} | more).items())
    return fields


def _post(client, url, fields):
    from werkzeug.datastructures import MultiDict

    return client.post(url, data=MultiDict(fields))


def test_adding_an_entry_year_with_the_usual_limits(client, council):
    assert 'value="5"' in Page(client.get("/council/entry-years/new"))
    assert _post(client, "/council/entry-years/new", _entry_year_form()).status_code == 302
    entry_year = db.session.scalar(select(EntryYear))
    assert (entry_year.year, entry_year.main_deadline, entry_year.max_choices) == (2028, date(2028, 2, 28), 5)
    assert entry_year.response_working_days == 20
    assert _events("entry-year-created")[0].detail["year"] == 2028
    assert "28 February 2028" in Page(client.get("/council/entry-years")).html


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (_entry_year_form(main=date(2027, 9, 1)), "The main deadline must be after the date applications open"),
        (_entry_year_form(guarantee=date(2028, 2, 1)), "The guarantee deadline must be on or after the main deadline"),
        (_entry_year_form(year=""), "Enter the year courses start, like 2027"),
        (_entry_year_form(year="27"), "Enter the year courses start as 4 digits, like 2027"),
        (_entry_year_form(max_choices="11"), "The most choices a learner can make must be from 1 to 10"),
        (_entry_year_form(max_choices="five"), "Enter the most choices a learner can make as a number from 1 to 10"),
        (_entry_year_form(response_working_days="0"), "The number of working days to respond must be from 1 to 60"),
    ],
)
def test_entry_year_problems_say_what_to_fix(client, council, form, message):
    page = Page(_post(client, "/council/entry-years/new", form))
    assert page.error_summary == [message]
    assert db.session.scalar(select(func.count(EntryYear.id))) == 0


def test_dates_must_be_real(client, council):
    fields = _entry_year_form()
    fields[1:4] = [("applications_open", "31"), ("applications_open", "2"), ("applications_open", "2027")]
    page = Page(_post(client, "/council/entry-years/new", fields))
    assert page.error_summary == ["The date applications open must be a real date"]
    assert 'value="31"' in page  # what was typed is kept
    fields[1:4] = [("applications_open", "")] * 3
    assert Page(_post(client, "/council/entry-years/new", fields)).error_summary == ["Enter the date applications open"]


def test_an_entry_year_is_added_once(client, council):
    EntryYearFactory(year=2028)
    page = Page(_post(client, "/council/entry-years/new", _entry_year_form()))
    assert page.error_summary == ["Entry year 2028 already exists: change its dates instead"]


def test_changing_the_dates_of_an_entry_year(client, council):
    entry_year = EntryYearFactory(year=2027)
    page = Page(client.get(f"/council/entry-years/{entry_year.id}/edit"))
    assert page.h1 == "Change the dates for September 2027" and 'name="year"' not in page
    form = _entry_year_form(year=None, opens=date(2026, 9, 15), main=date(2027, 3, 1), max_choices="4")
    assert _post(client, f"/council/entry-years/{entry_year.id}/edit", form).status_code == 302
    db.session.expire_all()
    changed = db.session.get(EntryYear, entry_year.id)
    assert (changed.applications_open, changed.main_deadline, changed.max_choices) == (
        date(2026, 9, 15),
        date(2027, 3, 1),
        4,
    )
    assert _events("entry-year-updated")[0].detail["main_deadline"] == "2027-03-01"
    bad = _entry_year_form(year=None, guarantee=date(2027, 1, 1))
    assert Page(_post(client, f"/council/entry-years/{entry_year.id}/edit", bad)).error_summary == [
        "The guarantee deadline must be on or after the main deadline"
    ]
    assert client.get("/council/entry-years/999/edit").status_code == 404


# Course import by upload


def _upload(client, data: bytes, filename="courses.csv", provider=""):
    return client.post(
        "/council/import-courses",
        data={"file": (io.BytesIO(data), filename), "provider": provider},
        content_type="multipart/form-data",
    )


def test_uploading_a_good_file(client, council):
    ProviderFactory(ukprn="10000001")
    EntryYearFactory(year=2027)
    response = _upload(client, csv_bytes(GOOD, GOOD | {"provider_course_code": "X2", "status": "draft"}))
    assert response.status_code == 302
    assert "2 courses imported: 2 new, 0 updated" in Page(client.get("/council/import-courses")).html
    assert db.session.scalar(select(func.count(Course.id))) == 2
    assert _events("courses-imported")[0].actor_id == council.id


def test_uploading_a_bad_file_lists_every_problem_and_imports_nothing(client, council):
    ProviderFactory(ukprn="10000001")
    EntryYearFactory(year=2027)
    data = csv_bytes(GOOD, GOOD | {"provider_course_code": "B", "level": "9"}, GOOD | {"provider_course_code": "C"})
    data += b"19999999,2027,D,Title,draft\r\n"
    page = Page(_upload(client, data))
    assert page.error_summary == [
        "The file has problems in 2 rows, so nothing was imported: fix them and import it again"
    ]
    table = page.html.split('id="import-problems"')[1]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in table and "level" in table
    assert "No provider has UKPRN 19999999" in table
    assert db.session.scalar(select(func.count(Course.id))) == 0


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"%PDF-1.4", "courses.pdf", "The selected file must be a CSV"),
        (b"", "courses.csv", "The selected file is empty"),
        ("title\r\nCaf\xe9\r\n".encode("cp1252"), "courses.csv", "must be saved as UTF-8"),
    ],
)
def test_files_that_cannot_be_imported_are_refused_with_a_message(client, council, data, filename, message):
    page = Page(_upload(client, data, filename))
    assert message in page.error_summary[0]


def test_an_upload_needs_a_file_and_a_known_provider(client, council):
    missing = client.post("/council/import-courses", data={"provider": ""}, content_type="multipart/form-data")
    assert Page(missing).error_summary == ["Select a CSV file"]
    unknown = Page(_upload(client, csv_bytes(GOOD), provider="100000"))
    assert unknown.error_summary == ["No provider has the URN or UKPRN 100000: check the number"]


def test_an_oversized_upload_is_refused_with_413(app, client, council):
    limit = app.config["MAX_CONTENT_LENGTH"]
    page = Page(_upload(client, b"x" * (limit + 1)), expected_status=413)
    assert page.h1 == "The file is too large"


# Completeness report pages


def test_completeness_page_shows_the_figures_and_the_definition(client, council):
    year = EntryYearFactory(year=2027)
    EntryYearFactory(year=2028)
    complete = ProviderFactory(name="Complete College", description="About us", telephone="01865 000000")
    CourseFactory(provider=complete, entry_year=year)
    ProviderFactory(name="Empty School")
    page = Page(client.get("/council/completeness?year=2027"))
    assert page.h1 == "Prospectus completeness for September 2027"
    assert "1 of 2 providers complete" in page
    assert "it has at least one published course for the entry year" in page
    assert "No published courses" in page.html.split("Empty School")[1]
    assert 'href="/council/completeness.csv?year=2027"' in page
    assert '<option value="2028">' in page


def test_completeness_for_an_unknown_year_is_404_and_no_years_is_explained(client, council):
    page = Page(client.get("/council/completeness"))
    assert "There are no entry years yet" in page
    assert client.get("/council/completeness?year=2099").status_code == 404
    assert client.get("/council/completeness?year=next").status_code == 404
    assert client.get("/council/completeness.csv").status_code == 404


def test_completeness_csv_download(client, council):
    year = EntryYearFactory(year=2027)
    CourseFactory(entry_year=year)
    response = client.get("/council/completeness.csv?year=2027")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="prospectus-completeness-2027.csv"'
    assert response.get_data(as_text=True).startswith("Provider,URN,UKPRN,Type,Area,Published 14-16")
    assert _events("completeness-exported")[0].actor_id == council.id
