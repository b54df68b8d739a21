"""The pure rules: working days, due dates, overdue decisions and replies, and what an application needs."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from application import rules, states


def _easter_sunday(year: int) -> date:
    """The Anonymous Gregorian algorithm, to check the bank holiday list independently."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    la = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * la) // 451
    month, day = divmod(h + la - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _mondays(year: int, month: int) -> list[date]:
    days = [date(year, month, 1) + timedelta(days=n) for n in range(31)]
    return [day for day in days if day.month == month and day.weekday() == 0]


def _substitute(day: date, taken: set[date]) -> date:
    while day.weekday() >= 5 or day in taken:
        day += timedelta(days=1)
    return day


def _bank_holidays(year: int) -> set[date]:
    """England and Wales: New Year, Easter, the May, spring and summer Mondays, Christmas and Boxing Day."""
    easter = _easter_sunday(year)
    days = {
        _substitute(date(year, 1, 1), set()),
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _mondays(year, 5)[0],
        _mondays(year, 5)[-1],
        _mondays(year, 8)[-1],
    }
    christmas = _substitute(date(year, 12, 25), set())
    days |= {christmas, _substitute(date(year, 12, 26), {christmas})}
    return days


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_bank_holidays_match_the_rules_for_england_and_wales(year):
    listed = {day for day in rules.BANK_HOLIDAYS if day.year == year}
    assert listed == _bank_holidays(year)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 23), 1, date(2026, 11, 24)),  # Monday to Tuesday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday to Monday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday to Monday
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # a working week
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas Day, weekend and the Boxing Day substitute
        (date(2027, 3, 25), 1, date(2027, 3, 30)),  # Good Friday, weekend and Easter Monday
        (date(2027, 12, 24), 1, date(2027, 12, 29)),  # both Christmas substitutes
        (date(2027, 12, 31), 1, date(2028, 1, 4)),  # New Year substitute on Monday 3 January 2028
        (date(2027, 2, 1), 20, date(2027, 3, 1)),  # four weeks without holidays
    ],
)
def test_working_days_after_skips_weekends_and_bank_holidays(start, days, expected):
    assert rules.working_days_after(start, days) == expected


def test_decision_due_counts_from_the_day_the_choice_was_sent_in_england():
    # 23:30 UTC on Sunday 31 May 2026 is 00:30 on Monday 1 June in England (summer time).
    late_sunday = datetime(2026, 5, 31, 23, 30)
    assert rules.uk_date(late_sunday) == date(2026, 6, 1)
    assert rules.decision_due(late_sunday, 1) == date(2026, 6, 2)
    assert rules.decision_due(datetime(2026, 11, 27, 9, 0), 20) == date(2026, 12, 29)


def _choice(status, submitted_at=None, offered_at=None):
    return SimpleNamespace(status=status, submitted_at=submitted_at, offered_at=offered_at)


@pytest.mark.parametrize("status", sorted(states.STATUSES))
def test_only_choices_waiting_for_a_decision_can_be_overdue(status):
    choice = _choice(status, submitted_at=datetime(2027, 1, 4, 10))
    due = rules.decision_due(choice.submitted_at, 20)
    assert due == date(2027, 2, 1)
    assert not rules.is_overdue(choice, due, 20)
    assert rules.is_overdue(choice, due + timedelta(days=1), 20) == (status in states.PENDING_DECISION)


def test_an_offer_awaits_a_reply_too_long_after_ten_working_days():
    offer = _choice(states.OFFERED, offered_at=datetime(2027, 1, 4, 10))
    assert rules.reply_due(offer.offered_at) == date(2027, 1, 18)
    assert not rules.is_awaiting_reply_too_long(offer, date(2027, 1, 18))
    assert rules.is_awaiting_reply_too_long(offer, date(2027, 1, 19))
    accepted = _choice(states.ACCEPTED, offered_at=offer.offered_at)
    assert not rules.is_awaiting_reply_too_long(accepted, date(2027, 6, 1))


def test_applications_are_open_from_the_opening_day_to_the_deadline_inclusive():
    year = SimpleNamespace(applications_open=date(2026, 10, 1), main_deadline=date(2027, 2, 26))
    assert not rules.applications_open(year, date(2026, 9, 30))
    assert rules.applications_open(year, date(2026, 10, 1))
    assert rules.applications_open(year, date(2027, 2, 26))
    assert not rules.applications_open(year, date(2027, 2, 27))


def _application(**changes):
    values = {
        "address": "12 Orchard Way, Banbury",
        "postcode": "OX16 9HY",
        "current_school": "Wykham Park",
        "personal_statement": "I enjoy science.",
        "choices": [_choice(states.DRAFT)],
        "declaration_agreed_at": datetime(2027, 1, 4),
        "entry_year": SimpleNamespace(max_choices=3),
    }
    values.update(changes)
    return SimpleNamespace(**values)


def test_a_complete_application_misses_nothing():
    assert rules.missing_sections(_application()) == []


def test_missing_sections_are_named_in_task_list_order():
    application = _application(postcode=None, personal_statement="   ", choices=[], declaration_agreed_at=None)
    assert rules.missing_sections(application) == ["Personal details", "Personal statement", "Choices", "Declaration"]
    assert rules.missing_sections(_application(current_school="")) == ["School and grades"]


def test_ended_choices_free_their_place_within_the_limit():
    statuses = [states.SUBMITTED, states.REJECTED, states.WITHDRAWN, states.OFFERED]
    application = _application(choices=[_choice(status) for status in statuses])
    assert rules.choices_left(application) == 1
    full = _application(choices=[_choice(states.DRAFT)] * 4)
    assert rules.choices_left(full) == 0
