"""Play one demo application's choices forward in time, through application.states, up to `now`.

Each choice gets planned provider and learner actions (interview, decision, reply...). They run in time order, and an
action that the state table does not allow at that moment (a decision on a choice the learner has withdrawn) is
skipped, so every choice ends in a reachable state with one timestamp per status it passed through, and the rules
hold: at most one accepted offer, and none still open or pending once one is accepted. Actions after `now` have not
happened yet, which leaves some decisions waiting and some overdue.
"""

import heapq
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from application import states
from application.models import REJECTION_REASONS

REPLY = "reply"  # the learner accepts their favourite open offer: not a state-table event, it causes several
SCHOOL_TYPES = {"school-sixth-form", "special-school", "university-technical-college"}
INTERVIEW_RATE = {"fe-college": 0.45, "special-school": 0.7, "training-provider": 0.6, "higher-education": 0.6}
CONDITIONS = (
    "Grade 4 or above in GCSE English Language",
    "Grade 4 or above in GCSE mathematics",
    "Five GCSEs at grade 4 or above",
    "Grade 6 or above in the GCSE of the subject you will study, or a related one",
    "Grade 5 or above in GCSE mathematics",
    "A satisfactory reference from your school",
    "Grade 3 or above in GCSE English Language and mathematics",
)
REJECTION_DETAILS = {
    "course-full": "All places on this course have been offered. We have kept your details in case a place comes up.",
    "entry-requirements": "Your predicted grades are below what the course needs. Our level 2 course would suit you.",
    "not-suitable": "We talked about your needs at interview and a smaller setting would support you better.",
    "other": "The course will not run next year because too few students chose it.",
}
OFFER_WITHDRAWAL_REASONS = (
    "The course will not run next year because too few students applied.",
    "The employer offering this apprenticeship has withdrawn the vacancy.",
    "The course has been moved to another campus, so we have withdrawn our offer and will contact you.",
)


@dataclass
class Cycle:
    """The dates of one application year, and how far it has got by `now`."""

    now: datetime
    results_day: date  # GCSE results: conditions are met or not
    completed: bool  # last year's cycle: everyone has replied and started

    def reply_chance(self) -> float:
        return 1.0 if self.completed else 0.4


@dataclass
class PlannedChoice:
    course_id: int
    provider_id: int
    provider_type: str
    provider_name: str
    start_date: date
    suits_learner: bool  # the course matches the learner's grades: an offer is likely
    row: dict = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    condition_status: str = "pending"


