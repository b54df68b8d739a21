"""What careers advisers and the council read and record for the September Guarantee, one function per use case.

Every learner a function returns comes through `caseload.cohort_scope` or `caseload.require_in_caseload`, and every
free school meals, looked-after or EHC plan value through `caseload.may_see_characteristics`. Views of a learner's
record and every export are written to the audit log in the same transaction as the read.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from application import caseload, guarantee, guarantee_queries, states
from application.guarantee_models import (
    AdviserContact,
    ExternalOffer,
    FollowUp,
    IntendedDestination,
    NotAppropriateRecord,
)
from application.models import EHCP, Application, Choice, ChoiceEvent, CohortEntry, Learner
from application.services import follow_ups
from core import audit
from core.extensions import db
from core.models import User
from core.roles import LEARNER, PROVIDER
from prospectus.models import Course, EntryYear, Provider


class RecordRefused(Exception):
    """A rule stopped the record and nothing was saved: `message` belongs to the form's `field`."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class CheckpointRefused(RecordRefused):
    def __init__(self, day: date, message: str):
        super().__init__("checkpoint", message)
        self.day = day


@dataclass(frozen=True)
class Characteristics:
    free_school_meals: bool
    looked_after: bool
    ehcp: bool


def characteristics_for(user, learner) -> Characteristics | None:
    """The learner's characteristics, or None where the policy hides them from this user."""
    if not caseload.may_see_characteristics(user, learner):
        return None
    return Characteristics(learner.free_school_meals, learner.looked_after, learner.sen_status == EHCP)


# One learner's record


@dataclass(frozen=True)
class HistoryLine:
    occurred_at: object
    what: str
    who: str


@dataclass(frozen=True)
class ChoiceRecord:
    choice: Choice
    history: list[HistoryLine]


@dataclass(frozen=True)
class LearnerRecord:
    learner: Learner
    entry_year: EntryYear
    cohort_entry: CohortEntry
    characteristics: Characteristics | None
    status: guarantee.GuaranteeStatus
    application: Application | None
    choices: list[ChoiceRecord]
    external_offers: list[ExternalOffer]
    not_appropriate: list[NotAppropriateRecord]
    contacts: list[AdviserContact]
    destinations: list[IntendedDestination]
    follow_ups: list[FollowUp]


def learner_record(user, learner: Learner, entry_year: EntryYear, today: date) -> LearnerRecord:
    """Everything known about the learner for the entry year. The view is written to the audit log."""
    application = db.session.scalar(
        select(Application).where(Application.learner_id == learner.id, Application.entry_year_id == entry_year.id)
    )
    record = LearnerRecord(
        learner=learner,
        entry_year=entry_year,
        cohort_entry=_cohort_entry(learner, entry_year),
        characteristics=characteristics_for(user, learner),
        status=guarantee.guarantee_status(guarantee_queries.facts_for(learner, entry_year, today), today),
        application=application,
        choices=_choices(application) if application else [],
        external_offers=_records(ExternalOffer, learner, entry_year, ExternalOffer.offered_on),
        not_appropriate=_records(NotAppropriateRecord, learner, entry_year, NotAppropriateRecord.recorded_on),
        contacts=_records(AdviserContact, learner, entry_year, AdviserContact.contacted_on),
        destinations=_records(IntendedDestination, learner, entry_year, IntendedDestination.recorded_at),
        follow_ups=list(
            db.session.scalars(
                select(FollowUp)
                .options(joinedload(FollowUp.closed_by))
                .where(FollowUp.learner_id == learner.id, FollowUp.entry_year_id == entry_year.id)
                .order_by(FollowUp.opened_at.desc(), FollowUp.id.desc())
            )
        ),
    )
    audit.record("learner-record-viewed", learner, actor=user, entry_year=entry_year.year)
    db.session.commit()
    return record


def _cohort_entry(learner: Learner, entry_year: EntryYear) -> CohortEntry:
    return db.session.scalar(
        select(CohortEntry)
        .options(joinedload(CohortEntry.school))
        .where(CohortEntry.learner_id == learner.id, CohortEntry.entry_year_id == entry_year.id)
    )


def _records(model, learner: Learner, entry_year: EntryYear, newest_first_by) -> list:
    return list(
        db.session.scalars(
            select(model)
            .options(joinedload(model.recorded_by))
            .where(model.learner_id == learner.id, model.entry_year_id == entry_year.id)
            .order_by(newest_first_by.desc(), model.id.desc())
        )
    )


