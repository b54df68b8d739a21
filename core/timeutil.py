"""Times are stored as naive UTC, so that SQLite and PostgreSQL compare them the same way."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
