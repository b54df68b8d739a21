"""The council's settings for the guarantee: advisers' caseloads and the follow-up rules of each entry year."""

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from application.guarantee_models import (
    CaseloadAssignment,
)
from application.models import School
from application.services.adviser_records import CheckpointRefused
from core import audit
from core.extensions import db
from core.models import User
from core.roles import ADVISER
from core.templating import format_date
from prospectus.models import Area, EntryYear

# The council's settings


def advisers_with_caseloads() -> list[tuple[User, list[CaseloadAssignment]]]:
    advisers = db.session.scalars(select(User).where(User.role == ADVISER).order_by(User.name, User.id)).all()
    assignments = db.session.scalars(
        select(CaseloadAssignment).options(joinedload(CaseloadAssignment.school), joinedload(CaseloadAssignment.area))
    ).all()
    return [(adviser, [item for item in assignments if item.adviser_id == adviser.id]) for adviser in advisers]


def adviser_numbered(adviser_id: int) -> User | None:
    return db.session.scalar(select(User).where(User.id == adviser_id, User.role == ADVISER))


def caseload_of(adviser: User) -> list[CaseloadAssignment]:
    return list(db.session.scalars(select(CaseloadAssignment).where(CaseloadAssignment.adviser_id == adviser.id)))


def caseload_places() -> tuple[list[School], list[Area]]:
    schools = db.session.scalars(select(School).order_by(School.name, School.urn)).all()
    areas = db.session.scalars(select(Area).order_by(Area.name)).all()
    return list(schools), list(areas)


def set_caseload(adviser: User, school_ids: list[int], area_ids: list[int], actor: User) -> None:
    """Replace the adviser's caseload with these schools and whole areas."""
    db.session.execute(delete(CaseloadAssignment).where(CaseloadAssignment.adviser_id == adviser.id))
    db.session.add_all(CaseloadAssignment(adviser_id=adviser.id, school_id=school_id) for school_id in set(school_ids))
    db.session.add_all(CaseloadAssignment(adviser_id=adviser.id, area_id=area_id) for area_id in set(area_ids))
    audit.record("caseload-changed", adviser, actor=actor, schools=sorted(set(school_ids)), areas=sorted(set(area_ids)))
    db.session.commit()


def follow_up_settings() -> list[tuple[EntryYear, list[date]]]:
    """Each entry year, newest first, with its checkpoint dates in order."""
    entry_years = db.session.scalars(select(EntryYear).order_by(EntryYear.year.desc()))
    return [
        (entry_year, sorted(date.fromisoformat(day) for day in entry_year.checkpoint_dates or []))
        for entry_year in entry_years
    ]


def set_follow_up_rules(
    entry_year: EntryYear, actor: User, *, fsm: bool, looked_after: bool, ehcp: bool, checkpoints: list[date]
) -> None:
    """Who the council follows up in this cycle, and the checkpoint dates, which must fall within the cycle."""
    for day in checkpoints:
        if not entry_year.applications_open <= day <= entry_year.guarantee_deadline:
            raise CheckpointRefused(
                day,
                f"Checkpoints must be between {format_date(entry_year.applications_open)} and "
                f"{format_date(entry_year.guarantee_deadline)}, when applications open and the guarantee deadline",
            )
    entry_year.follow_up_fsm = fsm
    entry_year.follow_up_looked_after = looked_after
    entry_year.follow_up_ehcp = ehcp
    entry_year.checkpoint_dates = sorted({day.isoformat() for day in checkpoints})
    audit.record(
        "follow-up-rules-changed",
        entry_year,
        actor=actor,
        fsm=fsm,
        looked_after=looked_after,
        ehcp=ehcp,
        checkpoints=entry_year.checkpoint_dates,
    )
    db.session.commit()
