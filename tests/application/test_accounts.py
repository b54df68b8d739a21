"""Learner accounts: creating one with a code, registering without one, signing in, resets and email checks."""

import re
from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import func, select

from application import account_services
from application.account_services import ACTIVATION_MISMATCH, AccountRefused, match_learner
from application.models import AccountToken, Application, CohortEntry, Learner
from core.extensions import db
from core.models import AuditEvent, QueuedMail, User
from core.roles import LEARNER
from core.timeutil import utcnow
from tests.conftest import DEMO_PASSWORD, Page, make_app, sign_in
from tests.factories import (
    ApplicationFactory,
    CohortEntryFactory,
    EntryYearFactory,
    LearnerFactory,
    LearnerUserFactory,
    UserFactory,
)

CODE = "KX7-P2Q-9MT"
BORN = date(2010, 3, 14)
NEW_PASSWORD = "purple river toast lamp"


def _born(day: date = BORN) -> dict:
    return {"date_of_birth": [str(day.day), str(day.month), str(day.year)]}


def _details(email="amara@example.org", password=NEW_PASSWORD, confirm=None) -> dict:
    return {"email": email, "password": password, "confirm": password if confirm is None else confirm}


def _home(app) -> str:
    with app.test_request_context():
        return url_for("learner.overview" if "learner.overview" in app.view_functions else "pages.home")


def _events() -> list[str]:
    return db.session.scalars(select(AuditEvent.event).order_by(AuditEvent.id)).all()


def _mail(template: str) -> list[QueuedMail]:
    return db.session.scalars(select(QueuedMail).where(QueuedMail.template == template)).all()


def _link_token(mail: QueuedMail) -> str:
    return re.search(r"/(?:reset-password|confirm-your-email)/([\w-]+)", mail.text_body).group(1)


@pytest.fixture
def cohort_learner():
    return CohortEntryFactory(learner__activation_code=CODE, learner__date_of_birth=BORN).learner


# Creating an account with a code


def test_a_learner_creates_their_account_with_a_code_and_date_of_birth(app, client, cohort_learner):
    page = Page(client.get("/create-an-account"))
    assert page.h1 == "Create your account" and "register without a code" in page
    answer = client.post("/create-an-account", data={"code": " kx7 p2q9mt ", **_born()})
    assert answer.headers["Location"] == "/create-an-account/sign-in-details"
    assert Page(client.get("/create-an-account/sign-in-details")).h1 == "Your email address and password"

    done = client.post("/create-an-account/sign-in-details", data=_details(email="Amara@Example.org"))
    assert done.status_code == 302 and done.headers["Location"] == _home(app)
    user = db.session.scalar(select(User).where(User.role == LEARNER))
    assert (user.email, user.learner_id, user.name) == (
        "amara@example.org",
        cohort_learner.id,
        cohort_learner.full_name,
    )
    assert user.email_verified_at is None
    db.session.refresh(cohort_learner)
    assert cohort_learner.activation_code is None and cohort_learner.activated_at is not None
    [mail] = _mail("verify-email")
    assert mail.recipient == "amara@example.org" and "/confirm-your-email/" in mail.text_body
    assert _events() == ["learner-account-created", "email-verification-sent"]
    assert client.get("/create-an-account/sign-in-details").status_code == 302, "the answers are cleared"
    home = client.get("/").get_data(as_text=True)
    assert "Signed in as" in home and "Your account is ready. We have sent an email to amara@example.org" in home


@pytest.mark.parametrize(
    "answers",
    [
        {"code": "KX7-P2Q-9MA", **_born()},  # wrong code
        {"code": CODE, **_born(BORN + timedelta(days=1))},  # wrong date of birth
    ],
)
def test_a_wrong_code_and_a_wrong_date_of_birth_get_the_same_answer(client, cohort_learner, answers):
    page = Page(client.post("/create-an-account", data=answers))
    assert page.error_summary == [ACTIVATION_MISMATCH]
    assert 'value="' + answers["code"] in page.html, "the answer is kept"


def test_a_code_works_once(client, cohort_learner):
    client.post("/create-an-account", data={"code": CODE, **_born()})
    client.post("/create-an-account/sign-in-details", data=_details())
    client.post("/sign-out")
    page = Page(client.post("/create-an-account", data={"code": CODE, **_born()}))
    assert page.error_summary == [ACTIVATION_MISMATCH]


