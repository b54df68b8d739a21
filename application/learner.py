"""The learner's application: a task list, saved as they go, then choices and replies to offers."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from application import learner_forms as forms
from application import rules, states
from application.models import APPLICATION_SUBMITTED, REJECTION_REASONS
from application.services import applications
from application.services import choices as choice_service
from core.auth.guards import guard_blueprint
from core.roles import LEARNER
from prospectus.queries import MAX_ID, published_course

bp = Blueprint("learner", __name__, url_prefix="/your-application", template_folder="templates")
guard_blueprint(bp, LEARNER)

# What happens next, in plain words, for each status of a sent choice.
WHAT_HAPPENS_NEXT = {
    states.DRAFT: "This choice has not been sent yet. It will be sent when you send your application.",
    states.SUBMITTED: "The provider is looking at your application. They will invite you to an interview or tell you "
    "their decision.",
    states.INTERVIEW: "Go to your interview. The provider will tell you their decision after it.",
    states.OFFERED: "You have been offered a place. Accept it if it is the course you want most, or decline it.",
    states.REJECTED: "The provider cannot offer you a place on this course.",
    states.WITHDRAWN: "You withdrew this choice. The provider will not consider it.",
    states.ACCEPTED: "You have accepted this offer. The provider will be in touch before the course starts.",
    states.DECLINED: "You declined this offer.",
    states.OFFER_WITHDRAWN: "The provider has withdrawn their offer.",
    states.CONDITIONS_MET: "You have met the conditions of your offer. Your place is confirmed.",
    states.CONDITIONS_NOT_MET: "You did not meet the conditions of your offer. Talk to your school or careers adviser "
    "about other courses.",
    states.ENROLLED: "You have started this course.",
}

# What the choices service refuses with a message for the learner; nothing has changed.
REPLY_PROBLEMS = (states.TransitionNotAllowed, choice_service.ChoiceRuleBroken, choice_service.StaleChoice)


def _user():
    return current_user._get_current_object()


def _today() -> date:
    return rules.uk_today()


def _entry_year():
    return applications.current_entry_year(_today()) or abort(404)


def _application():
    return applications.application_for(current_user.learner_id, _entry_year())


def _own_choice(choice_id: int):
    return applications.choice_for_learner(current_user.learner_id, choice_id) or abort(404)


def _sent_already():
    flash(str(applications.AlreadySent()))
    return redirect(url_for(".overview"))


# The task list, or once sent, the learner's choices and replies


@bp.route("/")
def overview():
    entry_year = applications.current_entry_year(_today())
    application = applications.application_for(current_user.learner_id, entry_year)
    if application is not None and application.status == APPLICATION_SUBMITTED:
        return render_template(
            "application/learner/choices_overview.html",
            application=application,
            next_steps=WHAT_HAPPENS_NEXT,
            rejection_reasons=REJECTION_REASONS,
            cannot_add=applications.why_no_more_choices(application, entry_year, _today()),
            states=states,
        )
    return render_template(
        "application/learner/task_list.html",
        entry_year=entry_year,
        application=application,
        tasks=_tasks(application, entry_year),
        ready=entry_year is not None and not applications.incomplete_sections(application),
        is_open=entry_year is not None and rules.applications_open(entry_year, _today()),
        today=_today(),
    )


SECTION_ENDPOINTS = {
    applications.PERSONAL_DETAILS: ".personal_details",
    applications.SCHOOL_AND_GRADES: ".school_and_grades",
    applications.SUPPORT_NEEDS: ".support_needs",
    applications.PERSONAL_STATEMENT: ".personal_statement",
    applications.CHOICES: ".choices",
}


def _tasks(application, entry_year) -> list[dict]:
    if entry_year is None:
        return []
    tasks = []
    for section, label in applications.SECTIONS.items():
        status = applications.section_status(application, section, entry_year, _today())
        href = None if status == applications.CANNOT_START else url_for(SECTION_ENDPOINTS[section])
        tasks.append({"label": label, "status": status, "href": href})
    return tasks


# Sections that save on one page


def _section_page(form_class, section: str, template: str, **context):
    entry_year = _entry_year()
    application = applications.application_for(current_user.learner_id, entry_year)
    if application is not None and application.status == APPLICATION_SUBMITTED:
        return _sent_already()
    form = form_class(obj=application, completed=_completed_answer(application, section))
    if form.validate_on_submit():
        try:
            applications.save_section(_user(), entry_year, section, form.answers(), form.is_completed)
        except applications.SectionIncomplete as error:
            form.show_missing(error)
        except applications.AlreadySent:
            return _sent_already()
        else:
            flash(f"‘{applications.SECTIONS[section]}’ has been saved", "success")
            return redirect(url_for(".overview"))
    elif form.is_submitted() and form.is_completed:
        # Show what is missing alongside the other mistakes, so that every error is listed at once.
        missing = applications.missing_answers(section, form.answers())
        form.show_missing(applications.SectionIncomplete({k: v for k, v in missing.items() if not form[k].errors}))
    return render_template(template, form=form, learner=current_user.learner, **context)


def _completed_answer(application, section: str) -> str | None:
    """The saved answer to "Have you completed this section?", shown again when the learner comes back."""
    if application is None or request.method == "POST":
        return None
    status = applications.section_status(application, section, application.entry_year, _today())
    return {applications.COMPLETED: "yes", applications.IN_PROGRESS: "no"}.get(status)


@bp.route("/personal-details", methods=["GET", "POST"])
def personal_details():
    return _section_page(
        forms.PersonalDetailsForm, applications.PERSONAL_DETAILS, "application/learner/personal_details.html"
    )


@bp.route("/support-needs", methods=["GET", "POST"])
def support_needs():
    return _section_page(forms.SupportNeedsForm, applications.SUPPORT_NEEDS, "application/learner/support_needs.html")


@bp.route("/personal-statement", methods=["GET", "POST"])
def personal_statement():
    return _section_page(
        forms.PersonalStatementForm,
        applications.PERSONAL_STATEMENT,
        "application/learner/personal_statement.html",
        word_limit=applications.WORD_LIMIT,
    )


# School and grades: the school, then qualifications one page at a time, then "completed?"


@bp.route("/current-school", methods=["GET", "POST"])
def current_school():
    entry_year = _entry_year()
    application = applications.application_for(current_user.learner_id, entry_year)
    form = forms.CurrentSchoolForm(obj=application)
    if form.validate_on_submit():
        try:
            applications.save_section(
                _user(), entry_year, applications.SCHOOL_AND_GRADES, {"current_school": form.current_school.data}, False
            )
        except applications.AlreadySent:
            return _sent_already()
        return redirect(url_for(".school_and_grades"))
    return render_template("application/learner/current_school.html", form=form)


@bp.route("/school-and-grades", methods=["GET", "POST"])
def school_and_grades():
    entry_year = _entry_year()
    application = applications.application_for(current_user.learner_id, entry_year)
    if application is None or not application.current_school:
        return redirect(url_for(".current_school"))
    return _review_page(
        entry_year, application, applications.SCHOOL_AND_GRADES, "application/learner/school_and_grades.html"
    )


def _review_page(entry_year, application, section: str, template: str, **context):
    """A section whose answers are saved one at a time; this page asks only whether it is complete."""
    if application is not None and application.status == APPLICATION_SUBMITTED:
        return _sent_already()
    form = forms.CompletedForm(completed=_completed_answer(application, section))
    if form.validate_on_submit():
        try:
            applications.mark_section(_user(), entry_year, section, form.is_completed)
        except applications.SectionIncomplete as error:
            form.show_missing(error)
        except applications.AlreadySent:
            return _sent_already()
        else:
            flash(f"‘{applications.SECTIONS[section]}’ has been saved", "success")
            return redirect(url_for(".overview"))
    return render_template(template, form=form, application=application, entry_year=entry_year, **context)


@bp.route("/school-and-grades/add-gcse", methods=["GET", "POST"])
def add_gcse():
    return _qualification_page(forms.GcseForm(), applications.GCSE, "application/learner/add_gcse.html")


@bp.route("/school-and-grades/add-qualification", methods=["GET", "POST"])
def add_qualification():
    return _qualification_page(
        forms.OtherQualificationForm(), applications.OTHER, "application/learner/add_qualification.html"
    )


def _qualification_page(form, kind: str, template: str):
    entry_year = _entry_year()
    if form.validate_on_submit():
        predicted = form.result.data == forms.PREDICTED
        try:
            applications.add_qualification(_user(), entry_year, kind, form.subject.data, form.grade.data, predicted)
        except applications.AlreadySent:
            return _sent_already()
        flash(f"{form.subject.data} has been added", "success")
        return redirect(url_for(".school_and_grades"))
    return render_template(template, form=form)


@bp.route("/school-and-grades/<int:qualification_id>/remove", methods=["POST"])
def remove_qualification(qualification_id: int):
    qualification = applications.qualification_for_learner(current_user.learner_id, qualification_id) or abort(404)
    if forms.ActionForm().validate_on_submit():
        subject = qualification.subject
        try:
            applications.remove_qualification(_user(), qualification)
        except applications.AlreadySent:
            return _sent_already()
        flash(f"{subject} has been removed", "success")
    return redirect(url_for(".school_and_grades"))


# Choices


@bp.route("/choices", methods=["GET", "POST"])
def choices():
    if request.method == "POST":
        return _add_choice()
    course_id = request.args.get("course_id", type=int)
    if course_id is not None:
        return _confirm_add_choice(course_id)
    return _choices_page()


@bp.route("/choices/completed", methods=["POST"])
def choices_completed():
    return _choices_page()


def _choices_page():
    entry_year = _entry_year()
    application = applications.application_for(current_user.learner_id, entry_year)
    if application is not None and application.status == APPLICATION_SUBMITTED:
        return redirect(url_for(".overview"))
    return _review_page(
        entry_year,
        application,
        applications.CHOICES,
        "application/learner/choices.html",
        cannot_add=applications.why_no_more_choices(application, entry_year, _today()),
    )


def _confirm_add_choice(course_id: int):
    """Where sign-in returns a learner who chose a course while signed out: a GET must not change anything."""
    course = published_course(course_id) or abort(404)
    form = forms.AddChoiceForm(course_id=course.id, formdata=None)
    return render_template("application/learner/add_choice.html", course=course, form=form)


def _add_choice():
    form = forms.AddChoiceForm()
    if not form.validate_on_submit() or not 0 < form.course_id.data <= MAX_ID:
        abort(400)
    try:
        added = applications.add_choice(_user(), form.course_id.data, _today())
    except applications.ApplicationError as error:
        flash(str(error))
        return redirect(url_for(".choices"))
    except REPLY_PROBLEMS as error:  # the choice was added but could not be sent yet
        flash(str(error))
        return redirect(url_for(".overview"))
    name = applications.course_name(added.choice.course)
    if added.sent:
        flash(f"{name} has been added to your application and sent to the provider", "success")
        return redirect(url_for(".overview"))
    flash(f"{name} has been added to your choices", "success")
    return redirect(url_for(".choices"))


@bp.route("/choices/<int:choice_id>/move-up", methods=["POST"], defaults={"direction": applications.UP})
@bp.route("/choices/<int:choice_id>/move-down", methods=["POST"], defaults={"direction": applications.DOWN})
def move_choice(choice_id: int, direction: str):
    choice = _own_choice(choice_id)
    if forms.ActionForm().validate_on_submit():
        try:
            applications.move_choice(_user(), choice, direction)
        except applications.AlreadySent:
            return _sent_already()
    return redirect(url_for(".choices", _anchor=f"choice-{choice.id}"))


@bp.route("/choices/<int:choice_id>/remove", methods=["POST"])
def remove_choice(choice_id: int):
    choice = _own_choice(choice_id)
    if forms.ActionForm().validate_on_submit():
        name = applications.course_name(choice.course)
        try:
            applications.remove_choice(_user(), choice)
        except applications.ApplicationError as error:
            flash(str(error))
        else:
            flash(f"{name} has been removed from your choices", "success")
    return redirect(url_for(".choices"))


# Check and send


@bp.route("/check", methods=["GET", "POST"])
def check_answers():
    application = _application() or abort(404)
    form = forms.DeclarationForm()
    sent = application.status == APPLICATION_SUBMITTED
    if form.validate_on_submit():
        try:
            applications.send_application(_user(), application, form.declaration.data, _today())
        except applications.NotReadyToSend as error:
            form.show_problems(error.problems)
        except REPLY_PROBLEMS as error:
            form.show_problems({"declaration": str(error)})
        else:
            return redirect(url_for(".confirmation"))
    return render_template(
        "application/learner/check_answers.html",
        application=application,
        learner=current_user.learner,
        form=form,
        problems={} if sent else applications.problems_before_sending(application, _today()),
        sent=sent,
        sections=applications.SECTIONS,
    )


@bp.route("/confirmation")
def confirmation():
    application = _application() or abort(404)
    if application.status != APPLICATION_SUBMITTED:
        return redirect(url_for(".check_answers"))
    return render_template("application/learner/confirmation.html", application=application)


@bp.route("/send-new-choices", methods=["POST"])
def send_new_choices():
    application = _application() or abort(404)
    if forms.ActionForm().validate_on_submit():
        try:
            sent = applications.send_application(_user(), application, False, _today())
        except (applications.NotReadyToSend, *REPLY_PROBLEMS) as error:
            flash(str(error))
        else:
            if sent:
                flash("Your new choices have been sent", "success")
    return redirect(url_for(".overview"))


# Replies to offers, and withdrawing


def _reply_page(choice, event: str, template: str, reply, done: str, **context):
    """A page that says what a reply will do, and the button that does it."""
    if event not in states.allowed_events(choice.status, states.LEARNER):
        flash(str(states.TransitionNotAllowed(choice.status, event)))
        return redirect(url_for(".overview"))
    form = forms.ActionForm()
    if form.validate_on_submit():
        try:
            reply(choice.id, _user())
        except choice_service.ChoiceNotFound:
            abort(404)
        except REPLY_PROBLEMS as error:
            flash(str(error))
        else:
            flash(done.format(name=applications.course_name(choice.course)), "success")
        return redirect(url_for(".overview"))
    return render_template(template, choice=choice, form=form, name=applications.course_name(choice.course), **context)


@bp.route("/choices/<int:choice_id>/accept", methods=["GET", "POST"])
def accept_offer(choice_id: int):
    choice = _own_choice(choice_id)
    return _reply_page(
        choice,
        states.ACCEPT,
        "application/learner/accept.html",
        choice_service.accept_offer,
        "You have accepted your offer for {name}",
        consequences=acceptance_summary(choice),
    )


@bp.route("/choices/<int:choice_id>/decline", methods=["GET", "POST"])
def decline_offer(choice_id: int):
    return _reply_page(
        _own_choice(choice_id),
        states.DECLINE,
        "application/learner/decline.html",
        choice_service.decline_offer,
        "You have declined your offer for {name}",
    )


@bp.route("/choices/<int:choice_id>/withdraw", methods=["GET", "POST"])
def withdraw_choice(choice_id: int):
    return _reply_page(
        _own_choice(choice_id),
        states.WITHDRAW,
        "application/learner/withdraw.html",
        choice_service.withdraw_choice,
        "You have withdrawn your application to {name}",
    )


def acceptance_summary(choice) -> str:
    """Exactly what accepting will do, as one paragraph."""
    outcome = applications.consequences_of_accepting(choice)
    sentences = [f"You will accept {applications.course_name(choice.course)}."]
    declined = _names(outcome.declined)
    withdrawn = _names(outcome.withdrawn)
    if declined and withdrawn:
        sentences.append(
            f"Your other offers ({declined}) will be declined and your applications to {withdrawn} will be withdrawn."
        )
    elif declined:
        sentences.append(f"Your other offers ({declined}) will be declined.")
    elif withdrawn:
        sentences.append(f"Your applications to {withdrawn} will be withdrawn.")
    return " ".join(sentences)


def _names(choices) -> str:
    names = [applications.course_name(choice.course) for choice in choices]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
