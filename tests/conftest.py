"""Test harness: the schema is built once per run by the migrations, and rows are cleaned between tests.

Set TEST_DATABASE_URL to run on PostgreSQL; otherwise a fresh SQLite file is used.
"""

import os
import re
import tempfile
from pathlib import Path

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from core import create_app
from core.extensions import db, limiter

os.environ.setdefault("PATHWAYS_ENV", "test")
DEMO_PASSWORD = "correct horse battery staple"


def _database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    directory = Path(tempfile.mkdtemp(prefix="pathways-test-"))
    return f"sqlite:///{directory / 'test.sqlite'}"


DATABASE_URL = _database_url()


def make_app(**overrides):
    settings = {"SQLALCHEMY_DATABASE_URI": DATABASE_URL, "SEARCH_INDEX_DIR": _SEARCH_DIR}
    settings.update(overrides)
    app = create_app("test", **settings)
    app.test_client_class = _ClientWithOwnSignIn
    return app


_SEARCH_DIR = tempfile.mkdtemp(prefix="pathways-search-")


@pytest.fixture(scope="session")
def app():
    app = make_app()
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
    return app


@pytest.fixture(autouse=True)
def _clean_database(request, app):
    """Run each test in an app context, then delete every row so that code under test can commit for real."""
    with app.app_context():
        yield
        limiter.enabled = False  # a test may build an app with rate limits on; the limiter is shared
        db.session.remove()
        tables = [table.name for table in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    connection.execute(text(f"DELETE FROM {table}"))


class _ClientWithOwnSignIn(FlaskClient):
    """Each request loads its own signed-in user, as it would in production.

    Tests keep one app context open, which Flask reuses for every request; without this, Flask-Login's cached user
    would leak from one test client to another.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            g.pop("_login_user", None)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    return app.test_client()


def sign_in(client, user, password=DEMO_PASSWORD):
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    return response


class Page:
    """What a user sees on a page, with the checks every page must pass."""

    def __init__(self, response, expected_status=200):
        assert response.status_code == expected_status, (response.status_code, response.get_data(as_text=True)[:500])
        self.html = response.get_data(as_text=True)
        headings = re.findall(r"<h1[^>]*>(.*?)</h1>", self.html, re.S)
        assert len(headings) == 1, f"expected one h1, found {len(headings)}"
        self.h1 = re.sub(r"<[^>]+>|\s+", " ", headings[0]).strip()
        title = re.search(r"<title>(.*?)</title>", self.html, re.S).group(1).strip()
        self.title = title
        assert title.removeprefix("Error: ").startswith(self.h1), f"title {title!r} does not start with h1 {self.h1!r}"

    @property
    def error_summary(self) -> list[str]:
        block = re.search(r'class="govuk-error-summary".*?</ul>', self.html, re.S)
        if not block:
            return []
        return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", block.group(0), re.S)]

    def __contains__(self, text: str) -> bool:
        return text in self.html
