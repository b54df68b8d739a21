"""The adviser's queue of follow-ups for priority learners: most urgent first, with what has been done and by whom."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from application import rules
from application.adviser_forms import ContactForm
from application.guarantee_models import CONTACT_METHODS, CONTACT_OUTCOMES, PRIORITY_GROUPS, FollowUp
from application.services import follow_up_queue
from application.services import follow_ups as service
from core.auth.guards import guard_blueprint
from core.roles import ADVISER, COUNCIL

bp = Blueprint("follow_ups", __name__, url_prefix="/adviser/follow-ups", template_folder="templates")
guard_blueprint(bp, ADVISER, COUNCIL)

TEMPLATES = "application/follow_ups/"


class CloseForm(FlaskForm):
    reason = TextAreaField(
        "Why are you closing this follow-up?",
        widget=GovTextArea(),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired("Enter why you are closing this follow-up"),
            Length(max=300, message="Reason must be 300 characters or fewer"),
        ],
        description="For example, the young person has moved to Wales and their new council knows",
    )
    submit = SubmitField("Close follow-up", widget=GovSubmitInput())


def _actor():
    return current_user._get_current_object()


def _follow_up(follow_up_id: int) -> FollowUp:
    return follow_up_queue.follow_up_in_scope(_actor(), follow_up_id) or abort(404)


def _labels() -> dict:
    return {
        "priority_groups": PRIORITY_GROUPS,
        "contact_methods": CONTACT_METHODS,
        "contact_outcomes": CONTACT_OUTCOMES,
        "reason_label": service.reason_label,
    }


@bp.route("/")
def queue():
    today = rules.uk_today()
    page = follow_up_queue.queue(_actor(), today, request.args.get("page", 1, type=int))
    return render_template(TEMPLATES + "queue.html", queue=page, **_labels())


@bp.route("/<int:follow_up_id>")
def follow_up(follow_up_id: int):
    page = follow_up_queue.follow_up_page(_actor(), _follow_up(follow_up_id), rules.uk_today())
    return render_template(TEMPLATES + "follow-up.html", page=page, **_labels())


@bp.route("/<int:follow_up_id>/record-contact", methods=["GET", "POST"])
def record_contact(follow_up_id: int):
    follow_up = _follow_up(follow_up_id)
    form = ContactForm()
    if not form.validate_on_submit():
        return render_template(TEMPLATES + "record-contact.html", form=form, follow_up=follow_up)
    service.record_contact(
        follow_up, _actor(), form.contacted_on.data, form.method.data, form.outcome.data, form.note.data
    )
    flash(f"Contact with {follow_up.learner.full_name} recorded", "success")
    return redirect(url_for(".follow_up", follow_up_id=follow_up.id))


@bp.route("/<int:follow_up_id>/close", methods=["GET", "POST"])
def close(follow_up_id: int):
    follow_up = _follow_up(follow_up_id)
    form = CloseForm()
    if follow_up.closed_at is not None:
        flash("This follow-up is already closed", "error")
        return redirect(url_for(".follow_up", follow_up_id=follow_up.id))
    if not form.validate_on_submit():
        return render_template(TEMPLATES + "close.html", form=form, follow_up=follow_up)
    try:
        service.close_by_hand(follow_up, form.reason.data, _actor())
    except service.FollowUpError as error:
        form.reason.errors.append(str(error))
        return render_template(TEMPLATES + "close.html", form=form, follow_up=follow_up)
    flash(f"Follow-up for {follow_up.learner.full_name} closed", "success")
    return redirect(url_for(".queue"))
