"""A learner's own application: sections saved as they go, ranked choices, and sending it.

Each function is one use case and one transaction. Rules raise an ApplicationError whose text is the message the
learner sees. Sending the application and replying to offers belong to `application.services.choices`.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from application import rules, states
from application.models import APPLICATION_SUBMITTED, Application, Choice, Qualification
from application.services import choices as choice_service
from core import audit
from core.extensions import db
from core.models import User
from core.templating import format_date
from core.timeutil import utcnow
from prospectus.models import PUBLISHED, Course, EntryYear

PERSONAL_DETAILS = "personal-details"
SCHOOL_AND_GRADES = "school-and-grades"
SUPPORT_NEEDS = "support-needs"
PERSONAL_STATEMENT = "personal-statement"
CHOICES = "choices"
SECTIONS = {
    PERSONAL_DETAILS: "Personal details and contact",
    SCHOOL_AND_GRADES: "School and grades",
    SUPPORT_NEEDS: "Support needs",
    PERSONAL_STATEMENT: "Personal statement",
    CHOICES: "Your choices",
}
# The answers each section saves, and the message shown when one that is needed is missing.
SECTION_FIELDS = {
    PERSONAL_DETAILS: {
        "telephone": "Enter your telephone number",
        "address": "Enter your address",
        "postcode": "Enter your postcode",
    },
    SCHOOL_AND_GRADES: {"current_school": "Enter the name of your current school"},
    SUPPORT_NEEDS: {"support_needs": None},
    PERSONAL_STATEMENT: {"personal_statement": "Write your personal statement"},
    CHOICES: {},
}

COMPLETED = "Completed"
IN_PROGRESS = "In progress"
NOT_STARTED = "Not yet started"
CANNOT_START = "Cannot start yet"

WORD_LIMIT = 500
GCSE = "gcse"
OTHER = "other"
UP, DOWN = "up", "down"
DECLARATION_MISSING = "Confirm that the information in your application is true and complete"


class ApplicationError(Exception):
    """A rule stopped the change and nothing was saved. The text is the message for the learner."""


class ApplicationsClosed(ApplicationError):
    """Outside the entry year's dates: the message gives the date."""


class AlreadySent(ApplicationError):
    def __init__(self):
        super().__init__("You have already sent your application, so you cannot change your answers")


class SectionIncomplete(ApplicationError):
    """Answers a section needs before it can be marked as completed, by field."""

    def __init__(self, messages: dict[str, str]):
        super().__init__("; ".join(messages.values()))
        self.messages = messages


class CourseNotAvailable(ApplicationError):
    def __init__(self):
        super().__init__("This course is not available to choose. It may have been withdrawn by the provider")


class DuplicateChoice(ApplicationError):
    def __init__(self, course: Course):
        super().__init__(f"{course_name(course)} is already one of your choices. You cannot choose a course twice")


class TooManyChoices(ApplicationError):
    def __init__(self, limit: int, sent: bool):
        then = "withdraw a choice that has no decision yet" if sent else "remove one of your choices"
        super().__init__(f"You can make up to {limit} choices. To choose this course, {then} first")


class ChoiceCannotChange(ApplicationError):
    """The choice has been sent, so it can only be withdrawn, not removed or moved."""


