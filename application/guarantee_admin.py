"""Council back office for the guarantee: advisers' caseloads, follow-up rules and checkpoints, and the NCCIS return."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from application import adviser_forms as forms
from application import nccis_export, rules
from application.services import adviser_records as records
from application.services import guarantee_settings
from core.auth.guards import guard_blueprint
from core.roles import COUNCIL
from prospectus.completeness import default_entry_year
from prospectus.council_services import all_entry_years, entry_year_numbered

bp = Blueprint("guarantee_admin", __name__, url_prefix="/council/guarantee", template_folder="templates")
guard_blueprint(bp, COUNCIL)

TEMPLATES = "application/guarantee_admin/"


def _actor():
    return current_user._get_current_object()


def _cohort_form() -> forms.CohortForm:
    default = default_entry_year(rules.uk_today())
    years = [entry_year.year for entry_year in all_entry_years()]
    return forms.CohortForm.for_years(years, request.args, default.year if default else None)


@bp.route("/")
def overview():
    return render_template(TEMPLATES + "overview.html", settings=guarantee_settings.follow_up_settings())


# Caseloads


@bp.route("/caseloads")
def caseloads():
    return render_template(TEMPLATES + "caseloads.html", advisers=guarantee_settings.advisers_with_caseloads())


@bp.route("/caseloads/<int:adviser_id>", methods=["GET", "POST"])
def caseload(adviser_id: int):
    adviser = guarantee_settings.adviser_numbered(adviser_id) or abort(404)
    schools, areas = guarantee_settings.caseload_places()
    form = forms.CaseloadForm.for_places(schools, areas, guarantee_settings.caseload_of(adviser))
    if form.validate_on_submit():
        guarantee_settings.set_caseload(adviser, form.schools.data, form.areas.data, _actor())
        flash(f"{adviser.name}’s caseload has been saved", "success")
        return redirect(url_for(".caseloads"))
    return render_template(TEMPLATES + "caseload.html", form=form, adviser=adviser)


# Follow-up rules


@bp.route("/follow-up-rules/<int:year>", methods=["GET", "POST"])
def follow_up_rules(year: int):
    entry_year = entry_year_numbered(year) or abort(404)
    form = forms.FollowUpRulesForm.for_entry_year(entry_year)
    if form.validate_on_submit():
        try:
            guarantee_settings.set_follow_up_rules(
                entry_year,
                _actor(),
                fsm=form.follow_up_fsm.data,
                looked_after=form.follow_up_looked_after.data,
                ehcp=form.follow_up_ehcp.data,
                checkpoints=form.checkpoint_dates(),
            )
        except records.CheckpointRefused as refused:
            form.show_checkpoint_error(refused.day, refused.message)
        else:
            flash(f"Follow-up rules for {entry_year.label} have been saved", "success")
            return redirect(url_for(".overview"))
    return render_template(TEMPLATES + "follow_up_rules.html", form=form, entry_year=entry_year)


# The NCCIS return


@bp.route("/nccis-return")
def nccis_return():
    form = _cohort_form()
    return render_template(TEMPLATES + "nccis_return.html", cohort_form=form, today=rules.uk_today())


@bp.route("/nccis-return.csv")
def nccis_return_download():
    form = _cohort_form()
    entry_year = (entry_year_numbered(form.chosen_year()) if form.chosen_year() else None) or abort(404)
    as_of = nccis_export.export_as_of(entry_year, rules.uk_today())
    chunks = nccis_export.nccis_export(entry_year, form.chosen_year_group(), as_of, actor=_actor())
    filename = nccis_export.export_filename(entry_year, form.chosen_year_group(), as_of)
    return Response(
        stream_with_context(chunks),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )
