from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import Gone

from core import audit
from core.auth import services
from core.auth.forms import SetPasswordForm, SignInForm
from core.extensions import db, limiter, login_manager
from core.models import User
from core.roles import ADVISER, COUNCIL, LEARNER, PROVIDER

bp = Blueprint("auth", __name__)

HOME_FOR_ROLE = {
    PROVIDER: "provider_admin.dashboard",
    COUNCIL: "council.dashboard",
    ADVISER: "pages.home",
    LEARNER: "pages.home",
}


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for(HOME_FOR_ROLE[current_user.role]))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for(HOME_FOR_ROLE[user.role]))
        form.password.errors.append("Enter a correct email address and password")
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    if current_user.is_authenticated:
        audit.record("sign-out", subject=current_user._get_current_object())
        db.session.commit()
    logout_user()
    flash("You have signed out", "success")
    return redirect(url_for("pages.home"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def accept_invitation(token: str):
    try:
        invitation = services.invitation_for(token)
    except services.InvitationInvalid:
        raise Gone(
            "This invitation link has expired or has already been used. Ask the council for a new one."
        ) from None
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = services.accept_invitation(token, form.password.data)
        login_user(user)
        flash("Your password is set and you are signed in", "success")
        return redirect(url_for(HOME_FOR_ROLE[user.role]))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)
