"""Every search test starts with an empty live index and leaves none behind (see tests/search/helpers.py)."""

import pytest

from tests.search.helpers import fresh_search_index  # noqa: F401  (a fixture)


@pytest.fixture(autouse=True)
def search_root(fresh_search_index):  # noqa: F811
    return fresh_search_index