def test_a_learner_who_has_an_account_cannot_use_a_left_over_code(client):
    user = LearnerUserFactory(learner__activation_code=CODE, learner__date_of_birth=BORN)
    with pytest.raises(AccountRefused, match="do not match"):
        account_services.create_learner_account(CODE, BORN, "other@example.org", NEW_PASSWORD)
    assert db.session.scalar(select(func.count(User.id))) == 1 and user.learner.activation_code == CODE


def test_the_activation_form_says_what_is_missing(client, cohort_learner):
    page = Page(client.post("/create-an-account", data={"code": "", "date_of_birth": ["", "", ""]}))
    assert page.error_summary == ["Enter your activation code", "Enter your date of birth"]
    page = Page(client.post("/create-an-account", data={"code": "KX7", "date_of_birth": ["31", "2", "2010"]}))
    assert page.error_summary == [
        "Activation code must be 9 letters and numbers, like KX7-P2Q-9MT",
        "Your date of birth must be a real date",
    ]


def test_sign_in_details_need_the_code_first(client):
    assert client.get("/create-an-account/sign-in-details").headers["Location"] == "/create-an-account"


def test_sign_in_details_check_the_email_and_password(client, cohort_learner):
    UserFactory(email="taken@example.org")
    client.post("/create-an-account", data={"code": CODE, **_born()})
    page = Page(client.post("/create-an-account/sign-in-details", data=_details(password="short", confirm="other")))
    assert page.error_summary == ["Password must be 12 characters or more", "The passwords do not match"]
    page = Page(client.post("/create-an-account/sign-in-details", data=_details(email="TAKEN@example.org")))
    assert page.error_summary == [account_services.EMAIL_TAKEN]
    assert db.session.scalar(select(Learner.activation_code)) == CODE, "nothing changed"


def test_if_the_code_is_used_meanwhile_the_learner_is_sent_back_to_the_start(client, cohort_learner):
    client.post("/create-an-account", data={"code": CODE, **_born()})
    account_services.create_learner_account(CODE, BORN, "twin@example.org", NEW_PASSWORD)
    answer = client.post("/create-an-account/sign-in-details", data=_details())
    assert answer.headers["Location"] == "/create-an-account"
    assert ACTIVATION_MISMATCH in client.get("/create-an-account").get_data(as_text=True)


# Registering without a code


def test_a_learner_from_outside_the_area_registers_without_a_code(app, client):
    about = {"given_name": "Kacper", "family_name": "Nowak", "postcode": "sn1 1aa", **_born(date(2010, 6, 1))}
    assert Page(client.get("/register")).h1 == "Register without a code"
    assert client.post("/register", data=about).headers["Location"] == "/register/sign-in-details"
    assert 'value="Kacper"' in client.get("/register").get_data(as_text=True), "going back shows the answers"
    done = client.post("/register/sign-in-details", data=_details(email="kacper@example.org"))
    assert done.headers["Location"] == _home(app)
    learner = db.session.scalar(select(Learner))
    assert (learner.upn, learner.home_postcode, learner.date_of_birth) == (None, "SN1 1AA", date(2010, 6, 1))
    assert db.session.scalar(select(func.count(CohortEntry.id))) == 0
    user = db.session.scalar(select(User))
    assert user.learner_id == learner.id and user.role == LEARNER
    assert len(_mail("verify-email")) == 1
    assert _events() == ["learner-registered", "email-verification-sent"]


def test_registration_checks_the_answers(client):
    page = Page(client.post("/register", data={"given_name": "", "family_name": "", "postcode": "nowhere", **_born()}))
    assert page.error_summary == [
        "Enter your first name",
        "Enter your last name",
        "Enter a real postcode, like OX14 1GG",
    ]
    young = {"given_name": "A", "family_name": "B", "postcode": "OX1 1AA", **_born(date(2020, 1, 1))}
    page = Page(client.post("/register", data=young))
    assert page.error_summary == ["Check your date of birth: Pathways is for young people aged 14 to 25"]


def test_registration_details_need_the_first_page(client):
    assert client.get("/register/sign-in-details").headers["Location"] == "/register"


