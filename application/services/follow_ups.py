"""Targeted follow-up for a whole cohort: open what the council's rules want, close what an offer settles.

`refresh` gathers every priority learner's facts in a few grouped queries (never one per learner), asks the pure
rules in `application.follow_ups`, and writes the difference in bulk. Opening is idempotent on
(learner, entry year, reason_key): a follow-up closed by hand does not come back for the same reason.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, case, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from application import follow_ups as rules
from application import guarantee, states
from application.guarantee_models import (
    FOLLOW_UP_REASONS,
    AdviserContact,
    ExternalOffer,
    FollowUp,
    NotAppropriateRecord,
)
from application.guarantee_queries import COUNTING_CODES, status_rows
from application.models import APPLICATION_SUBMITTED, EHCP, Application, Choice, CohortEntry, Learner
from application.rules import uk_today
from core import audit
from core.extensions import db
from core.timeutil import utcnow
from prospectus.models import Course, EntryYear
from prospectus.reference import NCCIS_OFFER_TYPES

REFRESHED = "follow-ups-refreshed"
CLOSED_BY_HAND = "follow-up-closed"
CONTACT_RECORDED = "follow-up-contact-recorded"

LIVE_OFFER = states.OFFERED_GROUP | states.HOLDING_PLACE
REACHED_OFFER = states.OFFER_MADE | {states.OFFER_WITHDRAWN}
YEAR_GROUPS = (11, 12)


class FollowUpError(Exception):
    """A rule broken by a request; the message says what to do."""


@dataclass
class RefreshResult:
    opened: Counter = field(default_factory=Counter)
    closed: Counter = field(default_factory=Counter)

    @property
    def total_opened(self) -> int:
        return sum(self.opened.values())

    @property
    def total_closed(self) -> int:
        return sum(self.closed.values())


@dataclass(frozen=True)
class _Learner:
    facts: rules.Facts
    offer_code: str | None  # the type of the live offer that counts, if any


# Refreshing a cohort


def refresh(entry_year: EntryYear, today: date) -> RefreshResult:
    """Open the follow-ups the rules want today, close those an offer has settled, and say what changed."""
    try:
        result = open_and_close(entry_year, today)
        audit.record(
            REFRESHED,
            subject=entry_year,
            day=today.isoformat(),
            opened=dict(result.opened),
            closed=dict(result.closed),
        )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result


def open_and_close(entry_year: EntryYear, today: date) -> RefreshResult:
    """`refresh` without the audit event and the commit, for the demo seed's single transaction."""
    settings = rules.Settings.of(entry_year)
    learners = _learners_to_evaluate(entry_year, settings)
    known = _known_follow_ups(entry_year, learners)
    result = RefreshResult()
    to_open, to_close = [], []
    for learner_id, learner in _gather(entry_year, today, learners).items():
        for follow_up_id, reason in _settled(learner, known.get(learner_id, {})):
            to_close.append(_closing(follow_up_id, learner.offer_code, None))
            result.closed[reason] += 1
        for found in _new(learner.facts, settings, today, known.get(learner_id, {})):
            to_open.append(_opening(learner_id, entry_year, found, rules.priority_group(learner.facts, settings)))
            result.opened[found.reason] += 1
    _insert_ignoring_duplicates(to_open)
    if to_close:
        db.session.execute(update(FollowUp), to_close)
    return result


def _settled(learner: _Learner, known: dict) -> list[tuple[int, str]]:
    if not learner.facts.holds_offer:
        return []
    return [(follow_up_id, reason) for follow_up_id, reason, is_open in known.values() if is_open]


def _new(facts: rules.Facts, settings: rules.Settings, today: date, known: dict) -> list[rules.Due]:
    """The first reason due that has never opened a follow-up, unless one is open already: one need, one follow-up."""
    if any(is_open for _, _, is_open in known.values()):
        return []
    fresh = [found for found in rules.due(facts, settings, today) if found.reason_key not in known]
    return fresh[:1]


def _opening(learner_id: int, entry_year: EntryYear, found: rules.Due, group: str) -> dict:
    return {
        "learner_id": learner_id,
        "entry_year_id": entry_year.id,
        "reason": found.reason,
        "reason_key": found.reason_key,
        "priority_group": group,
        "opened_at": utcnow(),
    }


def _closing(follow_up_id: int, offer_code: str | None, actor) -> dict:
    label = NCCIS_OFFER_TYPES.get(offer_code, "an offer that counts")
    return {
        "id": follow_up_id,
        "closed_at": utcnow(),
        "closed_reason": rules.offer_made_reason(label),
        "closed_by_id": actor.id if actor is not None else None,
    }


