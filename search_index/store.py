"""Where the index lives on disk, and the one searcher each process keeps open.

SEARCH_INDEX_DIR holds one directory per build (`build-<time>`) and a CURRENT file naming the live one. A rebuild
writes a new directory and replaces CURRENT atomically, so readers in every process switch over at their next search.
Each process caches its searcher and reopens it when CURRENT or the index generation changes, so a commit made by
another worker is seen by the next search.
"""

import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index
from whoosh.index import EmptyIndexError
from whoosh.writing import SegmentWriter

from search_index.schema import make_schema

POINTER = "CURRENT"
WRITE_LOCK_TIMEOUT = 15.0  # seconds a writer waits for another process's write lock before giving up


class IndexUnavailable(Exception):
    """There is no index yet, or it cannot be read."""


def live_directory(root: Path) -> Path | None:
    try:
        name = (root / POINTER).read_text().strip()
    except FileNotFoundError:
        return None
    return root / name if name else None


def open_live(root: Path) -> index.FileIndex:
    directory = live_directory(root)
    if directory is None:
        raise IndexUnavailable(f"No search index in {root}: run `flask search-index rebuild`")
    try:
        return _retrying(lambda: index.open_dir(str(directory)))
    except EmptyIndexError:
        raise IndexUnavailable(f"No search index in {root}: run `flask search-index rebuild`") from None
    except Exception as error:
        raise IndexUnavailable(f"Search index in {directory} cannot be read: {error}") from error


def _retrying(open_something, attempts: int = 10):
    """Open again if another process's commit removed a file between reading the table of contents and opening it."""
    for attempt in range(attempts):
        try:
            return open_something()
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))


def open_dir(directory: Path) -> index.FileIndex:
    return index.open_dir(str(directory))


def new_build_directory(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    directory = root / f"build-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    directory.mkdir()
    index.create_in(str(directory), make_schema())
    return directory


def make_live(root: Path, directory: Path) -> None:
    """Point CURRENT at `directory` in one atomic step, then remove builds older than the one it replaces."""
    previous = live_directory(root)
    temporary = root / f".{POINTER}.{os.getpid()}"
    temporary.write_text(directory.name)
    os.replace(temporary, root / POINTER)
    keep = {directory.name, previous.name if previous else None}
    for old in root.glob("build-*"):
        if old.name not in keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def create_empty(root: Path) -> None:
    make_live(root, new_build_directory(root))


def writer(ix: index.FileIndex) -> SegmentWriter:
    """A writer that waits for another process's lock instead of failing at once."""
    return ix.writer(timeout=WRITE_LOCK_TIMEOUT, delay=0.05)


def index_size_bytes(root: Path) -> int:
    directory = live_directory(root)
    if directory is None or not directory.is_dir():
        return 0
    return sum(path.stat().st_size for path in directory.iterdir() if path.is_file())


@dataclass
class _Open:
    directory: Path
    ix: index.FileIndex
    searcher: object
    derived: dict = field(default_factory=dict)  # worked out from this searcher; emptied when it is replaced
    segments: dict = field(default_factory=dict)  # worked out per segment; kept while the segment lives


_open: dict[Path, _Open] = {}
_lock = threading.Lock()


def current_searcher(root: Path):
    """The process's searcher for `root`, reopened if another process committed or a rebuild was swapped in."""
    with _lock:
        directory = live_directory(root)
        cached = _open.get(root)
        if cached and cached.directory == directory:
            if not cached.searcher.up_to_date():
                # A fresh searcher rather than refresh(): Whoosh 2.7.5 cannot refresh from an empty index's reader.
                cached.searcher.close()
                cached.searcher = _retrying(cached.ix.searcher)
                cached.derived = {}
            return cached
        ix = open_live(root)
        if cached:
            cached.searcher.close()
        _open[root] = _Open(directory=directory, ix=ix, searcher=_retrying(ix.searcher))
        return _open[root]


def forget(root: Path) -> None:
    """Close this process's searcher, for tests that replace the index under it."""
    with _lock:
        cached = _open.pop(root, None)
        if cached:
            cached.searcher.close()
