"""Rate limits are shared by every worker when a shared store (Redis) is configured."""

import os
import subprocess
import sys
import uuid

import pytest

from tests.conftest import DATABASE_URL, make_app

REDIS_URL = os.environ.get("TEST_REDIS_URL")


def _post_sign_ins(app, count: int) -> list[int]:
    client = app.test_client()
    return [client.post("/sign-in", data={"email": "a@example.org", "password": "x"}).status_code for _ in range(count)]


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set (CI sets it)")
def test_sign_in_limit_is_counted_across_processes(app):
    settings = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"pathways-test-{uuid.uuid4().hex}",
        "SIGN_IN_RATE_LIMIT": "3 per minute",
    }
    other_worker = (
        "from tests.conftest import make_app; from tests.test_rate_limit_store import _post_sign_ins;"
        f"print(_post_sign_ins(make_app(**{settings!r}), 2))"
    )
    environment = {**os.environ, "TEST_DATABASE_URL": DATABASE_URL}
    result = subprocess.run(
        [sys.executable, "-c", other_worker], capture_output=True, text=True, check=True, env=environment
    )
    assert result.stdout.strip().endswith("[200, 200]")
    assert _post_sign_ins(make_app(**settings), 2) == [200, 429]
