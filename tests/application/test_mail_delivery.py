"""Mail that is never lost, proved against a real SMTP server on localhost (aiosmtpd).

Each test builds its own app from tests.conftest.make_app, pointed at a free port where the SMTP server is started
and stopped to simulate an outage.
"""

import socket
import threading
from contextlib import contextmanager
from datetime import timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from application import rules
from application.services.choices import submit_application
from core import mailqueue
from core.extensions import db
from core.mailqueue import queue_mail, retry_delay, send_queued
from core.models import QueuedMail
from core.timeutil import utcnow
from tests.conftest import DATABASE_URL, make_app
from tests.factories import (
    ApplicationFactory,
    ChoiceFactory,
    CourseFactory,
    EntryYearFactory,
    LearnerUserFactory,
    ProviderFactory,
)


class Inbox:
    """An aiosmtpd handler that keeps what it receives, and refuses addresses that start with 'bounce'."""

    def __init__(self):
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce"):
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    @property
    def recipients(self) -> list[str]:
        return sorted(message["To"] for message in self.messages)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(port: int):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_port():
    return _free_port()


@pytest.fixture
def mail_app(smtp_port):
    """An app that sends to the test SMTP port; its context is the one the test runs in."""
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_port)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def later(monkeypatch):
    """Move the mail queue's clock on, so that retries fall due."""

    def move_on(**delta):
        moved = utcnow() + timedelta(**delta)
        monkeypatch.setattr(mailqueue, "utcnow", lambda: moved)
        return moved

    return move_on


def _submitted_application():
    today = rules.uk_today()
    year = EntryYearFactory(
        year=today.year + 1,
        applications_open=today - timedelta(days=10),
        main_deadline=today + timedelta(days=10),
    )
    learner_user = LearnerUserFactory()
    application = ApplicationFactory(learner=learner_user.learner, entry_year=year, declaration_agreed_at=utcnow())
    provider = ProviderFactory(email="admissions@riverside.example")
    ChoiceFactory(application=application, course=CourseFactory(entry_year=year, provider=provider), draft=True)
    assert submit_application(application.id, learner_user) is True
    return application, learner_user


def _queued() -> list[QueuedMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(QueuedMail).order_by(QueuedMail.id)))


def test_a_submission_during_an_smtp_outage_succeeds_and_its_mail_arrives_once_smtp_is_back(mail_app, smtp_port, later):
    application, learner_user = _submitted_application()
    assert application.status == "submitted"

    assert send_queued() == (0, 2)
    for message in _queued():
        assert (message.status, message.attempts) == ("queued", 1)
        assert "ConnectionRefusedError" in message.last_error
        assert message.next_attempt_at > utcnow()

    with smtp_server(smtp_port) as inbox:
        assert send_queued() == (0, 0), "a retry waits until it is due"
        assert inbox.messages == []

        later(minutes=2)
        result = mail_app.test_cli_runner().invoke(args=["mail", "send-queued"])
        assert "Sent 2 email(s); 0 failed" in result.output
        assert inbox.recipients == sorted([learner_user.email, "admissions@riverside.example"])

        assert send_queued() == (0, 0)
        assert len(inbox.messages) == 2, "each message is delivered exactly once"

    assert [(m.status, m.attempts) for m in _queued()] == [("sent", 2), ("sent", 2)]
    assert all(m.sent_at is not None for m in _queued())


def test_delivered_mail_has_the_subject_a_text_part_and_an_html_part(mail_app, smtp_port):
    _, learner_user = _submitted_application()
    with smtp_server(smtp_port) as inbox:
        assert send_queued() == (2, 0)
    [to_learner] = [m for m in inbox.messages if m["To"] == learner_user.email]
    assert to_learner["Subject"] == "Your application has been sent"
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in to_learner.walk()
        if not part.is_multipart()
    }
    assert "A level Biology" in parts["text/plain"]
    assert "<a href=" in parts["text/html"]


def test_retries_back_off_and_a_failing_message_is_never_dropped(mail_app, smtp_port, later):
    assert [retry_delay(n) for n in range(1, 6)] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert retry_delay(9) == timedelta(minutes=256)
    assert retry_delay(10) == retry_delay(50) == timedelta(hours=6)

    queue_mail("learner@example.org", "application-submitted", "Test", learner=None, choices=[])
    db.session.commit()
    for attempt in range(1, 13):
        now = later(days=attempt)
        assert send_queued() == (0, 1)
        [message] = _queued()
        assert (message.status, message.attempts) == ("queued", attempt)
        assert message.next_attempt_at == now + retry_delay(attempt)
        assert send_queued() == (0, 0), "nothing is retried before it is due"

    message.attempts = 60
    db.session.commit()
    now = later(days=30)
    assert send_queued() == (0, 1), "many failures later, the message is still retried"
    assert _queued()[0].next_attempt_at == now + timedelta(hours=6)

    later(days=31)
    with smtp_server(smtp_port) as inbox:
        assert send_queued() == (1, 0)
    assert inbox.recipients == ["learner@example.org"]


def test_a_refused_message_does_not_hold_up_the_others(mail_app, smtp_port):
    for recipient in ("first@example.org", "bounce@example.org", "last@example.org"):
        queue_mail(recipient, "application-submitted", "Test", learner=None, choices=[])
    db.session.commit()
    with smtp_server(smtp_port) as inbox:
        assert send_queued() == (2, 1)
    assert inbox.recipients == ["first@example.org", "last@example.org"]
    [refused] = [m for m in _queued() if m.status == "queued"]
    assert refused.recipient == "bounce@example.org" and "550" in refused.last_error


@pytest.mark.skipif(
    DATABASE_URL.startswith("sqlite"),
    reason="SQLite has no row locks (SKIP LOCKED): run one mail worker there. Concurrency is proved on PostgreSQL.",
)
def test_two_workers_at_once_deliver_each_message_exactly_once(mail_app, smtp_port):
    for n in range(30):
        queue_mail(f"learner{n}@example.org", "application-submitted", "Test", learner=None, choices=[])
    db.session.commit()
    start = threading.Barrier(2)
    results = []

    def worker():
        with mail_app.app_context():
            start.wait()
            results.append(send_queued())
            db.session.remove()

    with smtp_server(smtp_port) as inbox:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sum(sent for sent, _ in results) == 30
    assert inbox.recipients == sorted(f"learner{n}@example.org" for n in range(30))
