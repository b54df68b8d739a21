"""The index follows every commit, rebuilds without a gap, reports drift, and copes with several processes."""

import logging
import multiprocessing
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

import search_index
from core.extensions import db
from core.timeutil import utcnow
from search_index import indexing, store
from tests.factories import CourseFactory, EntryYearFactory, ProviderFactory


def _ids(root, words: str = "", **filters) -> list[int]:
    wanted = search_index.Search(text=words, filters={k: (v,) for k, v in filters.items()}, page_size=100)
    return search_index.search(root, wanted).ids


def _check(app):
    return app.test_cli_runner().invoke(args=["search-index", "check"])


def test_publishing_editing_withdrawing_and_deleting_update_the_index(search_root):
    course = CourseFactory(title="Bricklaying Level 2", draft=True)
    assert _ids(search_root, "bricklaying") == []

    course.status = "published"
    db.session.commit()
    assert _ids(search_root, "bricklaying") == [course.id]

    course.title = "Stonemasonry Level 2"
    db.session.commit()
    assert _ids(search_root, "bricklaying") == []
    assert _ids(search_root, "stonemasonry") == [course.id]

    course.status = "withdrawn"
    db.session.commit()
    assert _ids(search_root, "stonemasonry") == []

    course.status = "published"
    db.session.commit()
    db.session.delete(course)
    db.session.commit()
    assert _ids(search_root) == []


def test_a_provider_change_reaches_its_courses(search_root):
    provider = ProviderFactory(name="Riverside College")
    course = CourseFactory(provider=provider)
    provider.name = "Thames Valley College"
    db.session.commit()
    assert _ids(search_root, "thames valley") == [course.id]
    assert _ids(search_root, "riverside") == []


def test_only_current_and_upcoming_entry_years_are_indexed(search_root):
    past = EntryYearFactory(year=2020)
    CourseFactory(entry_year=past, title="Old Plumbing")
    upcoming = CourseFactory(entry_year=EntryYearFactory(year=date.today().year + 1), title="New Plumbing")
    assert _ids(search_root, "plumbing") == [upcoming.id]


def test_a_failed_index_update_keeps_the_change_logs_it_and_check_reports_it(app, search_root, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(indexing, "update_courses", broken)
    with caplog.at_level(logging.ERROR):
        course = CourseFactory(title="Welding Level 2")
    assert "Search index update failed" in caplog.text
    monkeypatch.undo()

    assert db.session.scalar(text("SELECT title FROM courses")) == "Welding Level 2"
    result = _check(app)
    assert result.exit_code == 1
    assert f"1 course(s) missing from the index: {course.id}" in result.output


def test_rebuild_swaps_in_a_complete_index_and_check_then_passes(app, search_root):
    courses = CourseFactory.create_batch(3, title="Carpentry Level 1")
    with db.engine.begin() as connection:  # a bulk load that bypasses the ORM, like the demo seed
        connection.execute(text("UPDATE courses SET title = 'Joinery Level 1', updated_at = :now"), {"now": utcnow()})
    assert _check(app).exit_code == 1

    before = store.live_directory(search_root)
    result = app.test_cli_runner().invoke(args=["search-index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexed 3 courses" in result.output
    assert store.live_directory(search_root) != before
    assert sorted(_ids(search_root, "joinery")) == sorted(course.id for course in courses)
    result = _check(app)
    assert result.exit_code == 0 and "matches the database" in result.output


def test_searches_keep_working_while_a_rebuild_runs(app, search_root, monkeypatch):
    course = CourseFactory(title="Horticulture Level 2")
    seen_during_build = []
    real_make_live = store.make_live

    def make_live_after_a_search(root, directory):
        seen_during_build.append(_ids(search_root, "horticulture"))
        real_make_live(root, directory)

    monkeypatch.setattr(store, "make_live", make_live_after_a_search)
    with app.app_context():
        from sqlalchemy.orm import Session

        with Session(db.engine) as session:
            indexing.rebuild(search_root, session)
    assert seen_during_build == [[course.id]]
    assert _ids(search_root, "horticulture") == [course.id]


def _add_from_another_process(root: str, course_id: int, word: str) -> None:
    from pathlib import Path

    ix = store.open_live(Path(root))
    with store.writer(ix) as writer:
        writer.update_document(id=str(course_id), title=word, stamp="x", ssa="2")


def test_a_commit_by_another_process_is_seen_by_the_next_search(search_root):
    course = CourseFactory(title="Chemistry")
    assert _ids(search_root, "zoology") == []  # this process now holds an open searcher
    process = multiprocessing.get_context("fork").Process(
        target=_add_from_another_process, args=(str(search_root), course.id, "Zoology")
    )
    process.start()
    process.join(10)
    started = time.monotonic()
    assert _ids(search_root, "zoology") == [course.id]
    assert time.monotonic() - started < 1


def _write_many(root: str, first_id: int, count: int) -> None:
    try:
        for course_id in range(first_id, first_id + count):
            _add_from_another_process(root, course_id, "Concurrency")
    except BaseException:
        import traceback

        Path(root, f"failure-{first_id}.txt").write_text(traceback.format_exc())
        raise


def test_concurrent_writers_wait_for_the_lock_instead_of_crashing(search_root):
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_write_many, args=(str(search_root), 1000 * n, 5)) for n in range(1, 5)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    failures = [path.read_text() for path in search_root.glob("failure-*.txt")]
    assert [process.exitcode for process in processes] == [0, 0, 0, 0], failures
    assert len(_ids(search_root, "concurrency")) == 20
