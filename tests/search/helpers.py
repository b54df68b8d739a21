"""An empty live search index for one test, removed afterwards; shared by the search tests and browser journeys.

The harness deletes rows with plain SQL, which the index never hears about, so the index is emptied before each test
and removed after it (other tests then see no index, and the prospectus falls back to its database listing).
"""

import shutil
from pathlib import Path

import pytest

from search_index import indexing, store


@pytest.fixture
def fresh_search_index(app):
    root = Path(app.config["SEARCH_INDEX_DIR"])
    indexing.clear(root)
    yield root
    remove_index(root)


def remove_index(root: Path) -> None:
    store.forget(root)
    (root / store.POINTER).unlink(missing_ok=True)
    for directory in root.glob("build-*"):
        shutil.rmtree(directory, ignore_errors=True)
