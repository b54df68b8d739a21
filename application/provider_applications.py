"""The provider's inbox: choices made to the provider's courses, and the decisions on them."""

from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from application import provider_forms as forms
from application import provider_queries as queries
from application import rules, states
from application.models import REJECTION_REASONS, Choice
from application.services import choices
from core.auth.guards import guard_blueprint
from core.roles import PROVIDER

bp = Blueprint("provider_applications", __name__, url_prefix="/provider/applications", template_folder="templates")
guard_blueprint(bp, PROVIDER)

TEMPLATES = "application/provider/"
STALE_MESSAGE = (
    "This application changed while you were looking at it, so nothing has been saved. "
    "Check what it says now, then try again"
)


def _actor():
    return current_user._get_current_object()


def _own_choice(choice_id: int) -> Choice:
    return queries.choice_for_provider(current_user.provider_id, choice_id) or abort(404)


def _choice_page(choice: Choice):
    return redirect(url_for(".choice", choice_id=choice.id))


def _filters() -> forms.InboxFilterForm:
    """The filters from the query string, with the count of choices in each status for the course chosen."""
    form = forms.InboxFilterForm.for_courses(queries.provider_courses(current_user.provider_id), request.args)
    form.show_counts(queries.status_counts(current_user.provider_id, rules.uk_today(), form.chosen_course()))
    return form


@bp.route("/")
def inbox():
    filters = _filters()
    inbox_page = queries.inbox_page(
        current_user.provider_id,
        rules.uk_today(),
        filters.chosen_course(),
        filters.chosen_statuses(),
        request.args.get("page", 1, type=int),
    )
    return render_template(
        TEMPLATES + "inbox.html",
        filters=filters,
        inbox=inbox_page,
        groups=queries.STATUS_GROUPS,
        provider=current_user.provider,
    )


@bp.route("/export.csv")
def export():
    filters = _filters()
    provider = current_user.provider
    body = queries.export_csv(
        provider.id, _actor(), rules.uk_today(), filters.chosen_course(), filters.chosen_statuses()
    )
    filename = f"applications-{provider.identifier}-{rules.uk_today().isoformat()}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/<int:choice_id>")
def choice(choice_id: int):
    choice = _own_choice(choice_id)
    return _render_choice(choice, forms.NoteForm(formdata=None))


def _render_choice(choice: Choice, note_form: forms.NoteForm):
    today = rules.uk_today()
    return render_template(
        TEMPLATES + "choice.html",
        choice=choice,
        applicant=queries.applicant_for(choice),
        history=queries.choice_history(choice),
        notes=queries.notes_for(choice),
        note_form=note_form,
        form=note_form,
        actions=_actions(choice),
        decision_due=queries.decision_due(choice),
        overdue=queries.is_overdue(choice, today),
        rejection_reasons=REJECTION_REASONS,
    )


@bp.route("/<int:choice_id>/notes", methods=["POST"])
def add_note(choice_id: int):
    choice = _own_choice(choice_id)
    form = forms.NoteForm()
    if not form.validate_on_submit():
        return _render_choice(choice, form)
    queries.add_note(choice, _actor(), form.text.data)
    flash("Your note has been saved", "success")
    return redirect(url_for(".choice", choice_id=choice.id, _anchor="notes"))


# Decisions. Each is offered only when the state table allows it from the choice's status.

ACTIONS = {
    "invite_to_interview": ({states.INVITE}, "Invite to interview"),
    "make_offer": ({states.OFFER}, "Make an offer"),
    "reject": ({states.REJECT}, "Reject application"),
    "withdraw_offer": ({states.WITHDRAW_OFFER}, "Withdraw offer"),
    "conditions": ({states.MEET_CONDITIONS, states.FAIL_CONDITIONS}, "Record whether conditions are met"),
    "record_enrolment": ({states.ENROL}, "Record as enrolled"),
}


