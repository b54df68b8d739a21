"""`flask search-index rebuild|check`."""

import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from core.extensions import db
from search_index import index_root, indexing, store

search_index_cli = AppGroup("search-index", help="Build and check the course search index.")


@search_index_cli.command("rebuild")
def rebuild_command() -> None:
    """Build the index from the database in a new directory, then swap it in; searches carry on meanwhile."""
    started = time.perf_counter()
    with Session(db.engine) as session, click.progressbar(length=1, label="Indexing courses", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        count = indexing.rebuild(index_root(current_app.config), session, progress)
    click.echo(f"Indexed {count:,} courses in {time.perf_counter() - started:.1f}s.")


@search_index_cli.command("check")
def check_command() -> None:
    """Compare the index with the database; exit with status 1 if they differ."""
    with Session(db.engine) as session:
        try:
            drift = indexing.check(index_root(current_app.config), session)
        except store.IndexUnavailable as error:
            raise click.ClickException(str(error)) from None
    if not drift:
        click.echo("The search index matches the database.")
        return
    for label, ids in (
        ("missing from", drift.missing),
        ("should not be in", drift.extra),
        ("out of date in", drift.stale),
    ):
        if ids:
            shown = ", ".join(str(course_id) for course_id in sorted(ids)[:20])
            click.echo(f"{len(ids)} course(s) {label} the index: {shown}{' ...' if len(ids) > 20 else ''}")
    click.echo("Run `flask search-index rebuild` to fix it.")
    sys.exit(1)
