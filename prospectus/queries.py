"""Read-only queries for the public prospectus."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from core.extensions import db
from prospectus.models import PUBLISHED, Area, Course, EntryYear, Provider

PAGE_SIZE = 20
MAX_ID = 2**31 - 1  # ids in URLs beyond this cannot exist, and would overflow the database's integer


def published_course(course_id: int) -> Course | None:
    if not 0 < course_id <= MAX_ID:
        return None
    return db.session.scalar(
        select(Course)
        .options(joinedload(Course.provider).joinedload(Provider.area), joinedload(Course.entry_year))
        .where(Course.id == course_id, Course.status == PUBLISHED)
    )


def published_courses_page(page: int, page_size: int = PAGE_SIZE) -> tuple[list[Course], int]:
    """One page of published courses in title order, and the total: the listing used when search is unavailable."""
    condition = Course.status == PUBLISHED
    total = db.session.scalar(select(func.count(Course.id)).where(condition))
    courses = db.session.scalars(
        select(Course)
        .options(joinedload(Course.provider))
        .where(condition)
        .order_by(Course.title, Course.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    return list(courses), total


def published_courses_in_order(ids: list[int]) -> list[Course]:
    """The published courses with these ids, in the order given; ids of courses no longer published are skipped."""
    if not ids:
        return []
    courses = db.session.scalars(
        select(Course)
        .options(joinedload(Course.provider).joinedload(Provider.area), joinedload(Course.entry_year))
        .where(Course.id.in_(ids), Course.status == PUBLISHED)
    ).all()
    by_id = {course.id: course for course in courses}
    return [by_id[course_id] for course_id in ids if course_id in by_id]


def area_names(ids) -> dict[str, str]:
    numbers = [int(value) for value in ids]
    rows = db.session.execute(select(Area.id, Area.name).where(Area.id.in_(numbers))) if numbers else []
    return {str(area_id): name for area_id, name in rows}


def provider_names(ids) -> dict[str, str]:
    numbers = [int(value) for value in ids]
    rows = db.session.execute(select(Provider.id, Provider.name).where(Provider.id.in_(numbers))) if numbers else []
    return {str(provider_id): name for provider_id, name in rows}


def provider_with_area(provider_id: int) -> Provider | None:
    if not 0 < provider_id <= MAX_ID:
        return None
    return db.session.scalar(select(Provider).options(joinedload(Provider.area)).where(Provider.id == provider_id))


def providers_with_course_counts() -> list[tuple[Provider, int]]:
    counts = (
        select(Course.provider_id, func.count(Course.id).label("courses"))
        .where(Course.status == PUBLISHED)
        .group_by(Course.provider_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Provider, func.coalesce(counts.c.courses, 0))
        .options(joinedload(Provider.area))
        .outerjoin(counts, counts.c.provider_id == Provider.id)
        .order_by(Provider.name)
    ).all()
    return [(provider, count) for provider, count in rows]


def provider_published_courses(provider_id: int) -> dict[EntryYear, list[Course]]:
    courses = db.session.scalars(
        select(Course)
        .options(joinedload(Course.entry_year))
        .where(Course.provider_id == provider_id, Course.status == PUBLISHED)
        .order_by(Course.entry_year_id, Course.title)
    ).all()
    by_year: dict[EntryYear, list[Course]] = {}
    for course in courses:
        by_year.setdefault(course.entry_year, []).append(course)
    return by_year
