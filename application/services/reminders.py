"""Daily reminders: to providers about overdue decisions, and to learners about offers awaiting their reply.

Each reminder is recorded as an audit event for its provider or learner and day, so a second run on the same day
queues nothing new.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from application import rules, states
from application.models import Application, Choice
from application.services.choices import learner_recipients, provider_recipients
from core import audit
from core.extensions import db
from core.mailqueue import queue_mail
from core.models import AuditEvent
from prospectus.models import Course

DECISIONS = "decision-reminder-sent"
OFFERS = "offer-reminder-sent"


@dataclass(frozen=True)
class RemindersSent:
    providers: int
    learners: int


def send_reminders(today: date) -> RemindersSent:
    try:
        sent = RemindersSent(providers=_remind_providers(today), learners=_remind_learners(today))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return sent


def _remind_providers(today: date) -> int:
    overdue = defaultdict(list)
    for choice in _choices_in(states.PENDING_DECISION):
        if rules.is_overdue(choice, today, choice.course.entry_year.response_working_days):
            overdue[choice.course.provider].append(choice)
    done = _reminded(DECISIONS, "providers", today)
    count = 0
    for provider, choices in overdue.items():
        recipients = provider_recipients(provider)
        if provider.id in done or not recipients:
            continue
        for recipient in recipients:
            queue_mail(
                recipient,
                "decisions-overdue",
                "Applications waiting for your decision",
                provider=provider,
                choices=[(choice, _due(choice)) for choice in choices],
            )
        audit.record(DECISIONS, subject=provider, day=today.isoformat(), choices=[choice.id for choice in choices])
        count += 1
    return count


def _remind_learners(today: date) -> int:
    waiting = defaultdict(list)
    for choice in _choices_in(states.OFFERED_GROUP):
        if rules.is_awaiting_reply_too_long(choice, today):
            waiting[choice.application].append(choice)
    done = _reminded(OFFERS, "learners", today)
    count = 0
    for application, choices in waiting.items():
        recipients = learner_recipients(application)
        if application.learner_id in done or not recipients:
            continue
        for recipient in recipients:
            queue_mail(
                recipient,
                "offers-awaiting-reply",
                "You have an offer waiting for your reply",
                learner=application.learner,
                choices=choices,
            )
        audit.record(OFFERS, subject=application.learner, day=today.isoformat(), choices=[c.id for c in choices])
        count += 1
    return count


def _choices_in(statuses) -> list[Choice]:
    return list(
        db.session.scalars(
            select(Choice)
            .where(Choice.status.in_(statuses))
            .options(
                joinedload(Choice.course).joinedload(Course.provider),
                joinedload(Choice.course).joinedload(Course.entry_year),
                joinedload(Choice.application).joinedload(Application.learner),
            )
            .order_by(Choice.submitted_at, Choice.id)
        )
    )


def _reminded(event: str, subject_type: str, today: date) -> set[int]:
    return set(
        db.session.scalars(
            select(AuditEvent.subject_id).where(
                AuditEvent.event == event,
                AuditEvent.subject_type == subject_type,
                AuditEvent.detail["day"].as_string() == today.isoformat(),
            )
        )
    )


def _due(choice: Choice) -> date:
    return rules.decision_due(choice.submitted_at, choice.course.entry_year.response_working_days)
