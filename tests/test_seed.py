"""`flask seed demo`: the county is seeded once for this module, and the tests read a snapshot of what it loaded.

The harness empties the database after every test, so the fixture copies the rows out before the first test ends.
"""

import re
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from core.auth.passwords import check_password
from core.extensions import db
from core.models import User
from core.postcodes import locate, normalise
from prospectus.demo import catalogue
from prospectus.demo.colleges import apprenticeship_title
from prospectus.demo.loader import DemoDataRefused, _provider_plan, seed_demo
from prospectus.demo.places import AREAS
from prospectus.demo.sources import PROVIDERS_FILE, _read, standards
from prospectus.models import REQUIRED_TO_PUBLISH, Area, Course, EntryYear, Provider
from prospectus.reference import AGE_GROUPS, PROVIDER_TYPES
from tests.conftest import DEMO_PASSWORD


def _rows(model) -> list[dict]:
    columns = model.__table__.columns
    return [dict(row._mapping) for row in db.session.execute(select(*columns)).all()]


@pytest.fixture(scope="module")
def seeded(app):
    """Seed through the command three times: --if-empty loads, --if-empty again does nothing, a plain run refuses."""
    runner = app.test_cli_runner()
    env = {"DEMO_PASSWORD": DEMO_PASSWORD}
    with app.app_context():
        first = runner.invoke(args=["seed", "demo", "--if-empty"], env=env)
        counts_after_first = (len(_rows(Provider)), len(_rows(Course)))
        again = runner.invoke(args=["seed", "demo", "--if-empty"], env=env)
        refused = runner.invoke(args=["seed", "demo"], env=env)
        snapshot = {
            "outputs": (first, again, refused),
            "counts_after_first": counts_after_first,
            "areas": _rows(Area),
            "providers": _rows(Provider),
            "years": {row["id"]: row for row in _rows(EntryYear)},
            "courses": _rows(Course),
            "users": _rows(User),
        }
        db.session.remove()
    return snapshot


@pytest.fixture(scope="module")
def courses(seeded):
    years = {row["id"]: row["year"] for row in seeded["years"].values()}
    return [{**course, "year": years[course["entry_year_id"]]} for course in seeded["courses"]]


@pytest.fixture(scope="module")
def current(courses):
    return [course for course in courses if course["year"] == 2027]


@pytest.fixture(scope="module")
def providers(seeded):
    return {row["id"]: row for row in seeded["providers"]}


def test_the_command_loads_once_and_then_leaves_the_data_alone(seeded):
    first, again, refused = seeded["outputs"]

    assert first.exit_code == 0, first.output
    assert "Loaded 7 areas and 61 providers." in first.output
    assert "college@pathways.example" in first.output
    assert "September 2027:" in first.output
    assert again.exit_code == 0
    assert "already has providers" in again.output
    assert refused.exit_code != 0
    assert "fresh database" in refused.output
    assert seeded["counts_after_first"] == (len(seeded["providers"]), len(seeded["courses"]))


def test_areas_are_the_seven_consortia_and_every_one_has_providers(seeded, providers):
    assert sorted(area["name"] for area in seeded["areas"]) == sorted(AREAS)
    used = Counter(provider["area_id"] for provider in providers.values())
    assert all(used[area["id"]] >= 3 for area in seeded["areas"])


def test_every_real_16_to_19_provider_is_loaded_with_an_identifier(providers):
    ukprns = {provider["ukprn"] for provider in providers.values()}
    assert {row["ukprn"] for row in _read(PROVIDERS_FILE)} <= ukprns
    for provider in providers.values():
        assert provider["urn"] or provider["ukprn"]
        assert provider["urn"] is None or re.fullmatch(r"\d{6}", provider["urn"])
        assert provider["ukprn"] is None or re.fullmatch(r"1\d{7}", provider["ukprn"])
        assert provider["provider_type"] in PROVIDER_TYPES
        assert provider["description"] and provider["lldd_support"] and provider["transport"]


