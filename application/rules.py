"""Rules about dates and completeness, as pure functions: they take `today` (and the records) as arguments.

Working days leave out weekends and the bank holidays of England and Wales. The list runs to 2028; extend it when
gov.uk publishes later years (https://www.gov.uk/bank-holidays).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from application import states

UK = ZoneInfo("Europe/London")

# One line a year, as gov.uk lists them.
# fmt: off
BANK_HOLIDAYS = frozenset(
    date.fromisoformat(day)
    for day in [
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
        "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26",
    ]
)
# fmt: on

# A learner is reminded about an offer they have not replied to after this many working days.
OFFER_REPLY_WORKING_DAYS = 10

# What an application needs before it can be sent, in task-list order: (key, what the learner reads).
REQUIRED_SECTIONS = {
    "personal-details": "Personal details",
    "education": "School and grades",
    "personal-statement": "Personal statement",
    "choices": "Choices",
    "declaration": "Declaration",
}


def uk_date(moment: datetime) -> date:
    """The calendar date in England of a stored (naive UTC) time."""
    return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(UK).date()


def uk_today() -> date:
    return datetime.now(UK).date()


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def working_days_after(start: date, days: int) -> date:
    """The date `days` working days after `start` (which does not count): Friday + 1 is Monday."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        days -= is_working_day(day)
    return day


def decision_due(submitted_at: datetime, response_working_days: int) -> date:
    """The last day a provider has to decide on a choice sent at `submitted_at`."""
    return working_days_after(uk_date(submitted_at), response_working_days)


def is_overdue(choice, today: date, response_working_days: int) -> bool:
    """Still waiting for the provider's decision after the council's response time."""
    return (
        choice.status in states.PENDING_DECISION
        and choice.submitted_at is not None
        and today > decision_due(choice.submitted_at, response_working_days)
    )


def reply_due(offered_at: datetime) -> date:
    return working_days_after(uk_date(offered_at), OFFER_REPLY_WORKING_DAYS)


def is_awaiting_reply_too_long(choice, today: date) -> bool:
    """An offer the learner has not answered within OFFER_REPLY_WORKING_DAYS working days."""
    return choice.status == states.OFFERED and choice.offered_at is not None and today > reply_due(choice.offered_at)


def applications_open(entry_year, today: date) -> bool:
    return entry_year.applications_open <= today <= entry_year.main_deadline


def counts_towards_limit(status: str) -> bool:
    """Choices that ended (unsuccessful, withdrawn, declined...) free their place, so the learner can apply again."""
    return status not in states.ENDED


def choices_left(application) -> int:
    """How many more choices the learner may add, within the entry year's maximum."""
    used = sum(counts_towards_limit(choice.status) for choice in application.choices)
    return max(application.entry_year.max_choices - used, 0)


def missing_sections(application) -> list[str]:
    """The labels of the sections still to complete before the application can be sent (empty when ready)."""
    done = {
        "personal-details": bool(application.address and application.postcode),
        "education": bool(application.current_school),
        "personal-statement": bool((application.personal_statement or "").strip()),
        "choices": bool(application.choices),
        "declaration": application.declaration_agreed_at is not None,
    }
    return [label for key, label in REQUIRED_SECTIONS.items() if not done[key]]
