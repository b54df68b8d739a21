"""The state table, tested exhaustively, and `move`, the only writer of a choice's status."""

import ast
import re
from datetime import timedelta
from itertools import product
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from application import states
from application.models import Choice, ChoiceEvent
from application.services.choices import move
from core.extensions import db
from core.models import AuditEvent
from core.timeutil import utcnow
from tests.factories import ChoiceFactory, LearnerUserFactory, UserFactory

# Written out from DOMAIN.md ("A choice's life"), not derived from the module under test.
EXPECTED = {
    ("draft", "submit"): "submitted",
    ("submitted", "invite"): "interview",
    ("interview", "invite"): "interview",
    ("submitted", "offer"): "offered",
    ("interview", "offer"): "offered",
    ("submitted", "reject"): "rejected",
    ("interview", "reject"): "rejected",
    ("submitted", "withdraw"): "withdrawn",
    ("interview", "withdraw"): "withdrawn",
    ("offered", "accept"): "accepted",
    ("offered", "decline"): "declined",
    ("offered", "withdraw-offer"): "offer-withdrawn",
    ("accepted", "withdraw-offer"): "offer-withdrawn",
    ("accepted", "meet-conditions"): "conditions-met",
    ("accepted", "fail-conditions"): "conditions-not-met",
    ("accepted", "enrol"): "enrolled",
    ("conditions-met", "enrol"): "enrolled",
}
ACTORS = {
    "submit": "learner",
    "withdraw": "learner",
    "accept": "learner",
    "decline": "learner",
    "invite": "provider",
    "offer": "provider",
    "reject": "provider",
    "withdraw-offer": "provider",
    "meet-conditions": "provider",
    "fail-conditions": "provider",
    "enrol": "provider",
}
STATUS_NAMES = {
    "draft",
    "submitted",
    "interview",
    "offered",
    "rejected",
    "withdrawn",
    "accepted",
    "declined",
    "offer-withdrawn",
    "conditions-met",
    "conditions-not-met",
    "enrolled",
}


def test_the_statuses_and_events_are_the_ones_in_the_domain():
    assert set(states.STATUSES) == STATUS_NAMES
    assert {name: event.actor for name, event in states.EVENTS.items()} == ACTORS
    assert all(label.strip() for label in states.STATUSES.values())
    assert all(event.label.strip() for event in states.EVENTS.values())


@pytest.mark.parametrize(("status", "event"), list(product(sorted(STATUS_NAMES), sorted(ACTORS))))
def test_every_status_against_every_event(status, event):
    if (status, event) in EXPECTED:
        assert states.transition(status, event) == EXPECTED[(status, event)]
    else:
        with pytest.raises(states.TransitionNotAllowed) as error:
            states.transition(status, event)
        assert states.STATUSES[status] in str(error.value)


@pytest.mark.parametrize(("status", "event"), [("nonsense", "offer"), ("submitted", "nonsense"), (None, "submit")])
def test_unknown_statuses_and_events_are_refused(status, event):
    with pytest.raises(states.TransitionNotAllowed):
        states.transition(status, event)


@pytest.mark.parametrize(("status", "actor"), list(product(sorted(STATUS_NAMES), ["learner", "provider", "system"])))
def test_allowed_events_are_the_table_seen_by_one_actor(status, actor):
    expected = {event for (start, event) in EXPECTED if start == status and ACTORS[event] == actor}
    assert set(states.allowed_events(status, actor)) == expected


def test_each_sent_status_is_in_exactly_one_group():
    groups = {
        "pending": states.PENDING_DECISION,
        "offered": states.OFFERED_GROUP,
        "holding": states.HOLDING_PLACE,
        "ended": states.ENDED,
    }
    for status in STATUS_NAMES - {"draft"}:
        assert [name for name, group in groups.items() if status in group] != [], status
        assert len([name for name, group in groups.items() if status in group]) == 1, status
    assert not any("draft" in group for group in groups.values())
    assert {"submitted", "interview"} == states.PENDING_DECISION
    assert {"offered"} == states.OFFERED_GROUP
    assert {"accepted", "conditions-met", "enrolled"} == states.HOLDING_PLACE


