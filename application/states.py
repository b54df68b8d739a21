"""A choice's life, in one declarative table.

`transition(status, event)` is the only way to learn a choice's next status; `application.services.choices.move`
is the only writer of `Choice.status`. See DOMAIN.md, "A choice's life".
"""

from dataclasses import dataclass

DRAFT = "draft"
SUBMITTED = "submitted"
INTERVIEW = "interview"
OFFERED = "offered"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
ACCEPTED = "accepted"
DECLINED = "declined"
OFFER_WITHDRAWN = "offer-withdrawn"
CONDITIONS_MET = "conditions-met"
CONDITIONS_NOT_MET = "conditions-not-met"
ENROLLED = "enrolled"

# What a learner reads, and what a provider reads, for each status.
STATUSES = {
    DRAFT: "Not sent yet",
    SUBMITTED: "Waiting for a decision",
    INTERVIEW: "Invited to interview",
    OFFERED: "Offer made",
    REJECTED: "Unsuccessful",
    WITHDRAWN: "Withdrawn",
    ACCEPTED: "Offer accepted",
    DECLINED: "Offer declined",
    OFFER_WITHDRAWN: "Offer withdrawn by the provider",
    CONDITIONS_MET: "Conditions met",
    CONDITIONS_NOT_MET: "Conditions not met",
    ENROLLED: "Enrolled",
}

# Named groups used by pages, reports and rules.
PENDING_DECISION = frozenset({SUBMITTED, INTERVIEW})
OFFERED_GROUP = frozenset({OFFERED})
HOLDING_PLACE = frozenset({ACCEPTED, CONDITIONS_MET, ENROLLED})
ENDED = frozenset({REJECTED, WITHDRAWN, DECLINED, OFFER_WITHDRAWN, CONDITIONS_NOT_MET})
# Statuses that mean an offer was made at some point: it counts for the guarantee even if later declined.
OFFER_MADE = frozenset({OFFERED, ACCEPTED, DECLINED, CONDITIONS_MET, CONDITIONS_NOT_MET, ENROLLED})

SUBMIT = "submit"
INVITE = "invite"
OFFER = "offer"
REJECT = "reject"
WITHDRAW = "withdraw"
ACCEPT = "accept"
DECLINE = "decline"
WITHDRAW_OFFER = "withdraw-offer"
MEET_CONDITIONS = "meet-conditions"
FAIL_CONDITIONS = "fail-conditions"
ENROL = "enrol"

PROVIDER = "provider"
LEARNER = "learner"
SYSTEM = "system"


@dataclass(frozen=True)
class Event:
    name: str
    label: str
    actor: str
    moves: dict[str, str]


EVENTS = {
    event.name: event
    for event in (
        Event(SUBMIT, "Application sent", LEARNER, {DRAFT: SUBMITTED}),
        Event(INVITE, "Invited to interview", PROVIDER, {SUBMITTED: INTERVIEW, INTERVIEW: INTERVIEW}),
        Event(OFFER, "Offer made", PROVIDER, {SUBMITTED: OFFERED, INTERVIEW: OFFERED}),
        Event(REJECT, "Unsuccessful", PROVIDER, {SUBMITTED: REJECTED, INTERVIEW: REJECTED}),
        Event(WITHDRAW, "Choice withdrawn", LEARNER, {SUBMITTED: WITHDRAWN, INTERVIEW: WITHDRAWN}),
        Event(ACCEPT, "Offer accepted", LEARNER, {OFFERED: ACCEPTED}),
        Event(DECLINE, "Offer declined", LEARNER, {OFFERED: DECLINED}),
        Event(WITHDRAW_OFFER, "Offer withdrawn", PROVIDER, {OFFERED: OFFER_WITHDRAWN, ACCEPTED: OFFER_WITHDRAWN}),
        Event(MEET_CONDITIONS, "Conditions met", PROVIDER, {ACCEPTED: CONDITIONS_MET}),
        Event(FAIL_CONDITIONS, "Conditions not met", PROVIDER, {ACCEPTED: CONDITIONS_NOT_MET}),
        Event(ENROL, "Enrolled", PROVIDER, {ACCEPTED: ENROLLED, CONDITIONS_MET: ENROLLED}),
    )
}

# Each status has its own timestamp column on Choice, set when the choice enters it.
TIMESTAMP_FOR = {status: f"{status.replace('-', '_')}_at" for status in STATUSES if status != DRAFT}


class TransitionNotAllowed(Exception):
    def __init__(self, status: str, event: str):
        self.status, self.event = status, event
        super().__init__(f"{EVENTS[event].label if event in EVENTS else event} is not possible once {STATUSES[status]}")


def transition(status: str, event: str) -> str:
    """The status after `event`, or TransitionNotAllowed."""
    if status not in STATUSES or event not in EVENTS or status not in EVENTS[event].moves:
        raise TransitionNotAllowed(status if status in STATUSES else DRAFT, event)
    return EVENTS[event].moves[status]


def allowed_events(status: str, actor: str) -> list[str]:
    return [name for name, event in EVENTS.items() if event.actor == actor and status in event.moves]
