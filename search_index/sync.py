"""Keep the index in step with every commit, whatever code made it: back office, import, copy or seed.

Course, provider, area and entry-year changes are collected as each flush happens and applied to the index after the
database commit, from a session of our own. A failed index update never undoes or blocks the commit: it is logged,
and `flask search-index check` reports the drift until the next update or rebuild.
"""

from itertools import chain
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from core.extensions import db
from prospectus.models import Area, Course, EntryYear, Provider
from search_index import indexing, store

_TOUCHED = "search_index_touched"
_KINDS = {Course: "id", Provider: "provider", Area: "area", EntryYear: "entry_year"}


def install() -> None:
    if not event.contains(Session, "after_flush", _collect):
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "after_commit", _apply)
        event.listen(Session, "after_soft_rollback", _forget)


def _collect(session: Session, flush_context) -> None:
    touched = session.info.setdefault(_TOUCHED, {field: set() for field in _KINDS.values()})
    changed = (instance for instance in session.dirty if session.is_modified(instance, include_collections=False))
    for instance in chain(session.new, changed, session.deleted):
        field = _KINDS.get(type(instance))
        if field:
            identity = inspect(instance).identity
            touched[field].add(identity[0] if identity else instance.id)


def _forget(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_TOUCHED, None)


def _apply(session: Session) -> None:
    touched = session.info.pop(_TOUCHED, None)
    if not touched or not any(touched.values()) or not has_app_context():
        return
    root = Path(current_app.config["SEARCH_INDEX_DIR"])
    try:
        with Session(db.engine) as own:
            indexing.update_courses(root, own, _course_ids(root, own, touched))
    except store.IndexUnavailable as error:
        current_app.logger.warning("Search index not updated: %s", error)
    except Exception:
        current_app.logger.exception(
            "Search index update failed after a commit; `flask search-index check` will show the drift"
        )


def _course_ids(root: Path, session: Session, touched: dict[str, set[int]]) -> set[int]:
    """Courses changed directly, and every course of a changed provider, area or entry year, in the DB or the index."""
    ids = set(touched["id"])
    owners = {
        "provider": Course.provider_id,
        "entry_year": Course.entry_year_id,
        "area": select(Provider.area_id).where(Provider.id == Course.provider_id).scalar_subquery(),
    }
    for field, column in owners.items():
        if touched[field]:
            ids |= set(session.scalars(select(Course.id).where(column.in_(touched[field]))))
            ids |= indexing.indexed_ids_where(root, field, touched[field])
    return ids