DONE = {
    "invite_to_interview": "{name} has been invited to interview",
    "make_offer": "You have made an offer to {name}",
    "reject": "{name}’s application has been marked unsuccessful",
    "withdraw_offer": "The offer to {name} has been withdrawn",
    "conditions": "You have recorded whether {name} met the conditions",
    "record_enrolment": "{name} has been recorded as enrolled",
}


def _actions(choice: Choice) -> list[tuple[str, str]]:
    """The decisions possible now, as (endpoint, label)."""
    allowed = set(states.allowed_events(choice.status, states.PROVIDER))
    return [(endpoint, label) for endpoint, (events, label) in ACTIONS.items() if events & allowed]


def _not_now(status: str) -> str:
    return f"You cannot do that now, because this application is ‘{states.STATUSES[status]}’. Nothing has been changed"


def _decide(choice_id: int, endpoint: str, form_class, decide: Callable):
    """Show a decision's form; on a valid answer, make the decision through the service.

    A decision no longer possible, or made on a page that is out of date, changes nothing and says why.
    """
    choice = _own_choice(choice_id)
    if endpoint not in dict(_actions(choice)):
        flash(_not_now(choice.status), "error")
        return _choice_page(choice)
    form = form_class(version=choice.version)
    template = f"{TEMPLATES}{endpoint.replace('_', '-')}.html"
    if not form.validate_on_submit():
        return render_template(template, form=form, choice=choice)
    try:
        decide(choice, form)
    except choices.ChoiceNotFound:
        abort(404)
    except choices.StaleChoice:
        flash(STALE_MESSAGE, "error")
    except states.TransitionNotAllowed as error:
        flash(_not_now(error.status), "error")
    except choices.ChoiceRuleBroken as error:
        if form.show_rule_broken(str(error)):
            return render_template(template, form=form, choice=choice)
        flash(str(error), "error")
    else:
        flash(DONE[endpoint].format(name=choice.application.learner.full_name), "success")
    return _choice_page(choice)


@bp.route("/<int:choice_id>/invite-to-interview", methods=["GET", "POST"])
def invite_to_interview(choice_id: int):
    def decide(choice, form):
        choices.invite_to_interview(
            choice.id, _actor(), form.expected_version(), form.starts_at(), form.place_text(), form.is_online()
        )

    return _decide(choice_id, "invite_to_interview", forms.InterviewForm, decide)


@bp.route("/<int:choice_id>/make-offer", methods=["GET", "POST"])
def make_offer(choice_id: int):
    def decide(choice, form):
        choices.make_offer(choice.id, _actor(), form.expected_version(), form.condition_texts())

    return _decide(choice_id, "make_offer", forms.OfferForm, decide)


@bp.route("/<int:choice_id>/reject", methods=["GET", "POST"])
def reject(choice_id: int):
    def decide(choice, form):
        choices.reject_choice(choice.id, _actor(), form.expected_version(), form.reason.data, form.detail.data or None)

    return _decide(choice_id, "reject", forms.RejectForm, decide)


@bp.route("/<int:choice_id>/withdraw-offer", methods=["GET", "POST"])
def withdraw_offer(choice_id: int):
    def decide(choice, form):
        choices.withdraw_offer(choice.id, _actor(), form.expected_version(), form.reason.data)

    return _decide(choice_id, "withdraw_offer", forms.WithdrawOfferForm, decide)


@bp.route("/<int:choice_id>/conditions", methods=["GET", "POST"])
def conditions(choice_id: int):
    def decide(choice, form):
        choices.record_conditions(choice.id, _actor(), form.expected_version(), form.conditions_met())

    return _decide(choice_id, "conditions", forms.ConditionsForm, decide)


@bp.route("/<int:choice_id>/record-enrolment", methods=["GET", "POST"])
def record_enrolment(choice_id: int):
    def decide(choice, form):
        choices.record_enrolment(choice.id, _actor(), form.expected_version())

    return _decide(choice_id, "record_enrolment", forms.EnrolmentForm, decide)
