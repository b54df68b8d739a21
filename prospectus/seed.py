"""`flask seed demo`: a realistic Oxfordshire prospectus with demo sign-ins."""

import os

import click
from flask.cli import AppGroup

from application.demo import CohortReport
from application.states import STATUSES
from prospectus.demo.loader import DemoDataRefused, SeedReport, providers_exist, seed_demo
from prospectus.reference import COURSE_STATUSES

seed_cli = AppGroup("seed", help="Load data.")


@seed_cli.command("demo")
@click.option(
    "--scale", default=1, show_default=True, type=click.IntRange(1, 99), help="Multiply providers and courses."
)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has providers.")
def seed_demo_command(scale: int, if_empty: bool) -> None:
    """Load a realistic Oxfordshire prospectus with demo sign-ins (password from DEMO_PASSWORD)."""
    if if_empty and providers_exist():
        click.echo("The database already has providers: demo data not loaded.")
        return
    try:
        report = seed_demo(os.environ.get("DEMO_PASSWORD"), scale)
    except DemoDataRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(describe(report))


def describe(report: SeedReport) -> str:
    lines = [f"Loaded {report.areas} areas and {report.providers} providers.", "", "Courses:"]
    for year in sorted({year for year, _ in report.courses}):
        counts = ", ".join(
            f"{report.courses[year, status]:,} {label.lower()}" for status, label in COURSE_STATUSES.items()
        )
        lines.append(f"  September {year}: {counts}")
    lines += ["", *describe_cohort(report.cohort)]
    lines += ["", "Demo sign-ins (password: the DEMO_PASSWORD environment variable):"]
    rows = [("Role", "Email", "Provider"), *report.sign_ins]
    lines += [f"  {role:<20} {email:<30} {provider}".rstrip() for role, email, provider in rows]
    lines.append(f"  The learner ({report.cohort.demo_learner}) has two offers to reply to and a choice waiting.")
    return "\n".join(lines)


def describe_cohort(cohort: CohortReport) -> list[str]:
    learners = cohort.learners
    lines = [
        f"Cohort for September 2027: {learners[11]:,} in Year 11 and {learners[12]:,} in Year 12, "
        f"at {cohort.schools} schools.",
        "Applications:",
    ]
    for year in sorted({year for year, _ in cohort.applications}, reverse=True):
        sent, drafts = cohort.applications[year, "submitted"], cohort.applications[year, "draft"]
        lines.append(f"  September {year}: {sent:,} sent, {drafts:,} not sent yet")
    counts = ", ".join(f"{cohort.choices[status]:,} {label.lower()}" for status, label in STATUSES.items())
    return [*lines, f"Choices: {counts}"]