# Signing in


def test_a_learner_signs_in_to_their_application(app, client):
    user = LearnerUserFactory()
    response = client.post("/sign-in", data={"email": user.email, "password": DEMO_PASSWORD})
    assert response.headers["Location"] == _home(app)
    assert "Check your email" not in client.get("/").get_data(as_text=True)


def test_a_learner_who_has_not_confirmed_their_email_signs_in_with_a_reminder(client):
    user = LearnerUserFactory(email_verified_at=None)
    sign_in(client, user)
    assert "Check your email: we sent you a link to confirm your email address" in client.get("/").get_data(
        as_text=True
    )


# Confirming an email address


def _new_account(client, cohort_learner) -> User:
    client.post("/create-an-account", data={"code": CODE, **_born()})
    client.post("/create-an-account/sign-in-details", data=_details())
    return db.session.scalar(select(User))


def test_the_confirmation_link_works_once(client, cohort_learner):
    user = _new_account(client, cohort_learner)
    token = _link_token(_mail("verify-email")[0])
    page = Page(client.get(f"/confirm-your-email/{token}"))
    assert page.h1 == "Email address confirmed"
    db.session.refresh(user)
    assert user.email_verified_at is not None
    assert Page(client.get(f"/confirm-your-email/{token}"), expected_status=410).h1 == "This link no longer works"
    assert "email-verified" in _events()


