"""Read-only queries for the public prospectus."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from core.extensions import db
from prospectus.models import PUBLISHED, Course, EntryYear, Provider

PAGE_SIZE = 20


def published_course(course_id: int) -> Course | None:
    return db.session.scalar(
        select(Course)
        .options(joinedload(Course.provider).joinedload(Provider.area), joinedload(Course.entry_year))
        .where(Course.id == course_id, Course.status == PUBLISHED)
    )


def published_courses_page(page: int) -> tuple[list[Course], int]:
    """One page of published courses in title order, and the total."""
    condition = Course.status == PUBLISHED
    total = db.session.scalar(select(func.count(Course.id)).where(condition))
    courses = db.session.scalars(
        select(Course)
        .options(joinedload(Course.provider))
        .where(condition)
        .order_by(Course.title, Course.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return list(courses), total


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
