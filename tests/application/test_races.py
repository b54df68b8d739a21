"""Race safety, proved with real concurrent connections on PostgreSQL.

Each contender runs in its own thread with its own app context, so its own session and database connection. A
barrier starts them together, and every flush pauses a moment, so that each transaction is still open, holding
what it read, when the other one arrives.
"""

import threading
import time
from datetime import timedelta
from functools import partial

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from application import rules, states
from application.models import Choice, ChoiceEvent
from application.services import choices as service
from core.extensions import db
from core.models import QueuedMail, User
from core.timeutil import utcnow
from tests.conftest import DATABASE_URL
from tests.factories import (
    ApplicationFactory,
    ChoiceFactory,
    CourseFactory,
    EntryYearFactory,
    LearnerUserFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.skipif(
    DATABASE_URL.startswith("sqlite"),
    reason="SQLite has one writer at a time and no SELECT ... FOR UPDATE: races are proved on PostgreSQL "
    "(set TEST_DATABASE_URL)",
)

ROUNDS = 3
DOMAIN_ERRORS = (service.StaleChoice, service.ChoiceRuleBroken, states.TransitionNotAllowed)


@pytest.fixture
def slow_flush():
    """Hold each transaction open a little longer once it starts writing."""

    def pause(session, flush_context, instances):
        time.sleep(0.2)

    yield lambda: event.listen(Session, "before_flush", pause)
    if event.contains(Session, "before_flush", pause):
        event.remove(Session, "before_flush", pause)


def race(app, *contenders):
    """Run each contender in its own thread and connection, all at once. Returns [("ok", value) | ("error", e)]."""
    start = threading.Barrier(len(contenders))
    outcomes = [None] * len(contenders)

    def run(index, contender):
        with app.app_context():
            try:
                start.wait(timeout=10)
                outcomes[index] = ("ok", contender())
            except Exception as error:  # the loser's error is the point of the test
                outcomes[index] = ("error", error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(outcome is not None for outcome in outcomes), "a contender did not finish"
    return outcomes


def _as(user_id: int, action, choice_or_application_id: int, *args):
    """A contender: `action` done by the user, loaded in the contender's own session. Returns a status or a flag."""
    return partial(_act, user_id, action, choice_or_application_id, args)


def _act(user_id, action, target_id, args):
    result = action(target_id, db.session.get(User, user_id), *args)
    return result.status if isinstance(result, Choice) else result


def _winners(outcomes) -> list:
    return [value for kind, value in outcomes if kind == "ok"]


def _losers(outcomes) -> list:
    return [value for kind, value in outcomes if kind == "error"]


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_two_tabs_accepting_two_offers_leave_exactly_one_accepted(app, slow_flush):
    rounds = []
    for _ in range(ROUNDS):
        learner_user = LearnerUserFactory()
        application = ApplicationFactory(learner=learner_user.learner, submitted=True)
        offers = [ChoiceFactory(application=application, offered=True) for _ in range(2)]
        rounds.append((learner_user.id, [offer.id for offer in offers]))
    slow_flush()

    for user_id, (first, second) in rounds:
        outcomes = race(app, _as(user_id, service.accept_offer, first), _as(user_id, service.accept_offer, second))
        assert _winners(outcomes) == ["accepted"]
        [loser] = _losers(outcomes)
        assert isinstance(loser, service.ChoiceRuleBroken) and "already accepted" in str(loser)

        db.session.expire_all()
        statuses = sorted(db.session.scalars(select(Choice.status).where(Choice.id.in_([first, second]))))
        assert statuses == ["accepted", "declined"]
        assert _count(ChoiceEvent, ChoiceEvent.choice_id.in_([first, second])) == 2


@pytest.mark.parametrize(
    ("other_decision", "details"),
    [
        (service.reject_choice, ("course-full", None)),
        (service.invite_to_interview, (utcnow() + timedelta(days=3), "Room 4", False)),
    ],
    ids=["offer-or-reject", "offer-or-invite"],
)
def test_two_staff_deciding_the_same_choice_at_once_leave_exactly_one_decision(
    app, slow_flush, other_decision, details
):
    rounds = []
    for _ in range(ROUNDS):
        choice = ChoiceFactory()
        staff = [UserFactory(provider_staff=True, provider=choice.course.provider) for _ in range(2)]
        rounds.append((choice.id, choice.version, [user.id for user in staff]))
    slow_flush()

    for number, (choice_id, version, (alice, bob)) in enumerate(rounds, start=1):
        outcomes = race(
            app,
            _as(alice, service.make_offer, choice_id, version, ["Grade 6 in biology"]),
            _as(bob, other_decision, choice_id, version, *details),
        )
        [winner] = _winners(outcomes)
        [loser] = _losers(outcomes)
        assert isinstance(loser, service.StaleChoice), repr(loser)

        db.session.expire_all()
        choice = db.session.get(Choice, choice_id)
        assert choice.status == winner
        assert choice.version == version + 1
        assert [entry.to_status for entry in choice.history] == [winner]
        assert _count(QueuedMail) == number, "one mail to the learner per decision"


def test_a_provider_deciding_while_the_learner_withdraws_leaves_one_change(app, slow_flush):
    rounds = []
    for _ in range(ROUNDS):
        choice = ChoiceFactory()
        learner_user = LearnerUserFactory(learner=choice.application.learner)
        staff = UserFactory(provider_staff=True, provider=choice.course.provider)
        rounds.append((choice.id, choice.version, staff.id, learner_user.id))
    slow_flush()

    for choice_id, version, staff_id, learner_id in rounds:
        outcomes = race(
            app,
            _as(staff_id, service.make_offer, choice_id, version, []),
            _as(learner_id, service.withdraw_choice, choice_id),
        )
        [winner] = _winners(outcomes)
        [loser] = _losers(outcomes)
        assert isinstance(loser, DOMAIN_ERRORS), repr(loser)
        db.session.expire_all()
        choice = db.session.get(Choice, choice_id)
        assert choice.status == winner and len(choice.history) == 1


def test_two_submits_at_once_make_exactly_one_submission(app, slow_flush):
    today = rules.uk_today()
    year = EntryYearFactory(
        year=today.year + 1, applications_open=today - timedelta(days=10), main_deadline=today + timedelta(days=10)
    )
    provider = ProviderFactory(email="admissions@riverside.example")
    rounds = []
    for _ in range(ROUNDS):
        learner_user = LearnerUserFactory()
        application = ApplicationFactory(learner=learner_user.learner, entry_year=year, declaration_agreed_at=utcnow())
        for rank in (1, 2, 3):
            course = CourseFactory(entry_year=year, provider=provider)
            ChoiceFactory(application=application, course=course, rank=rank, draft=True)
        rounds.append((application.id, learner_user.id))
    slow_flush()

    for application_id, user_id in rounds:
        outcomes = race(
            app,
            _as(user_id, service.submit_application, application_id),
            _as(user_id, service.submit_application, application_id),
        )
        assert sorted(_winners(outcomes)) == [False, True], outcomes

        db.session.expire_all()
        where = Choice.application_id == application_id
        assert db.session.scalars(select(Choice.status).where(where)).all() == ["submitted"] * 3
        assert _count(ChoiceEvent, ChoiceEvent.choice_id.in_(select(Choice.id).where(where))) == 3
    assert _count(QueuedMail) == 2 * ROUNDS, "one mail to each learner and one to the provider, per submission"