def test_an_expired_confirmation_link_does_not_work(client, cohort_learner):
    _new_account(client, cohort_learner)
    db.session.execute(AccountToken.__table__.update().values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    token = _link_token(_mail("verify-email")[0])
    assert client.get(f"/confirm-your-email/{token}").status_code == 410


def test_a_learner_can_ask_for_the_confirmation_link_again_a_few_times(app, client, cohort_learner):
    _new_account(client, cohort_learner)
    assert Page(client.get("/confirm-your-email")).h1 == "Confirm your email address"
    for _ in range(app.config["ACCOUNT_EMAILS_PER_HOUR"]):
        client.post("/confirm-your-email")
    assert len(_mail("verify-email")) == app.config["ACCOUNT_EMAILS_PER_HOUR"], "the first link counts too"
    page = client.get("/confirm-your-email").get_data(as_text=True)
    assert "Wait an hour, then try again" in page


def test_asking_again_needs_a_sign_in(client):
    assert client.post("/confirm-your-email").headers["Location"].startswith("/sign-in")


# Resetting a password


def test_a_reset_gives_the_same_answer_whether_or_not_the_email_has_an_account(client):
    user = LearnerUserFactory()
    known = client.post("/forgotten-password", data={"email": user.email})
    unknown = client.post("/forgotten-password", data={"email": "nobody@example.org"})
    assert known.headers["Location"] == unknown.headers["Location"] == "/forgotten-password/check-your-email"
    page = Page(client.get("/forgotten-password/check-your-email"))
    assert page.h1 == "Check your email" and "nobody@example.org" in page
    [mail] = _mail("reset-password")
    assert mail.recipient == user.email and "60 minutes" in mail.text_body
    assert _events() == ["password-reset-requested", "password-reset-requested"]


def test_the_reset_link_is_stored_hashed_and_works_once(client):
    user = UserFactory(provider_staff=True)
    client.post("/forgotten-password", data={"email": user.email})
    client.post("/forgotten-password", data={"email": user.email})
    first, second = (_link_token(mail) for mail in _mail("reset-password"))
    assert db.session.scalar(select(func.count(AccountToken.id)).where(AccountToken.token_hash == first)) == 0
    assert Page(client.get(f"/reset-password/{first}")).h1 == "Create a new password"

    done = client.post(f"/reset-password/{first}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.headers["Location"] == "/sign-in"
    assert client.get(f"/reset-password/{first}").status_code == 410
    assert client.get(f"/reset-password/{second}").status_code == 410, "other reset links stop working too"
    sign_in(client, user, password=NEW_PASSWORD)
    assert "password-reset" in _events()


def test_a_reset_link_expires(client):
    user = LearnerUserFactory()
    client.post("/forgotten-password", data={"email": user.email})
    token = _link_token(_mail("reset-password")[0])
    db.session.execute(AccountToken.__table__.update().values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = client.post(f"/reset-password/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 410
    assert "ask for a new link" in response.get_data(as_text=True)


def test_the_reset_link_lasts_an_hour(app):
    user = LearnerUserFactory()
    account_services.request_password_reset(user.email)
    token = db.session.scalar(select(AccountToken))
    lifetime = token.expires_at - token.created_at
    assert timedelta(minutes=59) < lifetime <= timedelta(minutes=60)


def test_reset_mails_are_limited_per_account_and_deactivated_staff_get_none(app):
    user = LearnerUserFactory()
    for _ in range(app.config["ACCOUNT_EMAILS_PER_HOUR"] + 2):
        account_services.request_password_reset(user.email)
    assert len(_mail("reset-password")) == app.config["ACCOUNT_EMAILS_PER_HOUR"]
    gone = UserFactory(active=False)
    account_services.request_password_reset(gone.email)
    assert all(mail.recipient != gone.email for mail in _mail("reset-password"))


def test_a_new_password_must_follow_the_rules(client):
    user = LearnerUserFactory()
    client.post("/forgotten-password", data={"email": user.email})
    token = _link_token(_mail("reset-password")[0])
    page = Page(client.post(f"/reset-password/{token}", data={"password": "short", "confirm": "short"}))
    assert page.error_summary == ["Password must be 12 characters or more"]


# Rate limits


@pytest.fixture
def limited_app():
    """An app with rate limits on. The limiter is shared, so a default app is made afterwards to turn them off."""
    yield lambda **limits: make_app(RATELIMIT_ENABLED=True, **limits)
    make_app()


def test_every_account_form_is_rate_limited(limited_app):
    limited = limited_app(ACCOUNT_RATE_LIMIT="2 per minute")
    posts = [
        rule.rule.replace("<token>", "not-a-token")
        for rule in limited.url_map.iter_rules()
        if rule.endpoint.startswith("learner_accounts.") and "POST" in rule.methods
    ]
    assert len(posts) == 7
    client = limited.test_client()
    sign_in(client, LearnerUserFactory())
    for path in posts:
        answers = [client.post(path, data={}).status_code for _ in range(3)]
        assert 429 not in answers[:2] and answers[2] == 429, (path, answers)
    links = [client.get("/confirm-your-email/not-a-token").status_code for _ in range(3)]
    assert links == [410, 410, 429]


def test_signing_out_is_rate_limited_like_signing_in(limited_app):
    limited = limited_app(SIGN_IN_RATE_LIMIT="2 per minute")
    client = limited.test_client()
    assert [client.post("/sign-out").status_code for _ in range(3)] == [302, 302, 429]


# Advisers match a self-registered learner to their cohort record


def test_matching_moves_the_account_and_application_onto_the_cohort_record():
    adviser = UserFactory(adviser=True)
    registered = LearnerUserFactory(learner__upn=None, learner__email="kacper@example.org", email="kacper@example.org")
    application = ApplicationFactory(learner=registered.learner)
    cohort = CohortEntryFactory(learner__activation_code=CODE).learner
    old_id = registered.learner_id

    user = match_learner(registered.learner, cohort, adviser)
    assert user.learner_id == cohort.id and user.name == cohort.full_name
    assert db.session.get(Application, application.id).learner_id == cohort.id
    assert db.session.get(Learner, old_id) is None
    assert cohort.activation_code is None and cohort.email == "kacper@example.org"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "learner-matched"))
    assert event.actor_id == adviser.id and event.detail["registered_learner_id"] == old_id


def test_matching_refuses_records_that_cannot_be_matched():
    adviser = UserFactory(adviser=True)
    registered = LearnerUserFactory(learner__upn=None).learner
    cohort_with_account = LearnerUserFactory().learner
    cohort = LearnerFactory()
    with pytest.raises(AccountRefused, match="already has an account"):
        match_learner(registered, cohort_with_account, adviser)
    with pytest.raises(AccountRefused, match="came from a school roll"):
        match_learner(cohort, registered, adviser)
    year = EntryYearFactory()
    ApplicationFactory(learner=registered, entry_year=year)
    ApplicationFactory(learner=cohort, entry_year=year)
    with pytest.raises(AccountRefused, match="Both records have an application"):
        match_learner(registered, cohort, adviser)
