"""What provider staff do to their courses: one function per use case, each one transaction with its audit event.

The functions raise domain errors (subclasses of CourseError) that views turn into messages. New courses and copies
start as drafts; after that `_move` is the only place a status changes, following TRANSITIONS.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from core import audit
from core.extensions import db
from core.models import User
from core.timeutil import utcnow
from prospectus.models import DRAFT, PUBLISHED, WITHDRAWN, Course, EntryYear, Provider

# What provider staff keep about a course, in the order the form asks for it.
EDITABLE_FIELDS = (
    "title",
    "provider_course_code",
    "entry_year_id",
    "qualification_type",
    "level",
    "ssa_tier1",
    "ssa_tier2",
    "age_group",
    "study_mode",
    "start_date",
    "duration",
    "entry_requirements",
    "description",
    "venue_postcode",
    "places",
    "costs",
    "bursaries",
    "nccis_offer_code",
)

# action: (statuses it can start from, status it leads to, audit event)
TRANSITIONS = {
    "publish": ({DRAFT}, PUBLISHED, "course-published"),
    "withdraw": ({DRAFT, PUBLISHED}, WITHDRAWN, "course-withdrawn"),
    "return-to-draft": ({WITHDRAWN}, DRAFT, "course-returned-to-draft"),
}


class CourseError(Exception):
    """A rule about courses stopped the change; nothing was saved."""


class CourseIncomplete(CourseError):
    def __init__(self, missing_fields):
        super().__init__(f"Missing: {', '.join(missing_fields)}")
        self.missing_fields = list(missing_fields)


class EditConflict(CourseError):
    """Someone else saved the course after this user loaded it."""


class DuplicateCourseCode(CourseError):
    def __init__(self, code: str | None):
        super().__init__(f"Course code {code!r} is already used in this entry year")
        self.code = code


class SubjectMismatch(CourseError):
    """The detailed subject (SSA tier 2) is not in the chosen subject area (tier 1)."""


class StatusChangeNotAllowed(CourseError):
    def __init__(self, action: str, status: str):
        super().__init__(f"A {status} course cannot {action}")
        self.action = action
        self.status = status


class CopyYearsInvalid(CourseError):
    """Courses can only be copied into a later entry year."""


@dataclass(frozen=True)
class CopyResult:
    copied: int
    skipped: int


def entry_years() -> list[EntryYear]:
    return list(db.session.scalars(select(EntryYear).order_by(EntryYear.year)))


def course_for_provider(provider_id: int, course_id: int) -> Course | None:
    """The course only if it belongs to this provider, so that other providers' ids look unknown."""
    return db.session.scalar(
        select(Course)
        .options(joinedload(Course.entry_year))
        .where(Course.id == course_id, Course.provider_id == provider_id)
    )


def provider_courses(
    provider_id: int, year: int | None = None, status: str | None = None
) -> dict[EntryYear, list[Course]]:
    """The provider's courses grouped by entry year, latest year first, optionally filtered."""
    query = (
        select(Course)
        .join(Course.entry_year)
        .options(joinedload(Course.entry_year))
        .where(Course.provider_id == provider_id)
        .order_by(EntryYear.year.desc(), Course.title, Course.id)
    )
    if year is not None:
        query = query.where(EntryYear.year == year)
    if status is not None:
        query = query.where(Course.status == status)
    grouped: dict[EntryYear, list[Course]] = {}
    for course in db.session.scalars(query):
        grouped.setdefault(course.entry_year, []).append(course)
    return grouped


def create_course(provider: Provider, fields: dict, actor: User | None, publish: bool = False) -> Course:
    with _transaction(fields):
        course = Course(provider_id=provider.id, status=DRAFT)
        _apply(course, fields)
        if publish:
            _move(course, "publish")
        db.session.add(course)
        db.session.flush()
        audit.record("course-created", subject=course, actor=actor)
        if publish:
            audit.record("course-published", subject=course, actor=actor)
    return course


def update_course(
    course: Course, fields: dict, expected_version: int | None, actor: User | None, publish: bool = False
) -> Course:
    """Save a user's edits, refused if the course changed since they loaded it (the form's version is stale)
    or while they saved (the UPDATE matches no row at the version loaded, and SQLAlchemy raises StaleDataError)."""
    with _transaction(fields):
        _check_version(course, expected_version)
        _apply(course, fields)
        if publish:
            _move(course, "publish")
        elif course.status == PUBLISHED and course.missing_to_publish:
            raise CourseIncomplete(course.missing_to_publish)
        audit.record("course-updated", subject=course, actor=actor, fields=_changed_fields(course))
        if publish:
            audit.record("course-published", subject=course, actor=actor)
    return course


