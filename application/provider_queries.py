"""What provider staff see of the choices made to their courses, and the one policy for what they may see.

Every provider page and the export read applicants through `applicant_details`, which names the fields a provider may
see. Free school meals, looked-after status, SEN status or EHC plan, a choice's rank and the learner's other choices
are never shown to a provider.
"""

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from application import rules, states
from application.models import Application, Choice, ChoiceEvent, Learner, ProviderNote
from core import audit
from core.extensions import db
from core.models import User
from core.roles import LEARNER, PROVIDER
from prospectus.models import Course, EntryYear

PAGE_SIZE = 25
NOON_UTC = time(12)  # a time of day that falls on the same date in England, summer or winter
MAX_ID = 2**31 - 1

# The inbox's named status groups, in the order providers see them; any single status can be chosen too.
STATUS_GROUPS = {
    "waiting": ("Waiting for a decision", states.PENDING_DECISION),
    "offers": ("Offers waiting for a reply", states.OFFERED_GROUP),
    "places": ("Places accepted", states.HOLDING_PLACE),
    "closed": ("Closed", states.ENDED),
}
# Statuses a provider sees: every one after the learner sends the application.
VISIBLE_STATUSES = tuple(status for status in states.STATUSES if status != states.DRAFT)

QUALIFICATION_KINDS = {"gcse": "GCSE", "other": "Other qualification"}

CSV_HEADER = [
    "Applicant",
    "Date of birth",
    "Email",
    "Telephone",
    "Course",
    "Course code",
    "Status",
    "Submitted",
    "Decision due",
    "Interview",
    "Offer conditions",
]


@dataclass(frozen=True)
class GradeRow:
    kind: str
    subject: str
    grade: str
    predicted: bool


@dataclass(frozen=True)
class ApplicantDetails:
    """Everything a provider may see about the person behind one choice."""

    name: str
    date_of_birth: date
    email: str | None
    telephone: str | None
    address: str | None
    postcode: str | None
    current_school: str | None
    support_needs: str | None
    personal_statement: str | None
    grades: tuple[GradeRow, ...]


@dataclass(frozen=True)
class InboxRow:
    choice: Choice
    applicant_name: str
    decision_due: date | None
    overdue: bool


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    total: int
    page: int
    last_page: int


@dataclass(frozen=True)
class HistoryEntry:
    occurred_at: datetime
    what: str
    who: str


# The policy


def applicant_details(choice: Choice, email: str | None) -> ApplicantDetails:
    """The applicant as a provider may see them: contact, school, grades, statement and their own support needs."""
    application, learner = choice.application, choice.application.learner
    return ApplicantDetails(
        name=learner.full_name,
        date_of_birth=learner.date_of_birth,
        email=email,
        telephone=application.telephone,
        address=application.address,
        postcode=application.postcode,
        current_school=application.current_school,
        support_needs=application.support_needs,
        personal_statement=application.personal_statement,
        grades=tuple(
            GradeRow(QUALIFICATION_KINDS[item.kind], item.subject, item.grade, item.predicted)
            for item in application.qualifications
        ),
    )


def contact_emails(learner_ids) -> dict[int, str]:
    """Each learner's email: the one on their account, or the one the school gave."""
    ids = set(learner_ids)
    if not ids:
        return {}
    emails = dict(db.session.execute(select(Learner.id, Learner.email).where(Learner.id.in_(ids))).all())
    accounts = db.session.execute(select(User.learner_id, User.email).where(User.learner_id.in_(ids))).all()
    emails.update(dict(accounts))
    return {learner_id: email for learner_id, email in emails.items() if email}


# Loading one choice


def _visible_to(provider_id: int):
    return and_(Course.provider_id == provider_id, Choice.status != states.DRAFT)


