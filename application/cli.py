"""`flask import-cohort` and `flask application ...`."""

from flask.cli import AppGroup

application_cli = AppGroup("application", help="The common application: reminders and checks.")
