"""Mail that is never lost: queued in the same transaction as its cause, delivered after commit.

`queue_mail` adds a row to the caller's session. `send_queued` (the `flask mail send-queued` command) delivers what
is due, one message at a time; a failure is kept with its error and retried later with a growing delay.
"""

import logging
from datetime import timedelta

from flask import current_app, render_template
from flask_mail import Message
from sqlalchemy import select

from core.extensions import db, mail
from core.models import QUEUED, SENT, QueuedMail
from core.timeutil import utcnow

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


def queue_mail(recipient: str, template: str, subject: str, **context) -> QueuedMail:
    context.setdefault("council_name", current_app.config["COUNCIL_NAME"])
    context.setdefault("base_url", current_app.config["BASE_URL"].rstrip("/"))
    message = QueuedMail(
        recipient=recipient,
        template=template,
        subject=subject,
        text_body=render_template(f"mail/{template}.txt", subject=subject, **context),
        html_body=render_template(f"mail/{template}.html", subject=subject, **context),
    )
    db.session.add(message)
    return message


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after each failure, never more than six hours (and no overflow after many)."""
    return min(timedelta(minutes=2 ** min(max(attempts - 1, 0), 16)), MAX_BACKOFF)


def _claim_next_due() -> QueuedMail | None:
    query = (
        select(QueuedMail)
        .where(QueuedMail.status == QUEUED, QueuedMail.next_attempt_at <= utcnow())
        .order_by(QueuedMail.next_attempt_at, QueuedMail.id)
        .limit(1)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.session.scalar(query)


def send_queued(limit: int = 500) -> tuple[int, int]:
    """Deliver due mail. Returns (sent, failed). Each message is committed on its own, so a crash loses nothing."""
    sent = failed = 0
    for _ in range(limit):
        message = _claim_next_due()
        if message is None:
            break
        try:
            mail.send(
                Message(
                    subject=message.subject,
                    recipients=[message.recipient],
                    body=message.text_body,
                    html=message.html_body,
                )
            )
        except Exception as error:  # any delivery failure is retried, never dropped
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.next_attempt_at = utcnow() + retry_delay(message.attempts)
            failed += 1
            log.warning("Mail %s to %s failed (attempt %s): %s", message.id, message.recipient, message.attempts, error)
        else:
            message.status = SENT
            message.sent_at = utcnow()
            message.attempts += 1
            sent += 1
        db.session.commit()
    return sent, failed
