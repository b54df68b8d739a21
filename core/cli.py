"""Command-line tasks: `flask seed`, `flask import-courses` and `flask mail`."""

import click
from flask import Flask
from flask.cli import AppGroup

mail_cli = AppGroup("mail", help="Deliver queued email.")


@mail_cli.command("send-queued")
@click.option("--loop", is_flag=True, help="Keep running, checking for due mail every few seconds.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between checks with --loop.")
def send_queued_command(loop: bool, interval: float) -> None:
    """Send every queued email that is due; failures are kept and retried later."""
    import time

    from core.mailqueue import send_queued

    while True:
        sent, failed = send_queued()
        if sent or failed or not loop:
            click.echo(f"Sent {sent} email(s); {failed} failed and will be retried.")
        if not loop:
            return
        time.sleep(interval)


def register_cli(app: Flask) -> None:
    from application.cli import application_cli
    from application.cohort import import_cohort_command
    from application.guarantee_cli import guarantee_cli
    from prospectus.importer import import_courses_command
    from prospectus.seed import seed_cli
    from search_index.cli import search_index_cli

    app.cli.add_command(mail_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(import_courses_command)
    app.cli.add_command(search_index_cli)
    app.cli.add_command(application_cli)
    app.cli.add_command(import_cohort_command)
    app.cli.add_command(guarantee_cli)