def choice_for_provider(provider_id: int, choice_id: int) -> Choice | None:
    """A choice made to this provider's courses and sent by the learner, or None (the view answers 404)."""
    if not 0 < choice_id <= MAX_ID:
        return None
    return db.session.scalar(
        select(Choice)
        .join(Choice.course)
        .options(
            joinedload(Choice.course).joinedload(Course.entry_year),
            joinedload(Choice.application).joinedload(Application.learner),
            selectinload(Choice.conditions),
        )
        .where(Choice.id == choice_id, _visible_to(provider_id))
    )


def applicant_for(choice: Choice) -> ApplicantDetails:
    learner_id = choice.application.learner_id
    return applicant_details(choice, contact_emails([learner_id]).get(learner_id))


def decision_due(choice: Choice) -> date | None:
    """When the provider should decide by; None once there is nothing left to decide."""
    if choice.status not in states.PENDING_DECISION or choice.submitted_at is None:
        return None
    return rules.decision_due(choice.submitted_at, choice.course.entry_year.response_working_days)


def is_overdue(choice: Choice, today: date) -> bool:
    return rules.is_overdue(choice, today, choice.course.entry_year.response_working_days)


def choice_history(choice: Choice) -> list[HistoryEntry]:
    """When, what and who, oldest first. Event details are left out: they may speak of the learner's other choices."""
    events = db.session.scalars(
        select(ChoiceEvent)
        .options(joinedload(ChoiceEvent.actor))
        .where(ChoiceEvent.choice_id == choice.id)
        .order_by(ChoiceEvent.occurred_at, ChoiceEvent.id)
    ).all()
    return [HistoryEntry(event.occurred_at, states.EVENTS[event.event].label, _who(event.actor)) for event in events]


def _who(actor: User | None) -> str:
    if actor is None:
        return "Pathways"
    if actor.role == LEARNER:
        return "The applicant"
    if actor.role == PROVIDER:
        return actor.name
    return actor.role_label


def notes_for(choice: Choice) -> list[ProviderNote]:
    return list(
        db.session.scalars(
            select(ProviderNote)
            .options(joinedload(ProviderNote.author))
            .where(ProviderNote.choice_id == choice.id)
            .order_by(ProviderNote.created_at.desc(), ProviderNote.id.desc())
        )
    )


def add_note(choice: Choice, author: User, text: str) -> ProviderNote:
    """A note for the provider's own staff. It is not part of the choice's history, so the version is untouched."""
    note = ProviderNote(choice_id=choice.id, author_id=author.id, text=text)
    db.session.add(note)
    db.session.commit()
    return note


# The inbox


def provider_courses(provider_id: int) -> list[Course]:
    return list(
        db.session.scalars(
            select(Course)
            .join(Course.entry_year)
            .options(joinedload(Course.entry_year))
            .where(Course.provider_id == provider_id)
            .order_by(EntryYear.year.desc(), Course.title, Course.provider_course_code)
        )
    )


def overdue_cut_off(today: date, working_days: int) -> datetime:
    """Pending choices sent before this moment (naive UTC) are overdue.

    A later submission never has an earlier due date, so the overdue choices are those sent on or before the last
    day in England whose due date has passed: the cut-off is the midnight after it.
    """
    day = today
    while rules.decision_due(datetime.combine(day, NOON_UTC), working_days) >= today:
        day -= timedelta(days=1)
    midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=rules.UK)
    return midnight.astimezone(UTC).replace(tzinfo=None)


def _overdue_condition(provider_id: int, today: date):
    years = db.session.execute(
        select(EntryYear.id, EntryYear.response_working_days)
        .join(Course, Course.entry_year_id == EntryYear.id)
        .where(Course.provider_id == provider_id)
        .distinct()
    ).all()
    past_due = [
        and_(Course.entry_year_id == year_id, Choice.submitted_at < overdue_cut_off(today, days))
        for year_id, days in years
    ]
    return and_(Choice.status.in_(states.PENDING_DECISION), or_(false(), *past_due))


def _inbox_filter(provider_id: int, course_id: int | None, statuses: frozenset[str] | None):
    conditions = [_visible_to(provider_id)]
    if course_id is not None:
        conditions.append(Choice.course_id == course_id)
    if statuses is not None:
        conditions.append(Choice.status.in_(statuses))
    return and_(*conditions)


