"""Careers advisers: the September Guarantee dashboard, lists of learners, and each learner's record."""

from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from application import adviser_forms as forms
from application import caseload, charts, rules
from application.guarantee_models import (
    CONTACT_METHODS,
    CONTACT_OUTCOMES,
    FOLLOW_UP_REASONS,
    NOT_APPROPRIATE_REASONS,
    OFFER_SOURCES,
    PRIORITY_GROUPS,
)
from application.models import REJECTION_REASONS, SEN_STATUSES
from application.services import adviser_records as records
from application.services import guarantee_lists
from core.auth.guards import guard_blueprint
from core.roles import ADVISER, COUNCIL
from prospectus.completeness import default_entry_year
from prospectus.council_services import all_entry_years, entry_year_numbered
from prospectus.reference import NCCIS_OFFER_TYPES

bp = Blueprint("adviser", __name__, url_prefix="/adviser", template_folder="templates")
guard_blueprint(bp, ADVISER, COUNCIL)

TEMPLATES = "application/adviser/"


def _actor():
    return current_user._get_current_object()


def _cohort_args() -> tuple:
    """The entry years to choose from, the query string, and the year shown unless another is asked for."""
    default = default_entry_year(rules.uk_today())
    return [entry_year.year for entry_year in all_entry_years()], request.args, default.year if default else None


def _cohort_form() -> forms.CohortForm:
    return forms.CohortForm.for_years(*_cohort_args())


def _entry_year_from(form: forms.CohortForm):
    year = form.chosen_year()
    return entry_year_numbered(year) if year else None


@bp.route("/")
def dashboard():
    form = _cohort_form()
    entry_year = _entry_year_from(form)
    today = rules.uk_today()
    figures = guarantee_lists.dashboard(_actor(), entry_year, form.chosen_year_group(), today) if entry_year else None
    return render_template(
        TEMPLATES + "dashboard.html",
        cohort_form=form,
        figures=figures,
        charts=charts,
        national=(guarantee_lists.NATIONAL_OFFER_MADE, guarantee_lists.NATIONAL_YEAR),
    )


def _list_form() -> forms.LearnerFilterForm:
    return forms.LearnerFilterForm.for_filters(*_cohort_args(), guarantee_lists.FILTERS)


def _list_query(form: forms.LearnerFilterForm) -> guarantee_lists.ListQuery:
    entry_year = _entry_year_from(form) or abort(404)
    sort = request.args.get("sort", "name")
    return guarantee_lists.ListQuery(
        entry_year=entry_year,
        year_group=form.chosen_year_group(),
        filters=tuple(form.chosen_filters()),
        sort=sort if sort in guarantee_lists.SORTS else "name",
        descending=request.args.get("order") == "descending",
    )


@bp.route("/learners")
def learners():
    form = _list_form()
    query = _list_query(form)
    listed = guarantee_lists.learner_list(_actor(), query, request.args.get("page", 1, type=int), rules.uk_today())
    return render_template(
        TEMPLATES + "learners.html",
        filter_form=form,
        query=query,
        listed=listed,
        sorts=guarantee_lists.SORTS,
        offer_types=NCCIS_OFFER_TYPES,
        export_args={key: values for key, values in request.args.lists() if key != "page"},
    )


@bp.route("/learners/export.csv")
def export_learners():
    query = _list_query(_list_form())
    lines = guarantee_lists.learners_csv(_actor(), query, rules.uk_today())
    filename = f"learners-{query.entry_year.year}-year-{query.year_group}-{rules.uk_today().isoformat()}.csv"
    return Response(
        stream_with_context(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


# One learner


def _learner_in_caseload(learner_id: int):
    """The learner and the entry year asked for, or 404 if the learner is not in this user's caseload for it."""
    year = request.args.get("year", type=int)
    entry_year = entry_year_numbered(year) if year else default_entry_year(rules.uk_today())
    if entry_year is None:
        abort(404)
    return caseload.require_in_caseload(_actor(), learner_id, entry_year), entry_year


@bp.route("/learners/<int:learner_id>")
def learner(learner_id: int):
    learner, entry_year = _learner_in_caseload(learner_id)
    record = records.learner_record(_actor(), learner, entry_year, rules.uk_today())
    return render_template(
        TEMPLATES + "learner.html",
        record=record,
        offer_types=NCCIS_OFFER_TYPES,
        offer_sources=OFFER_SOURCES,
        not_appropriate_reasons=NOT_APPROPRIATE_REASONS,
        contact_methods=CONTACT_METHODS,
        contact_outcomes=CONTACT_OUTCOMES,
        follow_up_reasons=FOLLOW_UP_REASONS,
        priority_groups=PRIORITY_GROUPS,
        sen_statuses=SEN_STATUSES,
        rejection_reasons=REJECTION_REASONS,
    )


def _record(learner_id: int, form_class, template: str, save: Callable, done: str):
    """Show a recording form; on a valid answer, save it through the service and go back to the learner."""
    learner, entry_year = _learner_in_caseload(learner_id)
    form = form_class()
    if form.validate_on_submit():
        try:
            save(learner, entry_year, form)
        except records.RecordRefused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash(done.format(name=learner.full_name), "success")
            return redirect(url_for(".learner", learner_id=learner.id, year=entry_year.year))
    return render_template(TEMPLATES + template, form=form, learner=learner, entry_year=entry_year)


@bp.route("/learners/<int:learner_id>/record-offer", methods=["GET", "POST"])
def record_offer(learner_id: int):
    def save(learner, entry_year, form):
        records.record_external_offer(
            learner,
            entry_year,
            _actor(),
            activity_code=form.activity_code.data,
            provider_name=form.provider_name.data,
            provider_ukprn=form.provider_ukprn.data,
            course=form.course.data,
            offered_on=form.offered_on.data,
            source=form.source.data,
        )

    return _record(learner_id, forms.ExternalOfferForm, "record_offer.html", save, "Offer recorded for {name}")


@bp.route("/learners/<int:learner_id>/record-not-appropriate", methods=["GET", "POST"])
def record_not_appropriate(learner_id: int):
    def save(learner, entry_year, form):
        records.record_not_appropriate(
            learner,
            entry_year,
            _actor(),
            reason=form.reason.data,
            detail=form.detail.data,
            recorded_on=form.recorded_on.data,
        )

    return _record(
        learner_id,
        forms.NotAppropriateForm,
        "record_not_appropriate.html",
        save,
        "Recorded that an offer is not appropriate for {name} now",
    )


@bp.route("/learners/<int:learner_id>/record-contact", methods=["GET", "POST"])
def record_contact(learner_id: int):
    def save(learner, entry_year, form):
        records.record_contact(
            learner,
            entry_year,
            _actor(),
            contacted_on=form.contacted_on.data,
            method=form.method.data,
            outcome=form.outcome.data,
            note=form.note.data,
        )

    return _record(learner_id, forms.ContactForm, "record_contact.html", save, "Contact with {name} recorded")


@bp.route("/learners/<int:learner_id>/record-intended-destination", methods=["GET", "POST"])
def record_intended_destination(learner_id: int):
    def save(learner, entry_year, form):
        records.record_intended_destination(
            learner, entry_year, _actor(), activity_code=form.activity_code.data, detail=form.detail.data
        )

    return _record(
        learner_id,
        forms.IntendedDestinationForm,
        "record_intended_destination.html",
        save,
        "Intended destination recorded for {name}",
    )
