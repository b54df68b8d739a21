"""Staff accounts: invitations by email, from the council's form to a working sign-in, and account changes."""

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEvent, Invitation, QueuedMail, User
from core.timeutil import utcnow
from tests.conftest import Page, sign_in
from tests.factories import ProviderFactory, UserFactory

NEW_PASSWORD = "four words make a password"


@pytest.fixture
def council(client):
    user = UserFactory(name="Chris Council")
    sign_in(client, user)
    return user


def summary(page: Page) -> list[str]:
    return [html.unescape(item) for item in page.error_summary]


def _events(name: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.id)))


def _mail_to(email: str) -> list[QueuedMail]:
    return list(db.session.scalars(select(QueuedMail).where(QueuedMail.recipient == email).order_by(QueuedMail.id)))


def _link(mail: QueuedMail) -> str:
    return re.search(r"http://\S+/invitations/[\w-]+", mail.text_body).group(0)


def _invite(client, **changes):
    data = {"name": "Priya Patel", "email": "Priya.Patel@Larkmead.example", "role": "adviser", "provider_id": ""}
    return client.post("/council/staff/invite", data=data | changes)


def test_the_whole_invitation_path(app, client, council):
    provider = ProviderFactory(name="Larkmead School")
    response = _invite(client, role="provider", provider_id=str(provider.id))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "priya.patel@larkmead.example"))
    assert (user.role, user.provider, user.password_hash) == ("provider", provider, None)

    [mail] = _mail_to(user.email)
    link = _link(mail)
    assert link.startswith(app.config["BASE_URL"] + "/invitations/")
    assert mail.subject == "You have been invited to Pathways"
    assert "Chris Council has invited you" in mail.text_body and "Larkmead School" in mail.text_body
    assert "72 hours" in mail.text_body and f'href="{link}"' in mail.html_body
    invitation = db.session.scalar(select(Invitation).where(Invitation.user_id == user.id))
    assert timedelta(hours=71) < invitation.expires_at - utcnow() <= timedelta(hours=72)
    assert _events("invitation-sent")[0].subject_id == user.id

    client.post("/sign-out")
    path = link.removeprefix(app.config["BASE_URL"])
    assert Page(client.get(path)).h1 == "Set your password"
    accepted = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/provider/"
    assert client.get(path).status_code == 410  # a link works once

    client.post("/sign-out")
    sign_in(client, user, password=NEW_PASSWORD)
    assert client.get("/provider/").status_code == 200


def test_an_expired_link_is_gone(client, council):
    _invite(client)
    [mail] = _mail_to("priya.patel@larkmead.example")
    db.session.execute(db.update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    client.post("/sign-out")
    path = "/invitations/" + _link(mail).rsplit("/", 1)[1]
    assert Page(client.get(path), expected_status=410).h1 == "This link no longer works"
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 410


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter their full name"),
        ({"email": ""}, "Enter their email address"),
        ({"email": "priya"}, "Enter an email address in the correct format, like name@example.org"),
        ({"role": ""}, "Select their role"),
        ({"role": "provider"}, "Select the provider this person works for"),
    ],
)
def test_invitation_problems_say_what_to_fix(client, council, changes, message):
    page = Page(_invite(client, **changes))
    assert summary(page) == [message]
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert db.session.scalar(select(func.count(QueuedMail.id))) == 0


def test_an_email_address_has_one_account(client, council):
    UserFactory(email="priya.patel@larkmead.example")
    page = Page(_invite(client))
    assert summary(page) == [
        "There is already an account for Priya.Patel@Larkmead.example: find it in the list instead"
    ]
    assert 'value="Priya Patel"' in page


def test_the_invite_form_can_start_from_a_provider(client, council):
    provider = ProviderFactory()
    page = Page(client.get(f"/council/staff/invite?provider={provider.id}"))
    assert f'<option value="{provider.id}" selected>' in page
    assert re.search(r'value="provider"\s+checked', page.html)