def _choices(application: Application) -> list[ChoiceRecord]:
    choices = db.session.scalars(
        select(Choice)
        .options(joinedload(Choice.course).joinedload(Course.provider))
        .where(Choice.application_id == application.id)
        .order_by(Choice.rank, Choice.id)
    ).all()
    events = db.session.scalars(
        select(ChoiceEvent)
        .options(joinedload(ChoiceEvent.actor).joinedload(User.provider))
        .where(ChoiceEvent.choice_id.in_([choice.id for choice in choices]))
        .order_by(ChoiceEvent.occurred_at, ChoiceEvent.id)
    ).all()
    return [
        ChoiceRecord(choice, [_history_line(event) for event in events if event.choice_id == choice.id])
        for choice in choices
    ]


def _history_line(event: ChoiceEvent) -> HistoryLine:
    return HistoryLine(event.occurred_at, states.EVENTS[event.event].label, who_did(event.actor))


def who_did(actor: User | None) -> str:
    if actor is None:
        return "Pathways"
    if actor.role == LEARNER:
        return "The learner"
    if actor.role == PROVIDER and actor.provider is not None:
        return f"{actor.name}, {actor.provider.name}"
    return f"{actor.name} ({actor.role_label})"


# What an adviser records


def record_external_offer(
    learner: Learner,
    entry_year: EntryYear,
    actor: User,
    *,
    activity_code: str,
    provider_name: str | None,
    provider_ukprn: str | None,
    course: str | None,
    offered_on: date,
    source: str,
) -> ExternalOffer:
    """An offer made outside Pathways, closing the learner's follow-ups if it counts.

    Given only a UKPRN, the provider's name comes from Pathways' providers.
    """
    offer = ExternalOffer(
        learner_id=learner.id,
        entry_year_id=entry_year.id,
        recorded_by_id=actor.id,
        activity_code=activity_code,
        provider_name=provider_name or _provider_name(provider_ukprn),
        provider_ukprn=provider_ukprn or None,
        course=course or None,
        offered_on=offered_on,
        source=source,
    )
    db.session.add(offer)
    audit.record(
        "external-offer-recorded", learner, actor=actor, entry_year=entry_year.year, activity_code=activity_code
    )
    # One transaction: the offer, and the follow-ups it satisfies (close_satisfied decides whether it counts).
    follow_ups.close_satisfied(learner, entry_year, actor)
    return offer


def _provider_name(ukprn: str | None) -> str:
    name = db.session.scalar(select(Provider.name).where(Provider.ukprn == ukprn)) if ukprn else None
    if name is None:
        raise RecordRefused("provider_name", f"Enter the provider’s name: UKPRN {ukprn} is not a provider in Pathways")
    return name


def record_not_appropriate(
    learner: Learner, entry_year: EntryYear, actor: User, *, reason: str, detail: str | None, recorded_on: date
) -> NotAppropriateRecord:
    record = NotAppropriateRecord(
        learner_id=learner.id,
        entry_year_id=entry_year.id,
        recorded_by_id=actor.id,
        reason=reason,
        detail=detail or None,
        recorded_on=recorded_on,
    )
    return _save(record, "not-appropriate-recorded", learner, actor, entry_year, reason=reason)


def record_contact(
    learner: Learner,
    entry_year: EntryYear,
    actor: User,
    *,
    contacted_on: date,
    method: str,
    outcome: str,
    note: str | None,
) -> AdviserContact:
    """A contact with the learner, counted as an action on their open follow-up if they have one."""
    contact = AdviserContact(
        learner_id=learner.id,
        entry_year_id=entry_year.id,
        recorded_by_id=actor.id,
        contacted_on=contacted_on,
        method=method,
        outcome=outcome,
        note=note or None,
        follow_up_id=_open_follow_up_id(learner, entry_year),
    )
    return _save(contact, "adviser-contact-recorded", learner, actor, entry_year, method=method, outcome=outcome)


def _open_follow_up_id(learner: Learner, entry_year: EntryYear) -> int | None:
    return db.session.scalar(
        select(FollowUp.id)
        .where(FollowUp.learner_id == learner.id, FollowUp.entry_year_id == entry_year.id, FollowUp.closed_at.is_(None))
        .order_by(FollowUp.opened_at.desc(), FollowUp.id.desc())
        .limit(1)
    )


def record_intended_destination(
    learner: Learner, entry_year: EntryYear, actor: User, *, activity_code: str, detail: str | None
) -> IntendedDestination:
    destination = IntendedDestination(
        learner_id=learner.id,
        entry_year_id=entry_year.id,
        recorded_by_id=actor.id,
        activity_code=activity_code,
        detail=detail or None,
    )
    return _save(destination, "intended-destination-recorded", learner, actor, entry_year, activity_code=activity_code)


def _save(record, event: str, learner: Learner, actor: User, entry_year: EntryYear, **detail):
    db.session.add(record)
    audit.record(event, learner, actor=actor, entry_year=entry_year.year, **detail)
    db.session.commit()
    return record
