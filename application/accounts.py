"""Learner accounts: activation with a code from school, registration from outside the area, resets and email checks.

Each journey asks one short group of questions per page. Answers from an earlier page wait in the session until the
last page, where one service call checks everything again and creates the account.
"""

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, login_user
from werkzeug.exceptions import Gone

from application import account_services as services
from application.account_forms import (
    AboutYouForm,
    ActivationForm,
    ForgottenPasswordForm,
    NewPasswordForm,
    SendAgainForm,
    SignInDetailsForm,
)
from core.auth.views import home_url
from core.extensions import limiter

bp = Blueprint("learner_accounts", __name__, template_folder="templates")

LINK_GONE = "This link has expired or has already been used."


def _account_limit() -> str:
    return current_app.config["ACCOUNT_RATE_LIMIT"]


limit_posts = limiter.limit(_account_limit, methods=["POST"])


def _show_refusal(form, refused: services.AccountRefused) -> None:
    form[refused.field].errors.append(refused.message)


def _finish(user):
    login_user(user)
    flash(
        f"Your account is ready. We have sent an email to {user.email}: open the link in it to confirm it is yours.",
        "success",
    )
    return redirect(home_url(user))


# Creating an account with a code from school


@bp.route("/create-an-account", methods=["GET", "POST"])
@limit_posts
def activate():
    form = ActivationForm()
    if form.validate_on_submit():
        try:
            services.learner_for_activation(form.code.data, form.date_of_birth.data)
        except services.AccountRefused as refused:
            _show_refusal(form, refused)
        else:
            session["activation"] = {"code": form.code.data, "born": form.date_of_birth.data.isoformat()}
            return redirect(url_for(".activation_sign_in_details"))
    return render_template("application/accounts/activate.html", form=form)


@bp.route("/create-an-account/sign-in-details", methods=["GET", "POST"])
@limit_posts
def activation_sign_in_details():
    answers = session.get("activation")
    if not answers:
        return redirect(url_for(".activate"))
    form = SignInDetailsForm()
    if form.validate_on_submit():
        try:
            user = services.create_learner_account(
                answers["code"], date.fromisoformat(answers["born"]), form.email.data, form.password.data
            )
        except services.AccountRefused as refused:
            if refused.field == "code":
                flash(refused.message, "important")
                return redirect(url_for(".activate"))
            _show_refusal(form, refused)
        else:
            session.pop("activation", None)
            return _finish(user)
    return render_template(
        "application/accounts/sign_in_details.html", form=form, back=url_for(".activate"), step="activation"
    )


# Registering without a code


def _registration_answers() -> dict | None:
    """What the learner answered before, so that going back shows it again."""
    answers = session.get("registration")
    return answers and {**answers, "date_of_birth": date.fromisoformat(answers["date_of_birth"])}


@bp.route("/register", methods=["GET", "POST"])
@limit_posts
def register():
    form = AboutYouForm(data=_registration_answers())
    if form.validate_on_submit():
        details = services.Registration(
            form.given_name.data, form.family_name.data, form.date_of_birth.data, form.postcode.data
        )
        try:
            services.check_registration(details)
        except services.AccountRefused as refused:
            _show_refusal(form, refused)
        else:
            session["registration"] = {**details.__dict__, "date_of_birth": details.date_of_birth.isoformat()}
            return redirect(url_for(".registration_sign_in_details"))
    return render_template("application/accounts/register.html", form=form)


@bp.route("/register/sign-in-details", methods=["GET", "POST"])
@limit_posts
def registration_sign_in_details():
    if not session.get("registration"):
        return redirect(url_for(".register"))
    form = SignInDetailsForm()
    if form.validate_on_submit():
        details = services.Registration(**_registration_answers())
        try:
            user = services.register_learner(details, form.email.data, form.password.data)
        except services.AccountRefused as refused:
            _show_refusal(form, refused)
        else:
            session.pop("registration", None)
            return _finish(user)
    return render_template(
        "application/accounts/sign_in_details.html", form=form, back=url_for(".register"), step="registration"
    )


# Forgotten passwords


@bp.route("/forgotten-password", methods=["GET", "POST"])
@limit_posts
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        session["reset-email"] = form.email.data
        return redirect(url_for(".reset_link_sent"))
    return render_template("application/accounts/forgotten_password.html", form=form)


@bp.route("/forgotten-password/check-your-email")
def reset_link_sent():
    minutes = current_app.config["PASSWORD_RESET_LIFETIME_MINUTES"]
    return render_template(
        "application/accounts/reset_link_sent.html", email=session.get("reset-email"), minutes=minutes
    )


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limit_posts
def reset_password(token: str):
    try:
        user = services.user_for_reset(token)
    except services.LinkInvalid:
        raise Gone(f"{LINK_GONE} You can ask for a new link from the sign-in page.") from None
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.LinkInvalid:
            raise Gone(f"{LINK_GONE} You can ask for a new link from the sign-in page.") from None
        flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("application/accounts/reset_password.html", form=form, user=user)


# Confirming an email address


@bp.route("/confirm-your-email", methods=["GET", "POST"])
@login_required
@limit_posts
def confirm_email():
    form = SendAgainForm()
    if form.validate_on_submit():
        if services.resend_verification(current_user._get_current_object()):
            flash(f"We have sent a new link to {current_user.email}", "success")
        else:
            flash("We have already sent you several links. Wait an hour, then try again.", "important")
        return redirect(url_for(".confirm_email"))
    return render_template("application/accounts/confirm_email.html", form=form)


@bp.route("/confirm-your-email/<token>")
@limiter.limit(_account_limit)
def email_confirmed(token: str):
    try:
        user = services.verify_email(token)
    except services.LinkInvalid:
        raise Gone(f"{LINK_GONE} Sign in to send yourself a new one.") from None
    next_url = home_url(current_user) if current_user.is_authenticated else url_for("auth.sign_in")
    return render_template("application/accounts/email_confirmed.html", user=user, next_url=next_url)
