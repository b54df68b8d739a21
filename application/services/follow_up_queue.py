"""What advisers see of follow-ups: one follow-up's page, the queue (most urgent first) and the weekly digest."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import joinedload

from application import caseload, guarantee
from application import follow_ups as rules
from application.guarantee_models import (
    AdviserContact,
    FollowUp,
)
from application.guarantee_queries import facts_for
from application.models import APPLICATION_SUBMITTED, Application, CohortEntry, School
from application.services.follow_ups import reason_label
from core import audit
from core.extensions import db
from core.mailqueue import queue_mail
from core.models import AuditEvent, User
from core.roles import ADVISER
from prospectus.models import EntryYear

# One follow-up, as its page shows it


VIEWED = "follow-up-viewed"


@dataclass(frozen=True)
class FollowUpPage:
    follow_up: FollowUp
    entry_year: EntryYear
    school_name: str | None
    applied: bool
    status: guarantee.GuaranteeStatus
    days_open: int
    actions: list  # AdviserContact, newest first
    show_group: bool


def follow_up_in_scope(user, follow_up_id: int) -> FollowUp | None:
    """The follow-up, if its learner is in the user's caseload for its entry year; otherwise None (a 404)."""
    follow_up = db.session.get(FollowUp, follow_up_id)
    if follow_up is None or not caseload.in_caseload(user, follow_up.learner_id, follow_up.entry_year_id):
        return None
    return follow_up


def follow_up_page(user, follow_up: FollowUp, today: date) -> FollowUpPage:
    """What the follow-up's page shows. Viewing a learner's details is written to the audit log."""
    entry = db.session.scalar(
        select(CohortEntry)
        .options(joinedload(CohortEntry.school))
        .where(CohortEntry.learner_id == follow_up.learner_id, CohortEntry.entry_year_id == follow_up.entry_year_id)
    )
    facts = facts_for(follow_up.learner_id, follow_up.entry_year_id, today)
    page = FollowUpPage(
        follow_up=follow_up,
        entry_year=db.session.get(EntryYear, follow_up.entry_year_id),
        school_name=entry.school.name if entry and entry.school else None,
        applied=facts.applied,
        status=guarantee.guarantee_status(facts, today),
        days_open=days_open(follow_up, today),
        actions=actions_for([follow_up])[follow_up.id],
        show_group=caseload.may_see_characteristics(user, follow_up.learner_id),
    )
    audit.record(VIEWED, subject=follow_up.learner, actor=user, follow_up=follow_up.id)
    db.session.commit()
    return page


# The queue: most urgent first


@dataclass(frozen=True)
class QueueItem:
    follow_up: FollowUp
    school_name: str | None
    applied: bool
    guarantee_deadline: date
    days_open: int
    actions: list  # AdviserContact, newest first
    show_group: bool  # caseload.may_see_characteristics

    @property
    def last_contact(self):
        return self.actions[0] if self.actions else None


@dataclass(frozen=True)
class QueuePage:
    items: list[QueueItem]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


PAGE_SIZE = 50