def test_ended_statuses_are_final_and_every_status_can_be_reached():
    leaving = {start for start, _ in EXPECTED}
    assert STATUS_NAMES - leaving - {"enrolled"} == states.ENDED
    reached, frontier = {"draft"}, ["draft"]
    while frontier:
        status = frontier.pop()
        for (start, _), end in EXPECTED.items():
            if start == status and end not in reached:
                reached.add(end)
                frontier.append(end)
    assert reached == STATUS_NAMES


def test_offer_made_counts_every_status_that_had_an_offer():
    assert {"offered", "accepted", "declined", "conditions-met", "conditions-not-met", "enrolled"} == states.OFFER_MADE


def test_each_status_has_its_own_timestamp_column():
    columns = {column.name for column in Choice.__table__.columns}
    assert set(states.TIMESTAMP_FOR) == STATUS_NAMES - {"draft"}
    for status, column in states.TIMESTAMP_FOR.items():
        assert column == f"{status.replace('-', '_')}_at"
        assert column in columns


def _check_values(table: str, name: str) -> set[str]:
    """The quoted values of a named CHECK constraint, as the database reports it (SQLite and PostgreSQL)."""
    for check in inspect(db.engine).get_check_constraints(table):
        if check["name"] == f"ck_{table}_{name}":
            return set(re.findall(r"'([^']*)'", check["sqltext"]))
    raise AssertionError(f"no CHECK {name} on {table}")


def test_the_database_accepts_exactly_the_declared_statuses_and_events():
    assert _check_values("choices", "status_known") == set(states.STATUSES)
    assert _check_values("choice_events", "to_status_known") == set(states.STATUSES)
    assert _check_values("choice_events", "event_known") == set(states.EVENTS)


# move(): the only writer of Choice.status


def _actor_for(event: str, choice: Choice):
    if ACTORS[event] == "learner":
        return LearnerUserFactory(learner=choice.application.learner)
    return UserFactory(provider_staff=True, provider=choice.course.provider)


def _choice_in(status: str) -> Choice:
    if status == "draft":
        return ChoiceFactory(draft=True)
    return ChoiceFactory(status=status)


@pytest.mark.parametrize(("status", "event"), sorted(EXPECTED))
def test_move_records_the_time_the_actor_the_history_and_an_audit_event(status, event):
    choice = _choice_in(status)
    actor = _actor_for(event, choice)
    before = utcnow()
    move(choice, event, actor, note="checked")
    db.session.commit()

    after = EXPECTED[(status, event)]
    assert choice.status == after
    assert before <= getattr(choice, states.TIMESTAMP_FOR[after]) <= utcnow()
    history = db.session.scalars(select(ChoiceEvent).where(ChoiceEvent.choice_id == choice.id)).one()
    assert (history.event, history.from_status, history.to_status) == (event, status, after)
    assert history.actor_id == actor.id
    assert history.detail == {"note": "checked"}
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.subject_type == "choices")).one()
    assert audit.event == f"choice-{after}"
    assert (audit.subject_id, audit.actor_id) == (choice.id, actor.id)
    assert audit.detail["transition"] == event and audit.detail["from_status"] == status


@pytest.mark.parametrize(
    ("status", "event"), [(s, e) for s, e in product(STATUS_NAMES, ACTORS) if (s, e) not in EXPECTED]
)
def test_move_refuses_what_the_table_does_not_allow_and_changes_nothing(status, event):
    choice = _choice_in(status)
    with pytest.raises(states.TransitionNotAllowed):
        move(choice, event, None)
    assert choice.status == status
    assert not db.session.new
    db.session.rollback()
    assert db.session.scalar(select(ChoiceEvent.id)) is None


def test_move_keeps_times_and_datetimes_as_json():
    choice = ChoiceFactory()
    starts = utcnow() + timedelta(days=3)
    move(choice, "invite", None, starts_at=starts)
    db.session.commit()
    assert choice.history[0].detail == {"starts_at": starts.isoformat()}


# Architecture: nothing but move() writes Choice.status

