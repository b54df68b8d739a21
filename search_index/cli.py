"""`flask search-index rebuild|check`."""

from flask.cli import AppGroup

search_index_cli = AppGroup("search-index", help="Build and check the course search index.")
