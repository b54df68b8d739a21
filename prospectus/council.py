"""Council back office: areas, providers, entry years, course imports and the completeness report."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.auth.guards import guard_blueprint
from core.csv_import import ImportRefused
from core.extensions import db
from core.roles import COUNCIL
from core.timeutil import utcnow
from prospectus import completeness
from prospectus import council_services as services
from prospectus.council_forms import AreaForm, EntryYearForm, ImportCoursesForm, ProviderForm
from prospectus.importer import import_courses
from prospectus.models import Area, EntryYear, Provider

bp = Blueprint("council", __name__, url_prefix="/council", template_folder="templates")
guard_blueprint(bp, COUNCIL)


def _show_refusal(form, refused) -> None:
    form[refused.field].errors.append(refused.message)


@bp.route("/")
def dashboard():
    return render_template("prospectus/council/dashboard.html")


# Areas


@bp.route("/areas")
def areas():
    return render_template("prospectus/council/areas.html", areas=services.areas_with_provider_counts())


@bp.route("/areas/new", methods=["GET", "POST"])
def add_area():
    form = AreaForm()
    if form.validate_on_submit():
        try:
            area = services.add_area(form.name.data, form.description.data)
        except services.Refused as refused:
            _show_refusal(form, refused)
        else:
            flash(f"{area.name} area added", "success")
            return redirect(url_for(".areas"))
    return render_template("prospectus/council/area_form.html", form=form, area=None)


@bp.route("/areas/<int:area_id>/edit", methods=["GET", "POST"])
def edit_area(area_id: int):
    area = db.session.get(Area, area_id) or abort(404)
    form = AreaForm(obj=area)
    if form.validate_on_submit():
        try:
            services.update_area(area, form.name.data, form.description.data)
        except services.Refused as refused:
            _show_refusal(form, refused)
        else:
            flash(f"{area.name} area saved", "success")
            return redirect(url_for(".areas"))
    return render_template("prospectus/council/area_form.html", form=form, area=area)


# Providers


@bp.route("/providers")
def providers():
    return render_template("prospectus/council/providers.html", providers=services.providers_with_course_counts())


@bp.route("/providers/new", methods=["GET", "POST"])
def add_provider():
    form = ProviderForm(services.all_areas())
    if form.validate_on_submit():
        try:
            provider = services.add_provider(form.details())
        except services.Refused as refused:
            _show_refusal(form, refused)
        else:
            flash(f"{provider.name} added", "success")
            return redirect(url_for(".providers"))
    return render_template("prospectus/council/provider_form.html", form=form, provider=None)


@bp.route("/providers/<int:provider_id>/edit", methods=["GET", "POST"])
def edit_provider(provider_id: int):
    provider = db.session.get(Provider, provider_id) or abort(404)
    form = ProviderForm(services.all_areas(), obj=provider)
    if form.validate_on_submit():
        try:
            services.update_provider(provider, form.details())
        except services.Refused as refused:
            _show_refusal(form, refused)
        else:
            flash(f"{provider.name} saved", "success")
            return redirect(url_for(".providers"))
    return render_template("prospectus/council/provider_form.html", form=form, provider=provider)


# Entry years


@bp.route("/entry-years")
def entry_years():
    return render_template("prospectus/council/entry_years.html", entry_years=services.all_entry_years())


@bp.route("/entry-years/new", methods=["GET", "POST"])
def add_entry_year():
    form = EntryYearForm()
    if form.validate_on_submit():
        try:
            entry_year = services.add_entry_year(form.year.data, form.dates())
        except services.Refused as refused:
            _show_refusal(form, refused)
        else:
            flash(f"Entry year {entry_year.label} added", "success")
            return redirect(url_for(".entry_years"))
    return render_template("prospectus/council/entry_year_form.html", form=form, entry_year=None)


@bp.route("/entry-years/<int:entry_year_id>/edit", methods=["GET", "POST"])
def edit_entry_year(entry_year_id: int):
    entry_year = db.session.get(EntryYear, entry_year_id) or abort(404)
    form = EntryYearForm(obj=entry_year, changing=True)
    if form.validate_on_submit():
        try:
            services.update_entry_year(entry_year, form.dates())
        except services.Refused as refused:
            _show_refusal(form, refused)
        else:
            flash(f"Dates for {entry_year.label} saved", "success")
            return redirect(url_for(".entry_years"))
    return render_template("prospectus/council/entry_year_form.html", form=form, entry_year=entry_year)


# Course import


@bp.route("/import-courses", methods=["GET", "POST"])
def import_courses_upload():
    form = ImportCoursesForm()
    problems = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            result = import_courses(
                upload.read(), source=upload.filename, provider=form.provider.data, actor=current_user
            )
        except ImportRefused as refused:
            _show_refusal(form, refused)
        else:
            if not result.problems:
                flash(f"{result.imported} courses imported: {result.created} new, {result.updated} updated", "success")
                return redirect(url_for(".import_courses_upload"))
            problems = result.problems
            form.file.errors.append(result.refusal)
    return render_template("prospectus/council/import_courses.html", form=form, problems=problems)


# Completeness report


def _entry_year_for_report() -> EntryYear | None:
    year = request.args.get("year")
    if year is None:
        return completeness.default_entry_year(utcnow().date())
    if not year.isdigit():
        abort(404)
    return services.entry_year_numbered(int(year)) or abort(404)


@bp.route("/completeness")
def completeness_report():
    entry_year = _entry_year_for_report()
    report = completeness.completeness_report(entry_year) if entry_year else None
    return render_template(
        "prospectus/council/completeness.html",
        report=report,
        entry_years=services.all_entry_years(),
        complete_when=completeness.COMPLETE_WHEN,
        headings=completeness.AGE_GROUP_HEADINGS,
    )


@bp.route("/completeness.csv")
def completeness_csv():
    entry_year = _entry_year_for_report() or abort(404)
    filename = f"prospectus-completeness-{entry_year.year}.csv"
    return Response(
        completeness.export_csv(entry_year),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
