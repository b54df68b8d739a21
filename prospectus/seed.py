"""`flask seed demo`: a realistic Oxfordshire prospectus with demo sign-ins."""

import click
from flask.cli import AppGroup

seed_cli = AppGroup("seed", help="Load data.")


@seed_cli.command("demo")
@click.option("--scale", default=1, show_default=True, help="Multiply providers and courses, for benchmarks.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has providers.")
def seed_demo_command(scale: int, if_empty: bool) -> None:
    """Load a realistic Oxfordshire prospectus with demo sign-ins."""
    raise click.ClickException("Not built yet")