def queue(user, today: date, page: int = 1, page_size: int = PAGE_SIZE) -> QueuePage:
    """Open follow-ups in the user's caseload: the nearest guarantee deadline still to come, then learners with no
    application at all, then the priority group (looked after first), then the longest open."""
    base = _open_in_scope(user)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    page = min(max(page, 1), max(1, -(-total // page_size)))
    rows = db.session.execute(_ordered(base, today).limit(page_size).offset((page - 1) * page_size)).all()
    actions = actions_for([row.FollowUp for row in rows])
    items = [
        QueueItem(
            follow_up=row.FollowUp,
            school_name=row.school_name,
            applied=bool(row.applied),
            guarantee_deadline=row.guarantee_deadline,
            days_open=days_open(row.FollowUp, today),
            actions=actions.get(row.FollowUp.id, []),
            show_group=caseload.may_see_characteristics(user, row.FollowUp.learner_id),
        )
        for row in rows
    ]
    return QueuePage(items, total, page, page_size)


def _applied_condition():
    return (
        select(Application.id)
        .where(
            Application.learner_id == FollowUp.learner_id,
            Application.entry_year_id == FollowUp.entry_year_id,
            Application.status == APPLICATION_SUBMITTED,
        )
        .exists()
    )


def _open_in_scope(user) -> Select:
    return (
        select(
            FollowUp,
            School.name.label("school_name"),
            EntryYear.guarantee_deadline.label("guarantee_deadline"),
            _applied_condition().label("applied"),
        )
        .join(
            CohortEntry,
            and_(CohortEntry.learner_id == FollowUp.learner_id, CohortEntry.entry_year_id == FollowUp.entry_year_id),
        )
        .join(EntryYear, EntryYear.id == FollowUp.entry_year_id)
        .outerjoin(School, School.id == CohortEntry.school_id)
        .where(FollowUp.closed_at.is_(None), caseload.cohort_scope(user))
        .options(joinedload(FollowUp.learner))
    )


def _ordered(query: Select, today: date) -> Select:
    group_order = case({group: rank for rank, group in enumerate(rules.PRIORITY_ORDER)}, value=FollowUp.priority_group)
    return query.order_by(
        case((EntryYear.guarantee_deadline >= today, 0), else_=1),
        EntryYear.guarantee_deadline,
        case((_applied_condition(), 1), else_=0),
        group_order,
        FollowUp.opened_at,
        FollowUp.id,
    )


def actions_for(follow_ups: list[FollowUp]) -> dict[int, list[AdviserContact]]:
    """The contacts that count as action on each follow-up, newest first: those recorded against it, and any other
    contact with the learner, for the same cycle, since the day it opened."""
    if not follow_ups:
        return {}
    contacts = db.session.scalars(
        select(AdviserContact)
        .where(
            AdviserContact.learner_id.in_({item.learner_id for item in follow_ups}),
            AdviserContact.entry_year_id.in_({item.entry_year_id for item in follow_ups}),
        )
        .options(joinedload(AdviserContact.recorded_by))
        .order_by(AdviserContact.contacted_on.desc(), AdviserContact.id.desc())
    ).all()
    return {item.id: [contact for contact in contacts if _is_action_on(contact, item)] for item in follow_ups}


def _is_action_on(contact: AdviserContact, follow_up: FollowUp) -> bool:
    if contact.learner_id != follow_up.learner_id or contact.entry_year_id != follow_up.entry_year_id:
        return False
    return contact.follow_up_id == follow_up.id or contact.contacted_on >= follow_up.opened_at.date()


def days_open(follow_up: FollowUp, today: date) -> int:
    return max((today - follow_up.opened_at.date()).days, 0)


# The weekly digest


DIGEST_SENT = "follow-up-digest-sent"
NEW_WITHIN_DAYS = 7
OVERDUE_AFTER_DAYS = 14


@dataclass(frozen=True)
class DigestResult:
    sent: int
    already_sent: int


def send_digests(today: date) -> DigestResult:
    """One email a week to each adviser with something new or overdue; a second run in the same week sends nothing."""
    week = _week(today)
    done = _digests_sent(week)
    sent = already = 0
    try:
        for adviser in _advisers():
            if adviser.id in done:
                already += 1
                continue
            sent += _send_digest(adviser, today, week)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return DigestResult(sent, already)


def digest_for(adviser, today: date) -> tuple[list[QueueItem], list[QueueItem]]:
    """(new, overdue): opened in the last week; open more than two weeks with no contact since."""
    everything = queue(adviser, today, page_size=10_000).items
    new = [item for item in everything if item.days_open < NEW_WITHIN_DAYS]
    overdue = [item for item in everything if item.days_open > OVERDUE_AFTER_DAYS and not item.actions]
    return new, overdue


def _send_digest(adviser, today: date, week: str) -> int:
    new, overdue = digest_for(adviser, today)
    if not new and not overdue:
        return 0
    queue_mail(
        adviser.email,
        "follow-up-digest",
        "Your follow-ups this week",
        adviser=adviser,
        new=new,
        overdue=overdue,
        reason_label=reason_label,
    )
    audit.record(DIGEST_SENT, subject=adviser, actor=None, week=week, new=len(new), overdue=len(overdue))
    return 1


def _advisers() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == ADVISER, User.active.is_(True), User.password_hash.is_not(None))
            .order_by(User.id)
        )
    )


def _digests_sent(week: str) -> set[int]:
    return set(
        db.session.scalars(
            select(AuditEvent.subject_id).where(
                AuditEvent.event == DIGEST_SENT,
                AuditEvent.subject_type == User.__tablename__,
                AuditEvent.detail["week"].as_string() == week,
            )
        )
    )


def _week(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"