def _insert_ignoring_duplicates(rows: list[dict]) -> None:
    """Two refreshes at once must not fail on the unique reason key: the second simply opens nothing."""
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    statement = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if statement is None:
        db.session.execute(insert(FollowUp), rows)
        return
    db.session.execute(statement(FollowUp).on_conflict_do_nothing(), rows)


def _learners_to_evaluate(entry_year: EntryYear, settings: rules.Settings) -> Select:
    """Cohort learners in a priority group the council turned on, and anyone with a follow-up still open."""
    in_groups = {
        rules.FSM: Learner.free_school_meals.is_(True),
        rules.LOOKED_AFTER: Learner.looked_after.is_(True),
        rules.EHCP: Learner.sen_status == EHCP,
    }
    open_follow_ups = select(FollowUp.learner_id).where(
        FollowUp.entry_year_id == entry_year.id, FollowUp.closed_at.is_(None)
    )
    wanted = [condition for group, condition in in_groups.items() if group in settings.groups]
    return (
        select(CohortEntry.learner_id)
        .join(Learner, Learner.id == CohortEntry.learner_id)
        .where(CohortEntry.entry_year_id == entry_year.id)
        .where(or_(*wanted, CohortEntry.learner_id.in_(open_follow_ups)))
    )


def _known_follow_ups(entry_year: EntryYear, learners: Select) -> dict[int, dict[str, tuple[int, str, bool]]]:
    """learner id -> reason key -> (follow-up id, reason, open?), for every follow-up ever opened this cycle."""
    rows = db.session.execute(
        select(FollowUp.learner_id, FollowUp.reason_key, FollowUp.id, FollowUp.reason, FollowUp.closed_at.is_(None))
        .where(FollowUp.entry_year_id == entry_year.id, FollowUp.learner_id.in_(learners))
        .order_by(FollowUp.id)
    )
    known: dict = {}
    for learner_id, reason_key, follow_up_id, reason, is_open in rows:
        known.setdefault(learner_id, {})[reason_key] = (follow_up_id, reason, bool(is_open))
    return known


# Facts for many learners at once


def _gather(entry_year: EntryYear, today: date, learners: Select) -> dict[int, _Learner]:
    statuses = _statuses(entry_year, today, learners)
    choices = _choice_figures(entry_year, learners)
    external = _external_offer_codes(entry_year, today, learners)
    not_appropriate = _not_appropriate(entry_year, today, learners)
    gathered = {}
    for learner_id, fsm, looked_after, sen_status in db.session.execute(
        select(Learner.id, Learner.free_school_meals, Learner.looked_after, Learner.sen_status).where(
            Learner.id.in_(learners)
        )
    ):
        applied, sent, ended, made, declined, live_code = choices.get(learner_id, (0, 0, 0, 0, 0, None))
        offer_code = live_code or external.get(learner_id)
        facts = rules.Facts(
            fsm=bool(fsm),
            looked_after=bool(looked_after),
            ehcp=sen_status == EHCP,
            applied=bool(applied),
            choices_sent=int(sent or 0),
            choices_ended=int(ended or 0),
            offers_made=int(made or 0),
            offers_declined=int(declined or 0),
            holds_offer=statuses.get(learner_id) == guarantee.OFFER_MADE and offer_code is not None,
            not_appropriate=learner_id in not_appropriate,
        )
        gathered[learner_id] = _Learner(facts, offer_code)
    return gathered


def _statuses(entry_year: EntryYear, today: date, learners: Select) -> dict[int, str]:
    """Guarantee status, computed in SQL by the same rules as every page and count."""
    scope = CohortEntry.learner_id.in_(learners)
    statuses = {}
    for year_group in YEAR_GROUPS:
        rows = status_rows(entry_year, year_group, today, scope).subquery()
        statuses.update(db.session.execute(select(rows.c.learner_id, rows.c.status)).all())
    return statuses


def _choice_figures(entry_year: EntryYear, learners: Select) -> dict[int, tuple]:
    """Per learner: applied?, choices sent, ended, that reached an offer, declined, and a live counting offer's type."""

    def number_of(condition):
        return func.sum(case((condition, 1), else_=0))

    live_counting = and_(Choice.status.in_(LIVE_OFFER), Course.nccis_offer_code.in_(COUNTING_CODES))
    query = (
        select(
            Application.learner_id,
            func.max(case((Application.status == APPLICATION_SUBMITTED, 1), else_=0)),
            number_of(Choice.status.is_not(None) & (Choice.status != states.DRAFT)),
            number_of(Choice.status.in_(states.ENDED)),
            number_of(Choice.status.in_(REACHED_OFFER)),
            number_of(Choice.status == states.DECLINED),
            func.min(case((live_counting, Course.nccis_offer_code))),
        )
        .select_from(Application)
        .outerjoin(Choice, Choice.application_id == Application.id)
        .outerjoin(Course, Course.id == Choice.course_id)
        .where(Application.entry_year_id == entry_year.id, Application.learner_id.in_(learners))
        .group_by(Application.learner_id)
    )
    return {learner_id: tuple(figures) for learner_id, *figures in db.session.execute(query)}