def test_providers_have_real_postcodes_and_coordinates(providers):
    located = [provider for provider in providers.values() if provider["latitude"] is not None]
    assert len(located) >= len(providers) - 1
    with_postcode = [provider for provider in providers.values() if provider["postcode"]]
    assert all(normalise(provider["postcode"]) == provider["postcode"] for provider in with_postcode)
    exact = [provider for provider in with_postcode if locate(provider["postcode"]).is_exact]
    assert len(exact) >= len(providers) - 6
    henley = next(provider for provider in providers.values() if provider["name"] == "The Henley College")
    assert henley["postcode"] == "RG9 1UH"


def test_the_prospectus_has_two_to_four_thousand_courses_for_2027(current, courses):
    last_year = [course for course in courses if course["year"] == 2026]
    assert 2000 <= len(current) <= 4000
    assert 0 < len(last_year) < len(current)
    assert {course["status"] for course in last_year} == {"published"}


def test_entry_years_have_the_councils_dates(seeded):
    years = {row["year"]: row for row in seeded["years"].values()}
    assert years[2026]["main_deadline"] == date(2026, 2, 27)
    assert years[2027]["applications_open"] == date(2026, 10, 1)
    assert years[2027]["main_deadline"] == date(2027, 2, 26)
    assert years[2027]["guarantee_deadline"] == date(2027, 9, 30)


def test_every_published_course_is_complete(courses):
    published = [course for course in courses if course["status"] == "published"]
    for course in published:
        assert all(course[name] not in (None, "") for name in REQUIRED_TO_PUBLISH), course["title"]


def test_most_courses_are_published_and_some_drafts_are_incomplete(current):
    statuses = Counter(course["status"] for course in current)
    assert statuses["published"] > 0.9 * len(current)
    drafts = [course for course in current if course["status"] == "draft"]
    assert any(any(course[name] is None for name in REQUIRED_TO_PUBLISH) for course in drafts)
    assert statuses["withdrawn"] > 0


def test_titles_read_as_a_real_prospectus(courses):
    titles = [course["title"] for course in courses]
    assert len(set(titles)) >= 300
    for course in courses:
        text = f"{course['title']} {course['description'] or ''}".lower()
        assert not re.search(r"\bcourse \d+\b", text)
        assert "lorem" not in text
    assert "A level Biology" in titles
    assert "GCSE English Language resit" in titles
    assert any(title.startswith("T Level in ") for title in titles)


def test_every_age_group_and_kind_of_provision_is_covered(current, providers):
    published = [course for course in current if course["status"] == "published"]
    assert {course["age_group"] for course in published} == set(AGE_GROUPS)
    kinds = {course["qualification_type"] for course in published}
    assert {
        "a-level",
        "t-level",
        "btec",
        "gcse-resit",
        "apprenticeship",
        "traineeship",
        "supported-internship",
        "foundation-learning",
        "key-stage-4",
    } <= kinds
    at_special_schools = [
        course for course in published if providers[course["provider_id"]]["provider_type"] == "special-school"
    ]
    assert {course["level"] for course in at_special_schools} & {"E1", "E2", "E3"}
    assert all(course["age_group"] == "lldd-14-25" for course in at_special_schools)
    assert any(course["study_mode"] == "part-time" for course in published)


def test_apprenticeships_use_real_standards(current):
    by_code = {standard.code: standard for standard in standards()}
    apprenticeships = [
        course for course in current if course["qualification_type"] == "apprenticeship" and course["status"] != "draft"
    ]
    assert len(apprenticeships) >= 100
    for course in apprenticeships:
        standard = by_code[course["apprenticeship_standard"]]
        assert course["title"] == apprenticeship_title(standard)
        assert course["level"] == str(min(standard.level, 4))
        assert course["ssa_tier2"] == standard.ssa_tier2
        assert course["nccis_offer_code"] == "310"


