"""`flask guarantee refresh|export|send-digest`."""

import click
from flask.cli import AppGroup

guarantee_cli = AppGroup("guarantee", help="September Guarantee: follow-up rules, NCCIS exports and digests.")


# Follow-up: refresh and the weekly digest

_DAY = click.DateTime(formats=["%Y-%m-%d"])


@guarantee_cli.command("refresh")
@click.option("--entry-year", type=int, help="The entry year, such as 2027 (default: the cycle in progress).")
@click.option("--today", type=_DAY, help="The date to apply the rules on, as YYYY-MM-DD (default: today in England).")
def refresh_command(entry_year, today) -> None:
    """Open the follow-ups the council's rules call for, and close those an offer has settled. Safe to run hourly."""
    from application.rules import uk_today
    from application.services.follow_ups import refresh

    day = today.date() if today else uk_today()
    cycle = _entry_year(entry_year, day)
    result = refresh(cycle, day)
    click.echo(f"Follow-ups for {cycle.label}, on {day.isoformat()}:")
    _echo_counts("Opened", result.opened, result.total_opened)
    _echo_counts("Closed (offer made)", result.closed, result.total_closed)


@guarantee_cli.command("send-digest")
@click.option("--today", type=_DAY, help="The day to send for, as YYYY-MM-DD (default: today in England).")
def send_digest_command(today) -> None:
    """Queue each adviser's weekly email of new and overdue follow-ups. Once a week each; a rerun sends nothing."""
    from application.rules import uk_today
    from application.services.follow_up_queue import send_digests

    result = send_digests(today.date() if today else uk_today())
    click.echo(f"Queued {result.sent} digest(s); {result.already_sent} adviser(s) already had this week's.")


def _entry_year(year: int | None, today):
    from sqlalchemy import select

    from core.extensions import db
    from prospectus.completeness import default_entry_year
    from prospectus.models import EntryYear

    found = db.session.scalar(select(EntryYear).where(EntryYear.year == year)) if year else default_entry_year(today)
    if found is None:
        raise click.ClickException(f"There is no entry year {year}." if year else "There are no entry years yet.")
    return found


def _echo_counts(heading: str, counts, total: int) -> None:
    from application.guarantee_models import FOLLOW_UP_REASONS

    click.echo(f"{heading}: {total}")
    for reason, label in FOLLOW_UP_REASONS.items():
        if counts.get(reason):
            click.echo(f"  {label}: {counts[reason]}")


# NCCIS return


@guarantee_cli.command("export")
@click.option("--entry-year", type=int, required=True, help="The entry year, such as 2027.")
@click.option("--year-group", type=click.Choice(["11", "12"]), required=True, help="Year 11 or Year 12.")
@click.option(
    "--as-of", type=_DAY, help="The date of the position, YYYY-MM-DD (default: today, or the deadline if past)."
)
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def export_command(entry_year, year_group, as_of, file) -> None:
    """Write the September Guarantee return for NCCIS to FILE.csv (columns in docs/nccis-export.md)."""
    from application.nccis_export import export_as_of, nccis_export
    from application.rules import uk_today

    cycle = _entry_year(entry_year, None)
    day = as_of.date() if as_of else export_as_of(cycle, uk_today())
    with open(file, "w", encoding="utf-8", newline="") as output:
        for chunk in nccis_export(cycle, int(year_group), day, file_name=file):
            output.write(chunk)
    click.echo(f"Wrote the Year {year_group} return for {cycle.label}, as of {day.isoformat()}, to {file}.")
