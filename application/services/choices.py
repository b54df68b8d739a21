"""Choices through their life: sending an application, providers' decisions and learners' replies.

Each public function is one use case and one transaction. It locks the rows it decides on, checks the rules, moves
choices with `move` (the only writer of Choice.status), queues the mail the change causes in the same transaction,
and commits; `flask mail send-queued` delivers the mail after commit.

Locks, always in this order: a learner's actions lock their application row, then its choices; a provider's decision
locks the one choice. PostgreSQL takes them with SELECT ... FOR UPDATE. SQLite leaves FOR UPDATE out: it has one
writer at a time, and the choices' version column turns a lost race into StaleChoice.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from application import rules, states
from application.models import (
    APPLICATION_DRAFT,
    APPLICATION_SUBMITTED,
    REJECTION_REASONS,
    Application,
    Choice,
    ChoiceEvent,
    OfferCondition,
)
from core import audit
from core.extensions import db
from core.mailqueue import queue_mail
from core.models import User
from core.roles import LEARNER, PROVIDER
from core.templating import format_date
from core.timeutil import utcnow
from prospectus.models import PUBLISHED, Course, Provider

CONDITION_MAX_LENGTH = 300


class ChoiceNotFound(Exception):
    """Not this provider's or this learner's choice (or application): the view answers 404."""


class StaleChoice(Exception):
    def __init__(self):
        super().__init__("This application has changed since you opened it. Check the latest details and try again.")


class ChoiceRuleBroken(Exception):
    """A rule stopped the change and nothing was saved; str(error) is the message for the user."""


class ApplicationIncomplete(ChoiceRuleBroken):
    def __init__(self, missing: list[str]):
        self.missing = list(missing)
        super().__init__(f"Complete these sections before you send your application: {', '.join(self.missing)}")


def move(choice: Choice, event: str, actor: User | None, **detail) -> ChoiceEvent:
    """Move a choice by `event`: the only writer of Choice.status. Records when, who, and an audit event."""
    before = choice.status
    after = states.transition(before, event)
    now = utcnow()
    detail = {key: _plain(value) for key, value in detail.items()}
    choice.status = after
    setattr(choice, states.TIMESTAMP_FOR[after], now)
    history = ChoiceEvent(
        choice_id=choice.id,
        event=event,
        from_status=before,
        to_status=after,
        actor_id=actor.id if actor is not None else None,
        occurred_at=now,
        detail=detail,
    )
    db.session.add(history)
    audit.record(f"choice-{after}", subject=choice, actor=actor, transition=event, from_status=before, **detail)
    return history


# The learner sends their application


def submit_application(application_id: int, learner_user: User) -> bool:
    """Send every draft choice (the whole application the first time). True if it sent any; a repeat sends nothing."""
    with _transaction():
        application = _lock_application(application_id, learner_user)
        drafts = [choice for choice in application.choices if choice.status == states.DRAFT]
        if application.status == APPLICATION_SUBMITTED and not drafts:
            return False
        _check_can_send(application, drafts, rules.uk_today())
        first_time = application.status == APPLICATION_DRAFT
        if first_time:
            application.status = APPLICATION_SUBMITTED
            application.submitted_at = utcnow()
            audit.record("application-submitted", subject=application, actor=learner_user)
        for choice in drafts:
            move(choice, states.SUBMIT, learner_user)
        _mail_submission(application, drafts, first_time)
    return True


def _check_can_send(application: Application, drafts: list[Choice], today: date) -> None:
    entry_year = application.entry_year
    if today > entry_year.main_deadline:
        raise ChoiceRuleBroken(f"The deadline for applications was {format_date(entry_year.main_deadline)}")
    if today < entry_year.applications_open:
        raise ChoiceRuleBroken(f"Applications open on {format_date(entry_year.applications_open)}")
    missing = rules.missing_sections(application)
    if missing or not drafts:
        raise ApplicationIncomplete(missing or [rules.REQUIRED_SECTIONS["choices"]])
    used = sum(rules.counts_towards_limit(choice.status) for choice in application.choices)
    if used > entry_year.max_choices:
        raise ChoiceRuleBroken(
            f"You can have up to {entry_year.max_choices} choices. Remove {used - entry_year.max_choices} "
            "before you send your application"
        )
    for choice in drafts:
        course = choice.course
        if course.status != PUBLISHED or course.entry_year_id != application.entry_year_id:
            raise ChoiceRuleBroken(
                f"{course.title} at {course.provider.name} is no longer open for applications. "
                "Remove it from your choices"
            )


def _mail_submission(application: Application, sent: list[Choice], first_time: bool) -> None:
    learner = application.learner
    subject = "Your application has been sent" if first_time else "Your new choices have been sent"
    _mail(learner_recipients(application), "application-submitted", subject, learner=learner, choices=sent)
    for provider, choices in _by_provider(sent).items():
        _mail(
            provider_recipients(provider),
            "new-application",
            f"New application to {provider.name}",
            provider=provider,
            learner=learner,
            choices=choices,
        )


# Providers decide


def invite_to_interview(
    choice_id: int, provider_user: User, expected_version, starts_at: datetime, place: str, online: bool
) -> Choice:
    place = (place or "").strip()
    if not place:
        raise ChoiceRuleBroken("Enter where the interview will be, or how to join it online")
    if starts_at <= datetime.now(rules.UK).replace(tzinfo=None):
        raise ChoiceRuleBroken("The interview date must be in the future")
    with _transaction():
        choice = _lock_provider_choice(choice_id, provider_user, expected_version)
        choice.interview_starts_at, choice.interview_place, choice.interview_online = starts_at, place, bool(online)
        move(choice, states.INVITE, provider_user, starts_at=starts_at, online=bool(online))
        _mail_learner(choice, "interview-invitation", f"Interview invitation from {choice.course.provider.name}")
    return choice


def make_offer(choice_id: int, provider_user: User, expected_version, conditions: list[str]) -> Choice:
    conditions = [text.strip() for text in conditions or [] if text and text.strip()]
    if any(len(text) > CONDITION_MAX_LENGTH for text in conditions):
        raise ChoiceRuleBroken(f"Each condition must be {CONDITION_MAX_LENGTH} characters or fewer")
    with _transaction():
        choice = _lock_provider_choice(choice_id, provider_user, expected_version)
        move(choice, states.OFFER, provider_user, conditions=len(conditions))
        choice.conditions.extend(OfferCondition(text=text) for text in conditions)
        _mail_learner(choice, "offer-made", f"You have an offer from {choice.course.provider.name}")
    return choice


def reject_choice(choice_id: int, provider_user: User, expected_version, reason: str, detail: str | None) -> Choice:
    detail = (detail or "").strip() or None
    if reason not in REJECTION_REASONS:
        raise ChoiceRuleBroken("Select a reason")
    if reason == "other" and not detail:
        raise ChoiceRuleBroken("Explain the reason, so that the learner knows why")
    with _transaction():
        choice = _lock_provider_choice(choice_id, provider_user, expected_version)
        move(choice, states.REJECT, provider_user, reason=reason)
        choice.rejection_reason, choice.rejection_detail = reason, detail
        _mail_learner(
            choice,
            "choice-unsuccessful",
            f"Your application to {choice.course.provider.name}",
            reason=REJECTION_REASONS[reason],
        )
    return choice


def withdraw_offer(choice_id: int, provider_user: User, expected_version, reason: str) -> Choice:
    reason = (reason or "").strip()
    if not reason:
        raise ChoiceRuleBroken("Explain why you are withdrawing the offer")
    with _transaction():
        choice = _lock_provider_choice(choice_id, provider_user, expected_version)
        move(choice, states.WITHDRAW_OFFER, provider_user)
        choice.offer_withdrawal_reason = reason
        _mail_learner(choice, "offer-withdrawn", f"{choice.course.provider.name} has withdrawn its offer")
    return choice


def record_conditions(choice_id: int, provider_user: User, expected_version, met: bool) -> Choice:
    with _transaction():
        choice = _lock_provider_choice(choice_id, provider_user, expected_version)
        move(choice, states.MEET_CONDITIONS if met else states.FAIL_CONDITIONS, provider_user)
        if not choice.conditions:
            raise ChoiceRuleBroken("This offer had no conditions. Record the enrolment when the learner starts")
        for condition in choice.conditions:
            condition.status = "met" if met else "not-met"
        _mail_learner(
            choice, "conditions-outcome", f"The conditions of your offer from {choice.course.provider.name}", met=met
        )
    return choice


def record_enrolment(choice_id: int, provider_user: User, expected_version) -> Choice:
    with _transaction():
        choice = _lock_provider_choice(choice_id, provider_user, expected_version)
        if choice.status == states.ACCEPTED and any(c.status != "met" for c in choice.conditions):
            raise ChoiceRuleBroken("Mark the offer's conditions as met before you record the enrolment")
        move(choice, states.ENROL, provider_user)
    return choice


# Learners reply


def accept_offer(choice_id: int, learner_user: User) -> Choice:
    """Accept one offer; decline every other open offer and withdraw every choice still waiting for a decision."""
    with _transaction():
        application, choice = _lock_learner_choice(choice_id, learner_user)
        if choice.status in states.HOLDING_PLACE:
            return choice
        _refuse_second_place(application)
        move(choice, states.ACCEPT, learner_user)
        _mail_provider(choice, "offer-accepted", f"Offer accepted: {choice.course.title}")
        for other in application.choices:
            if other.status in states.OFFERED_GROUP:
                move(other, states.DECLINE, learner_user, accepted_choice_id=choice.id)
                _mail_provider(other, "offer-declined", f"Offer declined: {other.course.title}")
            elif other.status in states.PENDING_DECISION:
                move(other, states.WITHDRAW, learner_user, accepted_choice_id=choice.id)
                _mail_provider(other, "choice-withdrawn", f"Application withdrawn: {other.course.title}")
    return choice


def decline_offer(choice_id: int, learner_user: User) -> Choice:
    with _transaction():
        _, choice = _lock_learner_choice(choice_id, learner_user)
        move(choice, states.DECLINE, learner_user)
        _mail_provider(choice, "offer-declined", f"Offer declined: {choice.course.title}")
    return choice


def withdraw_choice(choice_id: int, learner_user: User) -> Choice:
    """Withdraw a choice that has no decision yet."""
    with _transaction():
        _, choice = _lock_learner_choice(choice_id, learner_user)
        move(choice, states.WITHDRAW, learner_user)
        _mail_provider(choice, "choice-withdrawn", f"Application withdrawn: {choice.course.title}")
    return choice


def _refuse_second_place(application: Application) -> None:
    held = next((choice for choice in application.choices if choice.status in states.HOLDING_PLACE), None)
    if held is not None:
        raise ChoiceRuleBroken(
            f"You have already accepted an offer from {held.course.provider.name}. You can accept only one offer"
        )


# Loading and locking


def _lock_application(application_id: int, learner_user: User) -> Application:
    """Lock the learner's application, then its choices, and load both fresh (another tab may have changed them)."""
    application = db.session.scalar(
        select(Application)
        .where(Application.id == application_id, Application.learner_id == learner_user.learner_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if application is None or learner_user.role != LEARNER:
        raise ChoiceNotFound
    choices = db.session.scalars(
        select(Choice)
        .options(selectinload(Choice.course).selectinload(Course.provider))
        .where(Choice.application_id == application.id)
        .order_by(Choice.rank, Choice.id)
        .with_for_update(of=Choice)
        .execution_options(populate_existing=True)
    ).all()
    set_committed_value(application, "choices", list(choices))
    return application


def _lock_learner_choice(choice_id: int, learner_user: User) -> tuple[Application, Choice]:
    application_id = db.session.scalar(
        select(Choice.application_id)
        .join(Choice.application)
        .where(Choice.id == choice_id, Application.learner_id == learner_user.learner_id)
    )
    if application_id is None:
        raise ChoiceNotFound
    application = _lock_application(application_id, learner_user)
    choice = next((choice for choice in application.choices if choice.id == choice_id), None)
    if choice is None:
        raise ChoiceNotFound
    return application, choice


def _lock_provider_choice(choice_id: int, provider_user: User, expected_version) -> Choice:
    """The provider's own sent choice, locked and fresh, at the version the user's page showed."""
    if provider_user.role != PROVIDER or provider_user.provider_id is None:
        raise ChoiceNotFound
    choice = db.session.scalar(
        select(Choice)
        .join(Choice.course)
        .where(
            Choice.id == choice_id,
            Course.provider_id == provider_user.provider_id,
            Choice.status != states.DRAFT,
        )
        .with_for_update(of=Choice)
        .execution_options(populate_existing=True)
    )
    if choice is None:
        raise ChoiceNotFound
    if str(expected_version) != str(choice.version):
        raise StaleChoice
    return choice


@contextmanager
def _transaction() -> Iterator[None]:
    """Commit the block or roll all of it back; an update that lost a race becomes StaleChoice."""
    try:
        yield
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleChoice from None
    except BaseException:
        db.session.rollback()
        raise


# Mail, queued in the caller's transaction


def _mail(recipients: Iterable[str], template: str, subject: str, **context) -> None:
    for recipient in recipients:
        queue_mail(recipient, template, subject, **context)


def _mail_learner(choice: Choice, template: str, subject: str, **context) -> None:
    application = choice.application
    _mail(
        learner_recipients(application),
        template,
        subject,
        learner=application.learner,
        choice=choice,
        course=choice.course,
        provider=choice.course.provider,
        **context,
    )


def _mail_provider(choice: Choice, template: str, subject: str) -> None:
    provider = choice.course.provider
    _mail(
        provider_recipients(provider),
        template,
        subject,
        learner=choice.application.learner,
        choice=choice,
        course=choice.course,
        provider=provider,
    )


def learner_recipients(application: Application) -> list[str]:
    """The learner's account email, or the email from the school roll if they have no account yet."""
    email = db.session.scalar(
        select(User.email).where(User.learner_id == application.learner_id, User.active.is_(True))
    )
    email = email or application.learner.email
    return [email] if email else []


def provider_recipients(provider: Provider) -> list[str]:
    """The provider's admissions address if it gave one, otherwise every active member of its staff."""
    if provider.email:
        return [provider.email]
    return list(
        db.session.scalars(
            select(User.email)
            .where(User.provider_id == provider.id, User.role == PROVIDER, User.active.is_(True))
            .order_by(User.id)
        )
    )


def _by_provider(choices: Iterable[Choice]) -> dict[Provider, list[Choice]]:
    grouped = defaultdict(list)
    for choice in choices:
        grouped[choice.course.provider].append(choice)
    return grouped


def _plain(value):
    """History and audit details are JSON."""
    return value.isoformat() if isinstance(value, date | datetime) else value
