"""Whoosh search over published courses: schema, indexing and queries. No request code lives here.

The prospectus calls `search(root, Search(...))` and gets ids, a total, facet counts, distances and a suggestion;
it never reaches into Whoosh. `init_app` keeps the index in step with every database commit.
"""

from pathlib import Path

from search_index.query import SORTS, Found, Search, search
from search_index.schema import FACETS
from search_index.store import IndexUnavailable

__all__ = ["FACETS", "SORTS", "Found", "IndexUnavailable", "Search", "index_root", "init_app", "search", "status"]


def init_app(app) -> None:
    from search_index import sync

    sync.install()
    app.extensions["search_index"] = True


def index_root(config) -> Path:
    return Path(config["SEARCH_INDEX_DIR"])


def status(root: Path) -> dict:
    """The index's state for the health check: ok with its size, missing, or error."""
    from search_index import store

    try:
        cached = store.current_searcher(root)
    except IndexUnavailable:
        return {"status": "missing"}
    except Exception:  # report, never raise, from a health check
        return {"status": "error"}
    return {"status": "ok", "courses": cached.searcher.doc_count(), "bytes": store.index_size_bytes(root)}
