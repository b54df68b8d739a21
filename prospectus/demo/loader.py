"""Write the demo county into the database with bulk inserts, and report what was loaded."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, insert, select

from application.demo import DEMO_LEARNER_EMAIL, CohortReport, load_demo_cohort
from core.auth.passwords import hash_password, password_problem
from core.extensions import db
from core.models import User
from core.roles import ADVISER, COUNCIL, LEARNER, PROVIDER, ROLES, STAFF_ROLES
from core.timeutil import utcnow
from prospectus.demo.catalogue import CURRENT_YEAR, courses_for
from prospectus.demo.places import AREAS
from prospectus.demo.profiles import provider_rows
from prospectus.demo.sources import provider_sources
from prospectus.models import Area, Course, EntryYear, Provider

SEED = "pathways-oxfordshire"
LAST_YEAR = CURRENT_YEAR - 1

ENTRY_YEARS = (
    {
        "year": 2026,
        "applications_open": date(2025, 10, 1),
        "main_deadline": date(2026, 2, 27),
        "guarantee_deadline": date(2026, 9, 30),
    },
    {
        "year": 2027,
        "applications_open": date(2026, 10, 1),
        "main_deadline": date(2027, 2, 26),
        "guarantee_deadline": date(2027, 9, 30),
    },
)

COLLEGE = "Abingdon and Witney College"
SIXTH_FORM = "The Cherwell School"
DEMO_USERS = (
    ("council@pathways.example", "Priya Shah", COUNCIL, None),
    ("adviser@pathways.example", "Tom Bennett", ADVISER, None),
    ("college@pathways.example", "Helen Carter", PROVIDER, COLLEGE),
    ("sixthform@pathways.example", "Daniel Okafor", PROVIDER, SIXTH_FORM),
)

# Providers that have not yet entered next year's courses: only last year's are in the prospectus.
NOT_YET_UPDATED = {"Bicester Technology Studio", "EMBS Community College Ltd"}
# Last year's courses are loaded for the demo providers and every third other one, for "copy last year's courses".
LAST_YEAR_EVERY = 3


class DemoDataRefused(Exception):
    """The demo data cannot be loaded; the message says why and what to do."""


@dataclass
class SeedReport:
    areas: int = 0
    providers: int = 0
    courses: Counter = field(default_factory=Counter)  # (entry year, status) -> count
    sign_ins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, email, provider)
    cohort: CohortReport = field(default_factory=CohortReport)


def providers_exist() -> bool:
    return db.session.scalar(select(func.count(Provider.id))) > 0


def check_demo_password(password: str | None) -> str:
    if not password:
        raise DemoDataRefused("Set DEMO_PASSWORD to the password the demo sign-ins should use (12 characters or more)")
    problem = password_problem(password)
    if problem:
        raise DemoDataRefused(f"DEMO_PASSWORD is not good enough: {problem}")
    return password


def seed_demo(password: str | None, scale: int = 1) -> SeedReport:
    """Load the Oxfordshire demo prospectus, cohort, applications and sign-ins into an empty database, in one
    transaction."""
    password = check_demo_password(password)
    if providers_exist():
        raise DemoDataRefused("The database already has providers: load the demo data into a fresh database")
    year_ids = _insert_entry_years()
    area_ids = _insert_areas()
    providers = _provider_plan(area_ids, scale)
    db.session.execute(insert(Provider), [row for row, _ in providers])
    provider_ids = dict(db.session.execute(select(Provider.name, Provider.id)).all())
    for year in (LAST_YEAR, CURRENT_YEAR):
        db.session.execute(insert(Course), _course_rows(providers, provider_ids, year, year_ids[year]))
    password_hash = hash_password(password)
    sign_ins = _insert_users(password_hash, provider_ids)
    cohort = load_demo_cohort(password_hash, utcnow(), area_ids, _provider_staff(provider_ids))
    sign_ins.append((ROLES[LEARNER], DEMO_LEARNER_EMAIL, ""))
    db.session.commit()
    report = _report(sign_ins)
    report.cohort = cohort
    return report


def _insert_entry_years() -> dict[int, int]:
    db.session.execute(insert(EntryYear), [dict(row) for row in ENTRY_YEARS])
    return dict(db.session.execute(select(EntryYear.year, EntryYear.id)).all())


def _insert_areas() -> dict[str, int]:
    db.session.execute(insert(Area), [{"name": name, "description": text} for name, text in AREAS.items()])
    return dict(db.session.execute(select(Area.name, Area.id)).all())


def _provider_plan(area_ids: dict[str, int], scale: int) -> list[tuple[dict, int | None]]:
    """Provider rows, each with its number of 16-19 students; copies for --scale get new names and UKPRNs."""
    sources = provider_sources()
    rows = provider_rows(sources, area_ids, random.Random(SEED))
    plan = [(row, source.students) for row, source in zip(rows, sources, strict=True)]
    copies = [
        (_copy(row, number, index), students)
        for number in range(2, scale + 1)
        for index, (row, students) in enumerate(plan)
    ]
    return plan + copies


def _copy(row: dict, number: int, index: int) -> dict:
    return {**row, "name": f"{row['name']} (Region copy {number})", "urn": None, "ukprn": f"19{number:02d}{index:04d}"}


def _course_rows(providers, provider_ids: dict[str, int], year: int, year_id: int) -> list[dict]:
    rows = []
    for index, (provider, students) in enumerate(providers):
        if not _has_courses(provider["name"], index, year):
            continue
        for course in courses_for(provider["name"], provider["provider_type"], students, year, SEED):
            course.update(provider_id=provider_ids[provider["name"]], entry_year_id=year_id)
            rows.append(course)
    return rows


def _has_courses(name: str, index: int, year: int) -> bool:
    if year == CURRENT_YEAR:
        return name not in NOT_YET_UPDATED
    return name in NOT_YET_UPDATED or name in {COLLEGE, SIXTH_FORM} or index % LAST_YEAR_EVERY == 0


def _insert_users(password_hash: str, provider_ids: dict[str, int]) -> list[tuple[str, str, str]]:
    """The demo accounts share one password, so one (deliberately slow) hash serves them all."""
    rows, sign_ins = [], []
    for email, name, role, provider in DEMO_USERS:
        rows.append(
            {
                "email": email,
                "name": name,
                "role": role,
                "provider_id": provider_ids.get(provider),
                "password_hash": password_hash,
                "active": True,
            }
        )
        sign_ins.append((STAFF_ROLES[role], email, provider or ""))
    db.session.execute(insert(User), rows)
    return sign_ins


def _provider_staff(provider_ids: dict[str, int]) -> dict[int, int]:
    """The demo staff account of each demo provider, which made that provider's decisions in the demo."""
    emails = {provider_ids[provider]: email for email, _, role, provider in DEMO_USERS if role == PROVIDER}
    users = dict(db.session.execute(select(User.email, User.id).where(User.email.in_(emails.values()))).all())
    return {provider_id: users[email] for provider_id, email in emails.items()}


def _report(sign_ins: list[tuple[str, str, str]]) -> SeedReport:
    counts = db.session.execute(
        select(EntryYear.year, Course.status, func.count(Course.id))
        .join(Course.entry_year)
        .group_by(EntryYear.year, Course.status)
    ).all()
    return SeedReport(
        areas=db.session.scalar(select(func.count(Area.id))),
        providers=db.session.scalar(select(func.count(Provider.id))),
        courses=Counter({(year, status): count for year, status, count in counts}),
        sign_ins=sign_ins,
    )