class NotReadyToSend(ApplicationError):
    """What stops the application being sent, keyed by the part of the check page each problem is about."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(". ".join(problems.values()))
        self.problems = problems


def course_name(course: Course) -> str:
    return f"{course.title} at {course.provider.name}"


def word_count(text: str | None) -> int:
    """Words as the GOV.UK character count component counts them: runs of non-space characters."""
    return len((text or "").split())


# Entry years and reading


def current_entry_year(today: date) -> EntryYear | None:
    """The entry year whose applications are open today; else the one in progress or coming next."""
    years = db.session.scalars(
        select(EntryYear).where(EntryYear.guarantee_deadline >= today).order_by(EntryYear.applications_open)
    ).all()
    open_now = [year for year in years if rules.applications_open(year, today)]
    return (open_now or years or [None])[0]


def closed_message(entry_year: EntryYear, today: date) -> str:
    if today < entry_year.applications_open:
        opens = format_date(entry_year.applications_open)
        return f"Applications for courses starting in {entry_year.label} open on {opens}"
    return (
        f"The deadline for applications for courses starting in {entry_year.label} was "
        f"{format_date(entry_year.main_deadline)}"
    )


def application_for(learner_id: int, entry_year: EntryYear | None) -> Application | None:
    if entry_year is None:
        return None
    return db.session.scalar(
        select(Application)
        .options(selectinload(Application.choices).selectinload(Choice.course).selectinload(Course.provider))
        .where(Application.learner_id == learner_id, Application.entry_year_id == entry_year.id)
    )


def choice_for_learner(learner_id: int, choice_id: int) -> Choice | None:
    """The learner's own choice, or None: another learner's choice is as good as missing."""
    return db.session.scalar(
        select(Choice).join(Application).where(Choice.id == choice_id, Application.learner_id == learner_id)
    )


def qualification_for_learner(learner_id: int, qualification_id: int) -> Qualification | None:
    return db.session.scalar(
        select(Qualification)
        .join(Application)
        .where(Qualification.id == qualification_id, Application.learner_id == learner_id)
    )


def why_no_more_choices(application: Application | None, entry_year: EntryYear, today: date) -> str | None:
    """Why the learner cannot add a choice now, or None if they can."""
    if not rules.applications_open(entry_year, today):
        return closed_message(entry_year, today)
    if application is not None and rules.choices_left(application) == 0:
        return f"You have {entry_year.max_choices} choices, the most you can make"
    return None


# The task list


def section_status(application: Application | None, section: str, entry_year: EntryYear, today: date) -> str:
    if application is not None and section in application.completed_sections:
        return COMPLETED
    if application is not None and _has_answers(application, section):
        return IN_PROGRESS
    if section == CHOICES and not rules.applications_open(entry_year, today):
        return CANNOT_START
    return NOT_STARTED


def _has_answers(application: Application, section: str) -> bool:
    if section == CHOICES:
        return bool(application.choices)
    if section == SCHOOL_AND_GRADES and application.qualifications:
        return True
    return any(getattr(application, field) is not None for field in SECTION_FIELDS[section])


def incomplete_sections(application: Application | None) -> list[str]:
    done = application.completed_sections if application else []
    return [section for section in SECTIONS if section not in done]


def problems_before_sending(application: Application | None, today: date) -> dict[str, str]:
    """What stops the application being sent, by the part of the page it is about, in words the learner can act on."""
    if application is None:
        return {section: f"Complete the section ‘{label}’" for section, label in SECTIONS.items()}
    problems = {}
    if not rules.applications_open(application.entry_year, today):
        problems["deadline"] = closed_message(application.entry_year, today)
    for section in incomplete_sections(application):
        problems[section] = f"Complete the section ‘{SECTIONS[section]}’"
    if not application.choices:
        problems[CHOICES] = "Choose at least one course"
    for choice in application.choices:
        if choice.status == states.DRAFT and choice.course.status != PUBLISHED:
            problems[f"choice-{choice.id}"] = f"{course_name(choice.course)} is no longer available. Remove it"
    return problems


# Saving sections


def save_section(user: User, entry_year: EntryYear, section: str, answers: dict, completed: bool) -> Application:
    """Save a section's answers, and whether the learner says it is complete."""
    unknown = set(answers) - set(SECTION_FIELDS[section])
    if unknown:
        raise ValueError(f"{section} does not save {sorted(unknown)}")
    application = _draft_for_update(user, entry_year)
    for field, value in answers.items():
        setattr(application, field, value or None)
    _mark(application, section, completed)
    db.session.commit()
    return application


def mark_section(user: User, entry_year: EntryYear, section: str, completed: bool) -> Application:
    """Answer "Have you completed this section?" for a section whose answers are saved one at a time."""
    application = _draft_for_update(user, entry_year)
    _mark(application, section, completed)
    db.session.commit()
    return application


def _mark(application: Application, section: str, completed: bool) -> None:
    if completed:
        _check_complete(application, section)
    done = [name for name in application.completed_sections if name != section]
    application.completed_sections = [*done, section] if completed else done


def missing_answers(section: str, answers: dict) -> dict[str, str]:
    """What a section still needs before it can be marked as completed, by field."""
    return {field: message for field, message in SECTION_FIELDS[section].items() if message and not answers.get(field)}


def _check_complete(application: Application, section: str) -> None:
    messages = missing_answers(section, {field: getattr(application, field) for field in SECTION_FIELDS[section]})
    if section == PERSONAL_STATEMENT and word_count(application.personal_statement) > WORD_LIMIT:
        messages["personal_statement"] = f"Personal statement must be {WORD_LIMIT} words or fewer"
    if section == CHOICES and not application.choices:
        messages["completed"] = "Choose at least one course before you mark this section as completed"
    if messages:
        db.session.rollback()
        raise SectionIncomplete(messages)


def add_qualification(user: User, entry_year: EntryYear, kind: str, subject: str, grade: str, predicted: bool):
    application = _draft_for_update(user, entry_year)
    application.qualifications.append(Qualification(kind=kind, subject=subject, grade=grade, predicted=predicted))
    _mark(application, SCHOOL_AND_GRADES, completed=False)
    db.session.commit()


def remove_qualification(user: User, qualification: Qualification) -> None:
    application = _draft_for_update(user, qualification.application.entry_year)
    db.session.delete(qualification)
    _mark(application, SCHOOL_AND_GRADES, completed=False)
    db.session.commit()


def _draft_for_update(user: User, entry_year: EntryYear) -> Application:
    application = _application_for_update(user, entry_year)
    if application.status == APPLICATION_SUBMITTED:
        db.session.rollback()
        raise AlreadySent()
    return application


