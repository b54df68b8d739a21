"""Council back office: staff accounts and invitations."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core import staff_services as services
from core.auth.guards import guard_blueprint
from core.extensions import db
from core.models import User
from core.roles import COUNCIL
from core.staff_forms import AccountForm

bp = Blueprint("staff", __name__, url_prefix="/council/staff")
guard_blueprint(bp, COUNCIL)


def _account(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.route("/")
def accounts():
    return render_template("staff/accounts.html", staff=services.staff_with_status())


@bp.route("/invite", methods=["GET", "POST"])
def invite():
    form = AccountForm(services.providers_to_choose())
    if request.method == "GET" and request.args.get("provider", "").isdigit():
        form.role.data, form.provider_id.data = "provider", int(request.args["provider"])
    if form.validate_on_submit():
        try:
            user = services.invite(
                form.name.data,
                form.email.data,
                form.role.data,
                form.provider_id.data,
                current_user._get_current_object(),
            )
        except services.Refused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash(f"Invitation sent to {user.email}", "success")
            return redirect(url_for(".accounts"))
    return render_template("staff/invite.html", form=form)


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
def edit_account(user_id: int):
    user = _account(user_id)
    form = AccountForm(services.providers_to_choose(), obj=user, inviting=False)
    if form.validate_on_submit():
        try:
            services.update_account(
                user, form.name.data, form.role.data, form.provider_id.data, current_user._get_current_object()
            )
        except services.Refused as refused:
            form[refused.field].errors.append(refused.message)
        else:
            flash(f"{user.name}'s account saved", "success")
            return redirect(url_for(".accounts"))
    return render_template("staff/edit.html", form=form, user=user)


@bp.route("/<int:user_id>/resend-invitation", methods=["POST"])
def resend_invitation(user_id: int):
    user = _account(user_id)
    try:
        services.reinvite(user, current_user._get_current_object())
    except services.Refused as refused:
        flash(refused.message, "error")
    else:
        flash(f"A new invitation has been sent to {user.email}", "success")
    return redirect(url_for(".accounts"))


@bp.route("/<int:user_id>/deactivate", methods=["GET", "POST"])
def deactivate(user_id: int):
    user = _account(user_id)
    if request.method == "POST":
        try:
            services.deactivate(user, current_user._get_current_object())
        except services.Refused as refused:
            flash(refused.message, "error")
        else:
            flash(f"{user.name}'s account has been deactivated", "success")
        return redirect(url_for(".accounts"))
    return render_template("staff/deactivate.html", user=user)
