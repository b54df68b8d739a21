"""Council back office: load school rolls (the cohort) and hand out activation codes."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from application import account_services
from application.account_forms import ImportCohortForm
from application.cohort import import_cohort
from application.models import School
from core.auth.guards import guard_blueprint
from core.csv_import import ImportRefused
from core.extensions import db
from core.roles import COUNCIL
from core.timeutil import utcnow
from prospectus.completeness import default_entry_year
from prospectus.council_services import all_entry_years, entry_year_numbered

bp = Blueprint("cohort", __name__, url_prefix="/council/cohort", template_folder="templates")
guard_blueprint(bp, COUNCIL)


def _chosen_entry_year():
    year = request.args.get("year")
    if year is None:
        return default_entry_year(utcnow().date())
    if not year.isdigit():
        abort(404)
    return entry_year_numbered(int(year)) or abort(404)


@bp.route("/")
def schools():
    entry_year = _chosen_entry_year()
    summaries = account_services.schools_in_cohort(entry_year) if entry_year else []
    return render_template(
        "application/cohort/schools.html", entry_year=entry_year, entry_years=all_entry_years(), summaries=summaries
    )


@bp.route("/import", methods=["GET", "POST"])
def import_upload():
    entry_year = _chosen_entry_year()
    form = ImportCohortForm(
        years=[year.year for year in all_entry_years()], entry_year=str(entry_year.year) if entry_year else None
    )
    problems = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = import_cohort(
                upload.read(), source=upload.filename, entry_year=int(form.entry_year.data), actor=current_user
            )
        except ImportRefused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            if not result.problems:
                flash(
                    f"{result.imported} learners imported: {result.created} new, {result.updated} updated. "
                    f"{result.codes_issued} new activation codes.",
                    "success",
                )
                return redirect(url_for(".schools", year=form.entry_year.data))
            problems = result.problems
            form.file.errors.append(result.refusal)
    return render_template("application/cohort/import.html", form=form, problems=problems)


@bp.route("/schools/<int:school_id>/activation-codes.csv")
def activation_codes(school_id: int):
    school = db.session.get(School, school_id) or abort(404)
    entry_year = _chosen_entry_year() or abort(404)
    filename = f"activation-codes-{school.urn}-{entry_year.year}.csv"
    return Response(
        account_services.activation_codes_csv(school, entry_year, current_user._get_current_object()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
