"""Learner accounts: activation with a code from school, registration from outside the area, resets and email checks."""

from flask import Blueprint

bp = Blueprint("learner_accounts", __name__, template_folder="templates")
