"""Course import from CSV: `flask import-courses` and the council's upload."""

import click


@click.command("import-courses")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--provider", "provider_id", help="URN or UKPRN of the provider every row belongs to.")
def import_courses_command(csv_file: str, provider_id: str | None) -> None:
    """Import courses from a CSV file (format in docs/course-import.md)."""
    raise click.ClickException("Not built yet")