def _external_offer_codes(entry_year: EntryYear, today: date, learners: Select) -> dict[int, str]:
    query = (
        select(ExternalOffer.learner_id, func.min(ExternalOffer.activity_code))
        .where(
            ExternalOffer.entry_year_id == entry_year.id,
            ExternalOffer.offered_on <= today,
            ExternalOffer.activity_code.in_(COUNTING_CODES),
            ExternalOffer.learner_id.in_(learners),
        )
        .group_by(ExternalOffer.learner_id)
    )
    return dict(db.session.execute(query).all())


def _not_appropriate(entry_year: EntryYear, today: date, learners: Select) -> set[int]:
    query = select(NotAppropriateRecord.learner_id).where(
        NotAppropriateRecord.entry_year_id == entry_year.id,
        NotAppropriateRecord.recorded_on <= today,
        NotAppropriateRecord.learner_id.in_(learners),
    )
    return set(db.session.scalars(query))


# One learner, one follow-up


def close_satisfied(learner, entry_year: EntryYear, actor, today: date | None = None) -> list[FollowUp]:
    """Close the learner's open follow-ups if they now hold an offer that counts; call after recording an offer.

    Commits, together with anything the caller has not committed yet (such as the offer itself).
    """
    learner_id = learner if isinstance(learner, int) else learner.id
    db.session.flush()
    one = select(CohortEntry.learner_id).where(
        CohortEntry.entry_year_id == entry_year.id, CohortEntry.learner_id == learner_id
    )
    found = _gather(entry_year, today or uk_today(), one).get(learner_id)
    closed = _open_follow_ups(learner_id, entry_year) if found is not None and found.facts.holds_offer else []
    for follow_up in closed:
        closing = _closing(follow_up.id, found.offer_code, actor)
        follow_up.closed_at, follow_up.closed_reason = closing["closed_at"], closing["closed_reason"]
        follow_up.closed_by_id = closing["closed_by_id"]
    db.session.commit()
    return closed


def close_by_hand(follow_up: FollowUp, reason: str, actor) -> FollowUp:
    reason = (reason or "").strip()
    if not reason:
        raise FollowUpError("Enter why you are closing this follow-up")
    if follow_up.closed_at is not None:
        raise FollowUpError("This follow-up is already closed")
    follow_up.closed_at, follow_up.closed_reason, follow_up.closed_by_id = utcnow(), reason, actor.id
    audit.record(CLOSED_BY_HAND, subject=follow_up, actor=actor, learner_id=follow_up.learner_id, reason=reason)
    db.session.commit()
    return follow_up


def record_contact(follow_up: FollowUp, actor, contacted_on: date, method: str, outcome: str, note: str | None):
    """A contact made about this follow-up: it is what the queue shows as the action taken."""
    contact = AdviserContact(
        learner_id=follow_up.learner_id,
        entry_year_id=follow_up.entry_year_id,
        recorded_by_id=actor.id,
        contacted_on=contacted_on,
        method=method,
        outcome=outcome,
        note=note or None,
        follow_up_id=follow_up.id,
    )
    db.session.add(contact)
    db.session.flush()
    audit.record(CONTACT_RECORDED, subject=follow_up, actor=actor, learner_id=follow_up.learner_id, contact=contact.id)
    db.session.commit()
    return contact


def _open_follow_ups(learner_id: int, entry_year: EntryYear) -> list[FollowUp]:
    return list(
        db.session.scalars(
            select(FollowUp)
            .where(FollowUp.learner_id == learner_id, FollowUp.entry_year_id == entry_year.id)
            .where(FollowUp.closed_at.is_(None))
            .order_by(FollowUp.id)
        )
    )


def reason_label(follow_up: FollowUp) -> str:
    """The reason as an adviser reads it, with the checkpoint's date where there is one."""
    label = FOLLOW_UP_REASONS[follow_up.reason]
    _, _, day = follow_up.reason_key.partition(":")
    if not day:
        return label
    checkpoint = date.fromisoformat(day)
    return f"{label} ({checkpoint.day} {checkpoint:%B %Y})"
