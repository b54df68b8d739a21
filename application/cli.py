"""`flask import-cohort` and `flask application ...`."""

import click
from flask.cli import AppGroup

application_cli = AppGroup("application", help="The common application: reminders and checks.")


@application_cli.command("send-reminders")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day to remind for, as YYYY-MM-DD (default: today in England).",
)
def send_reminders_command(today) -> None:
    """Queue reminders: overdue decisions to providers, offers awaiting a reply to learners. Once a day each."""
    from application.rules import uk_today
    from application.services.reminders import send_reminders

    sent = send_reminders(today.date() if today else uk_today())
    click.echo(
        f"Queued reminders to {sent.providers} provider(s) about overdue decisions "
        f"and {sent.learners} learner(s) about offers awaiting a reply."
    )
