"""Keeping the index in step with the database: update some courses, rebuild everything, check for drift.

The index holds published courses of entry years whose guarantee deadline has not passed (current and upcoming).
Every function here takes a session of its own (not the request's): it expunges loaded courses as it goes.
"""

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from whoosh import query as wq

from core.postcodes import try_locate
from prospectus.models import PUBLISHED, Course, EntryYear, Provider
from search_index import store
from search_index.schema import course_document, stamp

BATCH = 500
PARALLEL_FROM = 5_000  # below this many courses, starting a second indexing process costs more than it saves
Progress = Callable[[int, int], None]


def _in_index(today: date):
    return (
        select(Course.id)
        .join(EntryYear, Course.entry_year_id == EntryYear.id)
        .where(Course.status == PUBLISHED, EntryYear.guarantee_deadline >= today)
    )


def _load(session: Session, ids: list[int]) -> list[Course]:
    return session.scalars(
        select(Course).options(joinedload(Course.provider).joinedload(Provider.area)).where(Course.id.in_(ids))
    ).all()


def _coordinates(course: Course) -> tuple[float, float] | None:
    """The venue's postcode when the course has one, otherwise the provider's location."""
    venue = try_locate(course.venue_postcode) if course.venue_postcode else None
    if venue:
        return venue.latitude, venue.longitude
    provider = course.provider
    if provider.latitude is not None:
        return provider.latitude, provider.longitude
    located = try_locate(provider.postcode)
    return (located.latitude, located.longitude) if located else None


def _documents(session: Session, ids: list[int]) -> Iterable[dict]:
    for start in range(0, len(ids), BATCH):
        for course in _load(session, ids[start : start + BATCH]):
            yield course_document(course, _coordinates(course))
        session.expunge_all()


def update_courses(root: Path, session: Session, course_ids: Iterable[int], today: date | None = None) -> int:
    """Add, replace or remove these courses in the live index, as the database has them now; returns how many."""
    ids = sorted(set(course_ids))
    if not ids:
        return 0
    eligible = set(session.scalars(_in_index(today or date.today()).where(Course.id.in_(ids))))
    ix = store.open_live(root)
    with store.writer(ix) as writer:
        for course_id in set(ids) - eligible:
            writer.delete_by_term("id", str(course_id))
        for document in _documents(session, sorted(eligible)):
            writer.update_document(**document)
    return len(ids)


def indexed_ids_where(root: Path, field_name: str, values: Iterable) -> set[int]:
    """Courses the live index files under any of these values of a field, such as every course of a provider."""
    try:
        ix = store.open_live(root)
    except store.IndexUnavailable:
        return set()
    terms = wq.Or([wq.Term(field_name, str(value)) for value in values])
    with ix.searcher() as searcher:
        return {int(searcher.stored_fields(docnum)["id"]) for docnum in searcher.docs_for_query(terms)}


@dataclass
class Drift:
    missing: set[int] = field(default_factory=set)  # should be in the index but are not
    extra: set[int] = field(default_factory=set)  # are in the index but should not be
    stale: set[int] = field(default_factory=set)  # in both, but the index has an older version

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.stale)

    def __bool__(self) -> bool:
        return self.total > 0


def _database_stamps(session: Session, today: date) -> dict[int, str]:
    rows = session.execute(
        _in_index(today)
        .add_columns(Course.version, Course.updated_at, Provider.updated_at)
        .join(Provider, Course.provider_id == Provider.id)
    )
    return {
        course_id: stamp(version, updated, provider_updated) for course_id, version, updated, provider_updated in rows
    }


def _index_stamps(ix) -> dict[int, str]:
    with ix.searcher() as searcher:
        return {int(stored["id"]): stored.get("stamp") for _, stored in searcher.reader().iter_docs()}


def drift_in(ix, session: Session, today: date | None = None) -> Drift:
    expected = _database_stamps(session, today or date.today())
    indexed = _index_stamps(ix)
    return Drift(
        missing=expected.keys() - indexed.keys(),
        extra=indexed.keys() - expected.keys(),
        stale={
            course_id for course_id in expected.keys() & indexed.keys() if expected[course_id] != indexed[course_id]
        },
    )


def check(root: Path, session: Session, today: date | None = None) -> Drift:
    """Raises store.IndexUnavailable when there is no index to check."""
    return drift_in(store.open_live(root), session, today)


def _repair(ix, session: Session, drift: Drift) -> None:
    if not drift:
        return
    with store.writer(ix) as writer:
        for course_id in drift.extra:
            writer.delete_by_term("id", str(course_id))
        for document in _documents(session, sorted(drift.missing | drift.stale)):
            writer.update_document(**document)


def rebuild(root: Path, session: Session, progress: Progress | None = None, today: date | None = None) -> int:
    """Build a complete index in a new directory and swap it in; searches use the old one until the swap.

    Courses changed while the build ran are caught up twice: before the swap, and again after it for changes that
    reached the old index in between.
    """
    today = today or date.today()
    ids = list(session.scalars(_in_index(today).order_by(Course.id)))
    directory = store.new_build_directory(root)
    ix = store.open_dir(directory)
    procs = min(2, os.cpu_count() or 1) if len(ids) > PARALLEL_FROM else 1
    with ix.writer(procs=procs, multisegment=procs > 1, limitmb=128) as writer:
        for count, document in enumerate(_documents(session, ids), start=1):
            writer.add_document(**document)
            if progress and (count % BATCH == 0 or count == len(ids)):
                progress(count, len(ids))
    _repair(ix, session, drift_in(ix, session, today))
    store.make_live(root, directory)
    live = store.open_live(root)
    _repair(live, session, drift_in(live, session, today))
    return len(ids)


def clear(root: Path) -> None:
    """Replace the live index with an empty one."""
    store.create_empty(root)