def _application_for_update(user: User, entry_year: EntryYear) -> Application:
    """The learner's application for the year, locked against a second tab; started here if it is new."""
    application = _locked_application(user.learner_id, entry_year.id)
    if application is not None:
        return application
    try:
        with db.session.begin_nested():
            application = Application(learner_id=user.learner_id, entry_year_id=entry_year.id, completed_sections=[])
            db.session.add(application)
    except IntegrityError:  # another tab started it a moment ago
        return _locked_application(user.learner_id, entry_year.id)
    audit.record("application-started", subject=application, actor=user)
    return application


def _locked_application(learner_id: int, entry_year_id: int) -> Application | None:
    return db.session.scalar(
        select(Application)
        .where(Application.learner_id == learner_id, Application.entry_year_id == entry_year_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


# Choices


@dataclass(frozen=True)
class AddedChoice:
    choice: Choice
    sent: bool  # True when the application had already been sent, so the new choice went straight to the provider


def add_choice(user: User, course_id: int, today: date) -> AddedChoice:
    """Add a course as the learner's lowest-ranked choice; after the application is sent, send it at once."""
    course = db.session.get(Course, course_id)
    if course is None or course.status != PUBLISHED:
        raise CourseNotAvailable()
    entry_year = _year_open_for(course, today)
    application = _application_for_update(user, entry_year)
    _check_can_add(application, course)
    choice = Choice(application=application, course=course, rank=_next_rank(application), status=states.DRAFT)
    db.session.add(choice)
    if application.status != APPLICATION_SUBMITTED:
        _mark(application, CHOICES, completed=False)
    audit.record("application-choice-added", subject=application, actor=user, course_id=course.id)
    _commit_or_duplicate(course)
    sent = application.status == APPLICATION_SUBMITTED and choice_service.submit_application(application.id, user)
    return AddedChoice(choice, bool(sent))


def _year_open_for(course: Course, today: date) -> EntryYear:
    entry_year = course.entry_year
    if not rules.applications_open(entry_year, today):
        raise ApplicationsClosed(closed_message(entry_year, today))
    current = current_entry_year(today)
    if current is not None and current.id != entry_year.id:
        raise ApplicationsClosed(f"You can only choose courses starting in {current.label}")
    return entry_year


def _check_can_add(application: Application, course: Course) -> None:
    if any(choice.course_id == course.id for choice in application.choices):
        db.session.rollback()
        raise DuplicateChoice(course)
    if rules.choices_left(application) == 0:
        db.session.rollback()
        raise TooManyChoices(application.entry_year.max_choices, sent=application.status == APPLICATION_SUBMITTED)


def _next_rank(application: Application) -> int:
    return max((choice.rank for choice in application.choices), default=0) + 1


def _commit_or_duplicate(course: Course) -> None:
    try:
        db.session.commit()
    except IntegrityError:  # the same course added from two tabs at once
        db.session.rollback()
        raise DuplicateChoice(course) from None


def move_choice(user: User, choice: Choice, direction: str) -> None:
    """Swap a choice with its neighbour in the learner's order of preference."""
    application = _draft_for_update(user, choice.application.entry_year)
    ordered = sorted(application.choices, key=lambda each: each.rank)
    index = ordered.index(choice)
    other = index - 1 if direction == UP else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        _renumber(ordered)
    db.session.commit()


def remove_choice(user: User, choice: Choice) -> None:
    """Take a choice that has not been sent off the application."""
    if choice.status != states.DRAFT:
        raise ChoiceCannotChange("This choice has been sent to the provider. You can withdraw it instead")
    application = _application_for_update(user, choice.application.entry_year)
    remaining = [each for each in sorted(application.choices, key=lambda each: each.rank) if each is not choice]
    db.session.delete(choice)
    db.session.flush()
    _renumber(remaining)
    if application.status != APPLICATION_SUBMITTED:
        _mark(application, CHOICES, completed=False)
    audit.record("application-choice-removed", subject=application, actor=user, course_id=choice.course_id)
    db.session.commit()


def _renumber(ordered: list[Choice]) -> None:
    for rank, choice in enumerate(ordered, start=1):
        if choice.rank != rank:
            choice.rank = rank


# Sending


def send_application(user: User, application: Application, declaration: bool, today: date) -> bool:
    """Check, record the declaration, then send every draft choice; True if any was sent. Safe to repeat."""
    if application.status == APPLICATION_SUBMITTED and not any(c.status == states.DRAFT for c in application.choices):
        return False
    problems = problems_before_sending(application, today)
    if application.declaration_agreed_at is None and not declaration:
        problems["declaration"] = DECLARATION_MISSING
    if problems:
        raise NotReadyToSend(problems)
    application.declaration_agreed_at = application.declaration_agreed_at or utcnow()
    sent = choice_service.submit_application(application.id, user)
    db.session.commit()
    return sent


@dataclass(frozen=True)
class Consequences:
    """What accepting an offer will do to the learner's other choices."""

    declined: list[Choice]
    withdrawn: list[Choice]


def consequences_of_accepting(choice: Choice) -> Consequences:
    others = [each for each in choice.application.choices if each.id != choice.id]
    return Consequences(
        declined=[each for each in others if each.status in states.OFFERED_GROUP],
        withdrawn=[each for each in others if each.status in states.PENDING_DECISION],
    )