def publish_course(course: Course, expected_version: int | None, actor: User | None) -> Course:
    return _change_status(course, "publish", expected_version, actor)


def withdraw_course(course: Course, expected_version: int | None, actor: User | None) -> Course:
    return _change_status(course, "withdraw", expected_version, actor)


def return_to_draft(course: Course, expected_version: int | None, actor: User | None) -> Course:
    return _change_status(course, "return-to-draft", expected_version, actor)


def copy_courses_to_year(provider: Provider, source: EntryYear, target: EntryYear, actor: User | None) -> CopyResult:
    """Copy the provider's courses (not withdrawn ones) into a later year as drafts, with dates moved on.

    A course is skipped when the target year already has one with its course code (or, for a course without a
    code, its title), so copying twice does not duplicate anything.
    """
    if target.year <= source.year:
        raise CopyYearsInvalid
    with _transaction({}):
        taken = {_copy_key(course) for course in _courses_in(provider, target)}
        years_on = target.year - source.year
        copies = [_copy(c, target, years_on) for c in _courses_in(provider, source) if c.status != WITHDRAWN]
        kept = [copy for copy in copies if _copy_key(copy) not in taken]
        db.session.add_all(kept)
        result = CopyResult(copied=len(kept), skipped=len(copies) - len(kept))
        audit.record(
            "courses-copied", subject=provider, actor=actor, source=source.year, target=target.year, **vars(result)
        )
    return result


def _change_status(course: Course, action: str, expected_version: int | None, actor: User | None) -> Course:
    with _transaction({}):
        _check_version(course, expected_version)
        event = _move(course, action)
        audit.record(event, subject=course, actor=actor)
    return course


def _move(course: Course, action: str) -> str:
    """Change the course's status; the only place a status is written. Returns the audit event to record."""
    allowed_from, status, event = TRANSITIONS[action]
    if course.status not in allowed_from:
        raise StatusChangeNotAllowed(action, course.status)
    if status == PUBLISHED:
        if course.missing_to_publish:
            raise CourseIncomplete(course.missing_to_publish)
        course.published_at = utcnow()
    course.status = status
    return event


def _check_version(course: Course, expected_version: int | None) -> None:
    if expected_version != course.version:
        raise EditConflict


def _apply(course: Course, fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with db.session.no_autoflush:
        for name, value in fields.items():
            setattr(course, name, value)
        if not course.title:
            raise CourseIncomplete(["title"])
        _check_subject(course)
        _check_code_free(course)


def _check_subject(course: Course) -> None:
    if course.ssa_tier2 and not course.ssa_tier2.startswith(f"{course.ssa_tier1}."):
        raise SubjectMismatch


def _check_code_free(course: Course) -> None:
    if not course.provider_course_code:
        return
    query = select(Course.id).where(
        Course.provider_id == course.provider_id,
        Course.entry_year_id == course.entry_year_id,
        Course.provider_course_code == course.provider_course_code,
    )
    if course.id is not None:
        query = query.where(Course.id != course.id)
    if db.session.scalar(query) is not None:
        raise DuplicateCourseCode(course.provider_course_code)


def _changed_fields(course: Course) -> list[str]:
    state = db.inspect(course)
    return [name for name in EDITABLE_FIELDS if state.attrs[name].history.has_changes()]


@contextmanager
def _transaction(fields: dict) -> Iterator[None]:
    """Commit the block, or roll it back; races lost in the database become domain errors too."""
    try:
        yield
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict from None
    except IntegrityError as error:
        db.session.rollback()
        if "provider_course_code" in str(error.orig):
            raise DuplicateCourseCode(fields.get("provider_course_code")) from None
        raise
    except CourseError:
        db.session.rollback()
        raise


def _courses_in(provider: Provider, entry_year: EntryYear) -> list[Course]:
    return list(
        db.session.scalars(
            select(Course)
            .where(Course.provider_id == provider.id, Course.entry_year_id == entry_year.id)
            .order_by(Course.id)
        )
    )


def _copy_key(course: Course) -> tuple[str, str]:
    if course.provider_course_code:
        return ("code", course.provider_course_code)
    return ("title", course.title.casefold())


def _copy(course: Course, target: EntryYear, years_on: int) -> Course:
    copy = Course(provider_id=course.provider_id, entry_year_id=target.id, status=DRAFT)
    for name in EDITABLE_FIELDS:
        if name != "entry_year_id":
            setattr(copy, name, getattr(course, name))
    copy.apprenticeship_standard = course.apprenticeship_standard
    copy.start_date = _years_later(course.start_date, years_on)
    return copy


def _years_later(day: date | None, years: int) -> date | None:
    """The same day some years later; 29 February becomes 28 February in a year that has none."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
