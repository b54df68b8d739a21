import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEvent
from tests.conftest import DEMO_PASSWORD, Page, make_app, sign_in
from tests.factories import UserFactory


def test_staff_sign_in_goes_to_their_back_office(client):
    user = UserFactory(provider_staff=True)
    response = client.post("/sign-in", data={"email": user.email.upper(), "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/provider/"
    events = db.session.scalars(select(AuditEvent.event)).all()
    assert events == ["sign-in"]


def test_wrong_password_and_unknown_email_get_the_same_answer(client):
    user = UserFactory()
    wrong_password = Page(client.post("/sign-in", data={"email": user.email, "password": "not the password"}))
    unknown_email = Page(client.post("/sign-in", data={"email": "nobody@example.org", "password": "not the password"}))
    assert wrong_password.error_summary == unknown_email.error_summary == ["Enter a correct email address and password"]
    assert wrong_password.title.startswith("Error: ")
    assert user.email in wrong_password.html, "the email answer is kept"


def test_sign_in_form_explains_what_is_missing(client):
    page = Page(client.post("/sign-in", data={"email": "not-an-email", "password": ""}))
    assert page.error_summary == [
        "Enter an email address in the correct format, like name@example.com",
        "Enter your password",
    ]


def test_deactivated_staff_cannot_sign_in(client):
    user = UserFactory(active=False)
    page = Page(client.post("/sign-in", data={"email": user.email, "password": DEMO_PASSWORD}))
    assert page.error_summary == ["Enter a correct email address and password"]


def test_next_only_follows_paths_on_this_site(client):
    user = UserFactory()
    response = client.post("/sign-in?next=//evil.example/", data={"email": user.email, "password": DEMO_PASSWORD})
    assert response.headers["Location"] == "/council/"


def test_sign_out_needs_a_post_and_ends_the_session(client):
    user = UserFactory()
    sign_in(client, user)
    assert client.get("/council/").status_code == 200
    assert client.get("/sign-out").status_code == 405
    client.post("/sign-out")
    assert client.get("/council/").status_code == 302


def test_sign_in_is_rate_limited(app):
    limited = make_app(RATELIMIT_ENABLED=True, SIGN_IN_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    answers = [client.post("/sign-in", data={"email": "a@example.org", "password": "x"}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert "Too many attempts" in client.post("/sign-in", data={"email": "a@example.org"}).get_data(as_text=True)


def test_forms_need_a_csrf_token(app):
    protected = make_app(WTF_CSRF_ENABLED=True)
    user = UserFactory()
    response = protected.test_client().post("/sign-in", data={"email": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)


def test_session_cookie_is_secure_outside_development_and_test():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.SESSION_COOKIE_HTTPONLY
    assert ProductionConfig.SESSION_COOKIE_SAMESITE == "Lax"


def test_production_refuses_to_start_without_a_secret_key():
    from core import create_app

    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app("production", SECRET_KEY=None)


def test_a_class_on_one_network_can_sign_in_but_one_account_is_protected(app):
    limited = make_app(
        RATELIMIT_ENABLED=True, SIGN_IN_RATE_LIMIT="2 per minute", SIGN_IN_ADDRESS_RATE_LIMIT="5 per hour"
    )
    client = limited.test_client()
    same_account = [
        client.post("/sign-in", data={"email": "a@example.org", "password": "x"}).status_code for _ in range(3)
    ]
    assert same_account == [200, 200, 429]
    classmates = [
        client.post("/sign-in", data={"email": f"pupil{n}@example.org", "password": "x"}).status_code for n in range(4)
    ]
    assert classmates == [200, 200, 200, 429], "the whole address is limited only after 5 attempts"


def test_deactivating_an_account_ends_its_session(client):
    user = UserFactory()
    sign_in(client, user)
    user.active = False
    db.session.commit()
    assert client.get("/council/").status_code == 302
