"""Provider back office: provider staff keep their own provider's profile and courses up to date."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.auth.guards import guard_blueprint
from core.roles import PROVIDER
from prospectus import forms
from prospectus.models import Course
from prospectus.services import courses, providers

bp = Blueprint("provider_admin", __name__, url_prefix="/provider", template_folder="templates")
guard_blueprint(bp, PROVIDER)

STATUS_PROBLEMS = {
    courses.EditConflict: "Someone else changed this course while you were looking at it. Check it, then try again",
    courses.StatusChangeNotAllowed: "The course has already changed status. Check it, then try again",
}


def _actor():
    return current_user._get_current_object()


def _own_course(course_id: int) -> Course:
    return courses.course_for_provider(current_user.provider_id, course_id) or abort(404)


def _course_form(**kwargs) -> forms.CourseForm:
    return forms.CourseForm.for_years(courses.entry_years(), **kwargs)


def _render_course_form(form: forms.CourseForm, course: Course | None):
    return render_template("prospectus/provider_admin/course_form.html", form=form, course=course)


@bp.route("/")
def dashboard():
    filters = forms.CourseFilterForm.for_years(courses.entry_years(), request.args)
    grouped = courses.provider_courses(current_user.provider_id, filters.chosen_year(), filters.chosen_status())
    return render_template(
        "prospectus/provider_admin/dashboard.html",
        filters=filters,
        courses_by_year=grouped,
        provider=current_user.provider,
        labels=forms.COURSE_LABELS,
    )


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    provider = current_user.provider
    form = forms.ProviderProfileForm(obj=provider)
    if form.validate_on_submit():
        providers.update_profile(provider, form.profile_fields(), _actor())
        flash("Your profile has been saved", "success")
        return redirect(url_for(".dashboard"))
    return render_template("prospectus/provider_admin/profile.html", form=form, provider=provider)


@bp.route("/courses/new", methods=["GET", "POST"])
def new_course():
    years = courses.entry_years()
    chosen = next((year.id for year in years if year.year == request.args.get("year", type=int)), None)
    form = forms.CourseForm.for_years(years, entry_year_id=chosen or (years[-1].id if years else None))
    if form.validate_on_submit():
        try:
            course = courses.create_course(current_user.provider, form.course_fields(), _actor(), form.publish.data)
        except courses.CourseError as error:
            form.show_error(error)
        else:
            flash(_published(course) if form.publish.data else f"‘{course.title}’ has been saved as a draft", "success")
            return redirect(url_for(".course", course_id=course.id))
    return _render_course_form(form, None)


@bp.route("/courses/<int:course_id>")
def course(course_id: int):
    course = _own_course(course_id)
    return render_template(
        "prospectus/provider_admin/course.html",
        course=course,
        action_form=forms.CourseActionForm(version=course.version),
        labels=forms.COURSE_LABELS,
    )


@bp.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
def edit_course(course_id: int):
    course = _own_course(course_id)
    form = _course_form(obj=course)
    if form.validate_on_submit():
        try:
            courses.update_course(course, form.course_fields(), form.version.data, _actor(), form.publish.data)
        except courses.CourseError as error:
            form.show_error(error, course)
        else:
            flash(
                _published(course) if form.publish.data else f"Your changes to ‘{course.title}’ have been saved",
                "success",
            )
            return redirect(url_for(".course", course_id=course.id))
    return _render_course_form(form, course)


@bp.route("/courses/<int:course_id>/publish", methods=["POST"])
def publish_course(course_id: int):
    course = _own_course(course_id)
    action = forms.CourseActionForm()
    try:
        courses.publish_course(course, action.version.data, _actor())
    except courses.CourseIncomplete as error:
        form = _course_form(obj=course, formdata=None)
        form.show_error(error)
        return _render_course_form(form, course)
    except courses.CourseError as error:
        flash(STATUS_PROBLEMS[type(error)])
    else:
        flash(_published(course), "success")
    return redirect(url_for(".course", course_id=course.id))


@bp.route("/courses/<int:course_id>/withdraw", methods=["GET", "POST"])
def withdraw_course(course_id: int):
    course = _own_course(course_id)
    action = forms.CourseActionForm(version=course.version)
    if not action.validate_on_submit():
        return render_template("prospectus/provider_admin/withdraw.html", course=course, action_form=action)
    try:
        courses.withdraw_course(course, action.version.data, _actor())
    except courses.CourseError as error:
        flash(STATUS_PROBLEMS[type(error)])
    else:
        flash(f"‘{course.title}’ has been withdrawn. It no longer appears in the prospectus", "success")
    return redirect(url_for(".course", course_id=course.id))


@bp.route("/courses/<int:course_id>/return-to-draft", methods=["POST"])
def return_to_draft(course_id: int):
    course = _own_course(course_id)
    action = forms.CourseActionForm()
    try:
        courses.return_to_draft(course, action.version.data, _actor())
    except courses.CourseError as error:
        flash(STATUS_PROBLEMS[type(error)])
    else:
        flash(f"‘{course.title}’ is a draft again. Publish it when it is ready", "success")
    return redirect(url_for(".course", course_id=course.id))


@bp.route("/courses/copy", methods=["GET", "POST"])
def copy_courses():
    years = courses.entry_years()
    form = forms.CopyCoursesForm.for_years(years)
    if len(years) > 1 and form.validate_on_submit():
        target = form.target_year()
        try:
            result = courses.copy_courses_to_year(current_user.provider, form.source_year(), target, _actor())
        except courses.CourseError as error:
            form.show_error(error)
        else:
            flash(_copy_summary(result, target.label), "success")
            return redirect(url_for(".dashboard", year=target.year))
    return render_template("prospectus/provider_admin/copy.html", form=form, years=years)


def _published(course: Course) -> str:
    return f"‘{course.title}’ has been published. It now appears in the prospectus"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _copy_summary(result: courses.CopyResult, year_label: str) -> str:
    summary = f"{_plural(result.copied, 'course')} copied to {year_label} as drafts."
    if result.skipped:
        skipped = _plural(result.skipped, "course")
        summary += f" {skipped} not copied because {year_label} already has a course with the same code."
    return summary