def test_accounts_are_listed_with_their_status(client, council):
    UserFactory(name="Alex Active", adviser=True)
    UserFactory(name="Dee Deactivated", active=False)
    _invite(client, name="Ivy Invited", email="ivy@example.org")
    _invite(client, name="Eddie Expired", email="eddie@example.org")
    eddie = db.session.scalar(select(User).where(User.email == "eddie@example.org"))
    db.session.execute(db.update(Invitation).where(Invitation.user_id == eddie.id).values(expires_at=utcnow()))
    db.session.commit()
    page = Page(client.get("/council/staff/"))
    statuses = {
        name: re.search(r'govuk-tag--\w+">([^<]+)<', page.html.split(name, 1)[1]).group(1)
        for name in ("Alex Active", "Dee Deactivated", "Ivy Invited", "Eddie Expired")
    }
    assert statuses == {
        "Alex Active": "Active",
        "Dee Deactivated": "Deactivated",
        "Ivy Invited": "Invited",
        "Eddie Expired": "Invitation expired",
    }


def test_sending_a_new_invitation_replaces_the_old_link(app, client, council):
    _invite(client)
    user = db.session.scalar(select(User).where(User.email == "priya.patel@larkmead.example"))
    assert client.post(f"/council/staff/{user.id}/resend-invitation").status_code == 302
    first, second = _mail_to(user.email)
    assert _link(first) != _link(second)
    client.post("/sign-out")
    assert client.get(_link(first).removeprefix(app.config["BASE_URL"])).status_code == 410
    assert client.get(_link(second).removeprefix(app.config["BASE_URL"])).status_code == 200
    assert [event.detail.get("again") for event in _events("invitation-sent")] == [None, True]


def test_an_account_that_is_set_up_is_not_invited_again(client, council):
    user = UserFactory(adviser=True)
    client.post(f"/council/staff/{user.id}/resend-invitation")
    assert "cannot be invited again" in html.unescape(client.get("/council/staff/").get_data(as_text=True))
    assert _mail_to(user.email) == []


def test_changing_an_account(client, council):
    provider = ProviderFactory()
    user = UserFactory(name="Sam Smith", adviser=True)
    page = Page(client.get(f"/council/staff/{user.id}/edit"))
    assert page.h1 == "Change Sam Smith's account" and 'name="email"' not in page
    data = {"name": "Sam Smyth", "role": "provider", "provider_id": str(provider.id)}
    assert client.post(f"/council/staff/{user.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, user.id)
    assert (changed.name, changed.role, changed.provider_id) == ("Sam Smyth", "provider", provider.id)
    assert _events("account-updated")[0].detail["changed"] == ["name", "provider_id", "role"]
    assert summary(Page(client.post(f"/council/staff/{user.id}/edit", data=data | {"provider_id": ""}))) == [
        "Select the provider this person works for"
    ]


def test_you_cannot_change_your_own_role_or_deactivate_yourself(client, council):
    page = Page(client.post(f"/council/staff/{council.id}/edit", data={"name": "Chris", "role": "adviser"}))
    assert summary(page) == ["You cannot change your own role: ask another member of the council team"]
    client.post(f"/council/staff/{council.id}/deactivate")
    assert db.session.get(User, council.id).active


def test_deactivating_an_account(client, council):
    user = UserFactory(name="Sam Smith", adviser=True)
    page = Page(client.get(f"/council/staff/{user.id}/deactivate"))
    assert page.h1 == "Deactivate Sam Smith's account"
    assert client.post(f"/council/staff/{user.id}/deactivate").status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, user.id).active
    assert _events("account-deactivated")[0].subject_id == user.id
    client.post("/sign-out")
    refused = client.post("/sign-in", data={"email": user.email, "password": "correct horse battery staple"})
    assert refused.status_code == 200


def test_deactivating_stops_an_open_invitation(app, client, council):
    _invite(client)
    user = db.session.scalar(select(User).where(User.email == "priya.patel@larkmead.example"))
    client.post(f"/council/staff/{user.id}/deactivate")
    client.post("/sign-out")
    [mail] = _mail_to(user.email)
    assert client.get(_link(mail).removeprefix(app.config["BASE_URL"])).status_code == 410


def test_unknown_accounts_are_404(client, council):
    for method, url in [("get", "/council/staff/999/edit"), ("post", "/council/staff/999/resend-invitation"),
                        ("get", "/council/staff/999/deactivate")]:  # fmt: skip
        assert getattr(client, method)(url).status_code == 404