def test_offer_codes_follow_the_provider_and_the_kind_of_course(current, providers):
    def codes(provider_type, qualification_type):
        return {
            course["nccis_offer_code"]
            for course in current
            if providers[course["provider_id"]]["provider_type"] == provider_type
            and course["qualification_type"] == qualification_type
            and course["status"] == "published"
            and course["study_mode"] == "full-time"
        }

    assert codes("school-sixth-form", "a-level") == {"210"}
    assert codes("sixth-form-college", "a-level") == {"220"}
    assert codes("fe-college", "t-level") == {"230"}
    assert codes("special-school", "foundation-learning") == {"280"}
    assert codes("fe-college", "traineeship") == {"450"}
    assert codes("fe-college", "supported-internship") == {"460"}
    assert codes("fe-college", "apprenticeship") == {"310"}


def test_courses_start_in_early_september(courses):
    for course in courses:
        assert course["start_date"].month == 9 and course["start_date"].day <= 7
        assert course["start_date"].year == course["year"]


def test_demo_providers_have_last_years_courses_left_to_copy(courses, providers):
    for name in ("Abingdon and Witney College", "The Cherwell School"):
        provider_id = next(key for key, provider in providers.items() if provider["name"] == name)
        codes = {
            year: {c["provider_course_code"] for c in courses if c["provider_id"] == provider_id and c["year"] == year}
            for year in (2026, 2027)
        }
        assert codes[2026] - codes[2027], name


def test_demo_sign_ins_have_each_role_and_the_demo_password(seeded, providers):
    users = {user["email"]: user for user in seeded["users"] if user["role"] != "learner"}
    assert set(users) == {
        "council@pathways.example",
        "adviser@pathways.example",
        "college@pathways.example",
        "sixthform@pathways.example",
    }
    assert providers[users["college@pathways.example"]["provider_id"]]["name"] == "Abingdon and Witney College"
    assert providers[users["sixthform@pathways.example"]["provider_id"]]["provider_type"] == "school-sixth-form"
    assert users["council@pathways.example"]["role"] == "council"
    assert users["adviser@pathways.example"]["role"] == "adviser"
    assert check_password(users["adviser@pathways.example"]["password_hash"], DEMO_PASSWORD)


@pytest.mark.parametrize(("password", "message"), [(None, "Set DEMO_PASSWORD"), ("short", "12 characters")])
def test_a_missing_or_short_demo_password_is_refused_and_nothing_loads(app, password, message):
    with pytest.raises(DemoDataRefused, match=message):
        seed_demo(password)
    assert db.session.scalar(select(Provider.id)) is None


def test_the_command_explains_a_missing_password(app, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    result = app.test_cli_runner().invoke(args=["seed", "demo"])

    assert result.exit_code != 0
    assert "Set DEMO_PASSWORD" in result.output


def test_scaled_copies_get_new_names_and_identifiers():
    area_ids = {name: number for number, name in enumerate(AREAS, start=1)}
    plan = _provider_plan(area_ids, scale=3)
    rows = [row for row, _ in plan]

    assert len(rows) == 3 * 61
    assert len({row["name"] for row in rows}) == len(rows)
    assert len({row["ukprn"] for row in rows if row["ukprn"]}) == len([row for row in rows if row["ukprn"]])
    copies = [row for row in rows if "(Region copy " in row["name"]]
    assert len(copies) == 2 * 61
    assert all(row["urn"] is None and re.fullmatch(r"19\d{6}", row["ukprn"]) for row in copies)


def test_generation_is_deterministic():
    first = catalogue.courses_for("Wood Green School", "school-sixth-form", 170, 2027, "seed")
    second = catalogue.courses_for("Wood Green School", "school-sixth-form", 170, 2027, "seed")

    assert first == second
    assert len({course["provider_course_code"] for course in first}) == len(first)
