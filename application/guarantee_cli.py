"""`flask guarantee refresh|export|send-digest`."""

from flask.cli import AppGroup

guarantee_cli = AppGroup("guarantee", help="September Guarantee: follow-up rules, NCCIS exports and digests.")