ROOT = Path(__file__).resolve().parents[2]
MOVE_MODULE = ROOT / "application" / "services" / "choices.py"
SKIPPED_DIRS = {".venv", "node_modules", "tests", "migrations", ".git", "instance"}
SHARED_STATUS_WORDS = {"draft", "submitted", "withdrawn"}  # also course or application statuses


def _mentions_choice_states(node: ast.AST, state_names: set[str]) -> bool:
    for part in ast.walk(node):
        if isinstance(part, ast.Attribute) and isinstance(part.value, ast.Name) and part.value.id == "states":
            return True
        if isinstance(part, ast.Name) and part.id in state_names:
            return True
        if isinstance(part, ast.Constant) and part.value in set(states.STATUSES) - SHARED_STATUS_WORDS:
            return True
    return False


def _names_from_states(tree: ast.AST) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "application.states"
        for alias in node.names
    }


def _targets(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Assign):
        found = list(node.targets)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        found = [node.target]
    else:
        return []
    flat = []
    while found:
        target = found.pop()
        found.extend(target.elts) if isinstance(target, ast.Tuple | ast.List) else flat.append(target)
    return flat


def _writes_choice_status(node: ast.AST, state_names: set[str]) -> bool:
    for target in _targets(node):
        if not (isinstance(target, ast.Attribute) and target.attr == "status"):
            continue
        if "choice" in ast.unparse(target.value).lower() or _mentions_choice_states(node.value, state_names):
            return True
    if isinstance(node, ast.Call):
        text = ast.unparse(node)
        if text.startswith("setattr(") and "'status'" in text and "choice" in text.lower():
            return True
        if re.match(r"(\w+\.)*Choice\(", text):
            return any(
                k.arg == "status" and ast.unparse(k.value) not in {"states.DRAFT", "DRAFT"} for k in node.keywords
            )
        if isinstance(node.func, ast.Attribute) and node.func.attr == "values" and "Choice" in text:
            return "status" in text
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"update\s+choices\s+set\b[^;]*\bstatus\b", node.value, re.I | re.S))
    return False


def status_writes(source: str) -> list[int]:
    """The lines of `source` that write a choice's status."""
    tree = ast.parse(source)
    names = _names_from_states(tree)
    return sorted({node.lineno for node in ast.walk(tree) if _writes_choice_status(node, names)})


def _python_files():
    for path in ROOT.rglob("*.py"):
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


@pytest.mark.parametrize(
    "source",
    [
        "choice.status = 'offered'",
        "self.choice.status = new_status",
        "c.status = states.ACCEPTED",
        "from application.states import ENROLLED\nrow.status = ENROLLED",
        "first_choice.status, x = 'declined', 1",
        "setattr(choice, 'status', value)",
        "Choice(application=a, course=c, rank=1, status=states.OFFERED)",
        "db.session.execute(update(Choice).where(Choice.id == 1).values(status='offered'))",
        "db.session.execute(text('UPDATE choices SET status = :s WHERE id = :id'))",
    ],
)
def test_the_status_guard_finds_writes_to_a_choice_status(source):
    assert status_writes(source) == [1] or status_writes(source) == [2]


@pytest.mark.parametrize(
    "source",
    [
        "course.status = status",
        "message.status = SENT",
        "application.status = APPLICATION_SUBMITTED",
        "condition.status = 'met' if met else 'not-met'",
        "Choice(application=a, course=c, rank=1, status=states.DRAFT)",
        "if choice.status == states.OFFERED: pass",
    ],
)
def test_the_status_guard_leaves_other_statuses_alone(source):
    assert status_writes(source) == []


def test_only_move_writes_a_choice_status():
    offenders = []
    for path in _python_files():
        if path != MOVE_MODULE:
            offenders += [f"{path.relative_to(ROOT)}:{line}" for line in status_writes(path.read_text())]
    assert offenders == [], "write Choice.status only through application.services.choices.move"


def test_inside_the_choices_service_only_move_writes_the_status():
    tree = ast.parse(MOVE_MODULE.read_text())
    writers = [
        function.name
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        for node in ast.walk(function)
        if _writes_choice_status(node, _names_from_states(tree))
    ]
    assert writers == ["move"]
