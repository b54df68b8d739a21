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
    ADVISER: "adviser.dashboard",
    LEARNER: "learner.overview",
}
UNVERIFIED_EMAIL = (
    "Check your email: we sent you a link to confirm your email address. "
    "Until you confirm it, you may miss news about your applications."
)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user, or None once their account is deactivated, which ends their session at once."""
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active else None


def home_url(user: User) -> str:
    """Where a user starts after signing in; the home page while their area has no page of its own yet."""
    endpoint = HOME_FOR_ROLE[user.role]
    return url_for(endpoint if endpoint in current_app.view_functions else "pages.home")


def start_session(user: User) -> None:
    """Sign a user in. A learner who has not confirmed their email may carry on, with a reminder."""
    login_user(user)
    if user.role == LEARNER and user.email_verified_at is None:
        flash(UNVERIFIED_EMAIL, "important")


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _sign_in_address_limit() -> str:
    return current_app.config["SIGN_IN_ADDRESS_RATE_LIMIT"]


def _address_and_email() -> str:
    """Count attempts per account and address, so that a class signing in from one school network is not blocked."""
    return f"{request.remote_addr}|{request.form.get('email', '').strip().lower()[:254]}"


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], key_func=_address_and_email)
@limiter.limit(_sign_in_address_limit, methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect(_safe_next(request.args.get("next")) or home_url(user))
        form.password.errors.append("Enter a correct email address and password")
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@limiter.limit(_sign_in_limit)
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
        return redirect(home_url(user))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)