class ChoiceLife:
    """One application's choices, moved only by states.transition."""

    def __init__(self, choices: list[PlannedChoice], cycle: Cycle, rng: random.Random, learner_actor, provider_actors):
        self.choices, self.cycle, self.rng = choices, cycle, rng
        self.learner_actor, self.provider_actors = learner_actor, provider_actors
        self._queue: list[tuple[datetime, int, str, int, dict]] = []
        self._order = 0
        self.accepted: int | None = None
        self.scripted = False  # the demo learner's choices: only the actions scheduled by hand happen

    def submit(self, submitted_at: datetime) -> None:
        for index, choice in enumerate(self.choices):
            choice.row.update(status=states.DRAFT, rank=index + 1, course_id=choice.course_id)
            self._move(index, states.SUBMIT, submitted_at, self.learner_actor)

    def plan_everything(self, submitted_at: datetime) -> None:
        for index in range(len(self.choices)):
            self._plan_provider(index, submitted_at)
            if self.rng.random() < 0.035:
                self.schedule(submitted_at + _days(self.rng, 3, 40), states.WITHDRAW, index)

    def schedule(self, at: datetime, event: str, index: int, **detail) -> None:
        self._order += 1
        heapq.heappush(self._queue, (at, self._order, event, index, detail))

    def run(self) -> None:
        while self._queue and self._queue[0][0] <= self.cycle.now:
            at, _, event, index, detail = heapq.heappop(self._queue)
            if event == REPLY:
                self._reply(at)
            elif self._allowed(index, event):
                self._act(index, event, at, detail)

    def _plan_provider(self, index: int, submitted_at: datetime) -> None:
        choice, rng = self.choices[index], self.rng
        decide_at = submitted_at + _decision_delay(rng, self.cycle)
        if rng.random() < INTERVIEW_RATE.get(choice.provider_type, 0.25):
            invited_at = _working_time(submitted_at + _days(rng, 1, 12), rng)
            starts_at = _interview_slot(invited_at + _days(rng, 6, 20), rng)
            self.schedule(invited_at, states.INVITE, index, starts_at=starts_at)
            decide_at = starts_at + _days(rng, 1, 8)
        offer = rng.random() < (0.86 if choice.suits_learner else 0.45)
        self.schedule(_working_time(decide_at, rng), states.OFFER if offer else states.REJECT, index)

    def _allowed(self, index: int, event: str) -> bool:
        status = self.choices[index].row["status"]
        if event == states.INVITE and status == states.INTERVIEW:
            return False
        return status in states.EVENTS[event].moves

    def _act(self, index: int, event: str, at: datetime, detail: dict) -> None:
        handler = {
            states.INVITE: self._invite,
            states.OFFER: self._offer,
            states.REJECT: self._reject,
            states.WITHDRAW_OFFER: self._withdraw_offer,
        }.get(event)
        if handler:
            handler(index, at, detail)
        else:
            self._move(index, event, at, self._actor(index, event))
        if event == states.ACCEPT and self.cycle.completed:
            self._plan_september(index, at)

    def _invite(self, index: int, at: datetime, detail: dict) -> None:
        choice, online = self.choices[index], self.rng.random() < 0.2
        place = "Online video call: the link is in your email" if online else f"Main reception, {choice.provider_name}"
        choice.row.update(interview_starts_at=detail["starts_at"], interview_place=place, interview_online=online)
        self._move(index, states.INVITE, at, self._actor(index, states.INVITE), starts_at=detail["starts_at"])

    def _offer(self, index: int, at: datetime, detail: dict) -> None:
        choice, rng = self.choices[index], self.rng
        if "conditions" in detail:
            choice.conditions = detail["conditions"]
        elif rng.random() < 0.65:
            choice.conditions = rng.sample(CONDITIONS, rng.choice((1, 1, 2)))
        self._move(index, states.OFFER, at, self._actor(index, states.OFFER), conditions=len(choice.conditions))
        if self.scripted:
            return
        if rng.random() < self.cycle.reply_chance():
            self.schedule(at + _days(rng, 2, 45) + _hours(rng), REPLY, index)
        if rng.random() < 0.06:
            self.schedule(at + _days(rng, 2, 25) + _hours(rng), states.DECLINE, index)
        if rng.random() < 0.015:
            self.schedule(_working_time(at + _days(rng, 5, 40), rng), states.WITHDRAW_OFFER, index)

    def _reject(self, index: int, at: datetime, _detail: dict) -> None:
        reason = self.rng.choices(list(REJECTION_REASONS), (30, 45, 10, 15))[0]
        detail = REJECTION_DETAILS[reason] if reason == "other" or self.rng.random() < 0.4 else None
        self.choices[index].row.update(rejection_reason=reason, rejection_detail=detail)
        self._move(index, states.REJECT, at, self._actor(index, states.REJECT), reason=reason)

    def _withdraw_offer(self, index: int, at: datetime, _detail: dict) -> None:
        self.choices[index].row["offer_withdrawal_reason"] = self.rng.choice(OFFER_WITHDRAWAL_REASONS)
        self._move(index, states.WITHDRAW_OFFER, at, self._actor(index, states.WITHDRAW_OFFER))

    def _reply(self, at: datetime) -> None:
        """Accept the highest-ranked open offer (usually); decline the rest, withdraw what is still pending."""
        offered = [i for i, choice in enumerate(self.choices) if choice.row["status"] in states.OFFERED_GROUP]
        if self.accepted is not None or not offered:
            return
        favourite = offered[0] if self.rng.random() < 0.8 else self.rng.choice(offered)
        self.accepted = favourite
        self._act(favourite, states.ACCEPT, at, {})
        for index, choice in enumerate(self.choices):
            if choice.row["status"] in states.OFFERED_GROUP:
                self._move(index, states.DECLINE, at, self.learner_actor, accepted_choice=favourite)
            elif choice.row["status"] in states.PENDING_DECISION:
                self._move(index, states.WITHDRAW, at, self.learner_actor, accepted_choice=favourite)
        if not self.cycle.completed and self.rng.random() < 0.01:
            self.schedule(_working_time(at + _days(self.rng, 5, 30), self.rng), states.WITHDRAW_OFFER, favourite)

    def _plan_september(self, index: int, accepted_at: datetime) -> None:
        """Last year's accepted offers: conditions checked on results day, then enrolment when the course starts."""
        choice, rng = self.choices[index], self.rng
        results = datetime.combine(self.cycle.results_day, time(10)) + _days(rng, 0, 6)
        if choice.conditions:
            met = rng.random() < 0.86
            self.schedule(_working_time(results, rng), states.MEET_CONDITIONS if met else states.FAIL_CONDITIONS, index)
        if rng.random() < 0.95:
            self.schedule(_working_time(datetime.combine(choice.start_date, time(9)), rng), states.ENROL, index)

    def _move(self, index: int, event: str, at: datetime, actor, **detail) -> None:
        choice = self.choices[index]
        before = choice.row["status"]
        after = states.transition(before, event)
        choice.row.update({"status": after, states.TIMESTAMP_FOR[after]: at})
        if event in (states.MEET_CONDITIONS, states.FAIL_CONDITIONS):
            choice.condition_status = "met" if event == states.MEET_CONDITIONS else "not-met"
        detail = {key: value.isoformat() if isinstance(value, datetime) else value for key, value in detail.items()}
        choice.events.append(
            {"event": event, "from_status": before, "to_status": after, "actor_id": actor, "occurred_at": at}
            | {"detail": detail}
        )

    def _actor(self, index: int, event: str):
        if states.EVENTS[event].actor == states.LEARNER:
            return self.learner_actor
        return self.provider_actors.get(self.choices[index].provider_id)


def _decision_delay(rng: random.Random, cycle: Cycle) -> timedelta:
    """Most providers decide within the council's 20 working days; some take much longer and become overdue."""
    if cycle.completed:
        return _days(rng, 2, 30)
    band = rng.random()
    if band < 0.62:
        return _days(rng, 2, 24)
    return _days(rng, 25, 45) if band < 0.9 else _days(rng, 46, 90)


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _hours(rng: random.Random) -> timedelta:
    return timedelta(hours=rng.randint(0, 10), minutes=rng.randint(0, 59))


def _working_time(moment: datetime, rng: random.Random) -> datetime:
    """A time in office hours on a weekday, on or after `moment`'s day."""
    day = moment.date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59)))


def _interview_slot(moment: datetime, rng: random.Random) -> datetime:
    slot = _working_time(moment, rng)
    return slot.replace(hour=rng.choice((9, 10, 11, 13, 14, 15)), minute=rng.choice((0, 20, 40)), second=0)