def inbox_page(provider_id: int, today: date, course_id: int | None = None, statuses=None, page: int = 1) -> InboxPage:
    """One page of the inbox: overdue decisions first, then the longest waiting."""
    where = _inbox_filter(provider_id, course_id, statuses)
    total = db.session.scalar(select(func.count(Choice.id)).join(Choice.course).where(where))
    last_page = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), last_page)
    overdue_first = case((_overdue_condition(provider_id, today), 0), else_=1)
    choices = db.session.scalars(
        select(Choice)
        .join(Choice.course)
        .options(
            joinedload(Choice.course).joinedload(Course.entry_year),
            joinedload(Choice.application).joinedload(Application.learner),
        )
        .where(where)
        .order_by(overdue_first, Choice.submitted_at, Choice.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    rows = [
        InboxRow(choice, choice.application.learner.full_name, decision_due(choice), is_overdue(choice, today))
        for choice in choices
    ]
    return InboxPage(rows, total, page, last_page)


def status_counts(provider_id: int, today: date, course_id: int | None = None) -> dict[str, int]:
    """How many choices are in each status, each named group, and overdue; 'all' is the total."""
    rows = db.session.execute(
        select(Choice.status, func.count(Choice.id))
        .join(Choice.course)
        .where(_inbox_filter(provider_id, course_id, None))
        .group_by(Choice.status)
    ).all()
    counts = {status: 0 for status in VISIBLE_STATUSES} | dict(rows)
    for key, (_label, members) in STATUS_GROUPS.items():
        counts[key] = sum(counts[status] for status in members)
    counts["all"] = sum(counts[status] for status in VISIBLE_STATUSES)
    counts["overdue"] = db.session.scalar(
        select(func.count(Choice.id))
        .join(Choice.course)
        .where(_inbox_filter(provider_id, course_id, None), _overdue_condition(provider_id, today))
    )
    return counts


# The export


def export_csv(provider_id: int, actor: User, today: date, course_id=None, statuses=None) -> str:
    """The provider's applications as CSV, one row per choice, with the download written to the audit log."""
    choices = db.session.scalars(
        select(Choice)
        .join(Choice.course)
        .options(
            joinedload(Choice.course).joinedload(Course.entry_year),
            joinedload(Choice.application).joinedload(Application.learner),
            selectinload(Choice.conditions),
        )
        .where(_inbox_filter(provider_id, course_id, statuses))
        .order_by(Course.title, Choice.submitted_at, Choice.id)
    ).all()
    emails = contact_emails(choice.application.learner_id for choice in choices)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(CSV_HEADER)
    writer.writerows(_csv_line(choice, emails.get(choice.application.learner_id)) for choice in choices)
    audit.record("applications-exported", actor=actor, provider_id=provider_id, choices=len(choices))
    db.session.commit()
    return output.getvalue()


def _csv_line(choice: Choice, email: str | None) -> list[str]:
    applicant = applicant_details(choice, email)
    due = decision_due(choice)
    values = [
        applicant.name,
        applicant.date_of_birth.isoformat(),
        applicant.email or "",
        applicant.telephone or "",
        choice.course.title,
        choice.course.provider_course_code or "",
        choice.status_label,
        choice.submitted_at.date().isoformat() if choice.submitted_at else "",
        due.isoformat() if due else "",
        interview_text(choice) if choice.interview_starts_at else "",
        "; ".join(condition.text for condition in choice.conditions),
    ]
    return [_safe_cell(value) for value in values]


def interview_text(choice: Choice) -> str:
    where = "Online" if choice.interview_online else ""
    place = ", ".join(part for part in (where, choice.interview_place or "") if part)
    return f"{choice.interview_starts_at:%Y-%m-%d %H:%M}" + (f", {place}" if place else "")


def _safe_cell(value: str) -> str:
    """Stop a spreadsheet running a cell typed by a learner as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
