"""Targeted follow-up: which follow-ups the council's rules want open for a learner (DOMAIN.md, "Targeted follow-up").

Pure: the facts, the entry year's settings and `today` come in as arguments. `application.services.follow_ups`
gathers the facts for a whole cohort in a few queries and opens and closes follow-ups to match.

Choices on their way to a decision never stop a rule: they are not offers. A learner needs no follow-up while they
hold an offer that counts (a live one: an offer they declined, or whose conditions they missed, still counts for the
guarantee but leaves them without a place), or while an adviser has recorded that an offer is not appropriate now.

A learner has at most one open follow-up per cycle: while one is open, the same need for help does not open another
(the service opens the first reason due). New follow-ups open only until the guarantee deadline; after it, a refresh
only closes them.
"""

from dataclasses import dataclass
from datetime import date

NOT_APPLIED = "not-applied"
ALL_CHOICES_ENDED = "all-choices-ended"
DECLINED_ONLY_OFFER = "declined-only-offer"
NO_OFFER_AT_CHECKPOINT = "no-offer-at-checkpoint"

LOOKED_AFTER = "looked-after"
EHCP = "ehcp"
FSM = "fsm"
# The most specific group first: a looked-after learner with free school meals is followed up as looked after.
PRIORITY_ORDER = (LOOKED_AFTER, EHCP, FSM)

OFFER_MADE_PREFIX = "Offer made: "


@dataclass(frozen=True)
class Settings:
    """What the council decides for an entry year: who is followed up, and when."""

    main_deadline: date
    groups: frozenset[str]
    checkpoints: tuple[date, ...] = ()
    guarantee_deadline: date | None = None

    @classmethod
    def of(cls, entry_year) -> "Settings":
        turned_on = {
            LOOKED_AFTER: entry_year.follow_up_looked_after,
            EHCP: entry_year.follow_up_ehcp,
            FSM: entry_year.follow_up_fsm,
        }
        return cls(
            main_deadline=entry_year.main_deadline,
            groups=frozenset(group for group, on in turned_on.items() if on),
            checkpoints=tuple(sorted(date.fromisoformat(day) for day in entry_year.checkpoint_dates or ())),
            guarantee_deadline=entry_year.guarantee_deadline,
        )


@dataclass(frozen=True)
class Facts:
    """One learner, for one entry year. Counts are of choices sent to providers (drafts never count)."""

    fsm: bool = False
    looked_after: bool = False
    ehcp: bool = False
    applied: bool = False
    choices_sent: int = 0
    choices_ended: int = 0
    offers_made: int = 0  # choices that reached an offer, whatever happened to it since
    offers_declined: int = 0
    holds_offer: bool = False  # a live offer that counts, from Pathways or recorded by an adviser
    not_appropriate: bool = False  # an adviser recorded that an offer is not appropriate now


@dataclass(frozen=True)
class Due:
    reason: str
    reason_key: str


def priority_group(facts: Facts, settings: Settings) -> str | None:
    """The most specific priority group the learner is in among those the council turned on, or None."""
    member = {LOOKED_AFTER: facts.looked_after, EHCP: facts.ehcp, FSM: facts.fsm}
    return next((group for group in PRIORITY_ORDER if group in settings.groups and member[group]), None)


def needs_help(facts: Facts) -> bool:
    return not facts.holds_offer and not facts.not_appropriate


def due(facts: Facts, settings: Settings, today: date) -> tuple[Due, ...]:
    """The follow-ups that should exist for this learner today. Opening them is idempotent on `reason_key`."""
    if priority_group(facts, settings) is None or not needs_help(facts) or cycle_over(settings, today):
        return ()
    reasons = [
        reason
        for reason, fires in (
            (NOT_APPLIED, today > settings.main_deadline and not facts.applied),
            (DECLINED_ONLY_OFFER, declined_every_offer(facts)),
            (ALL_CHOICES_ENDED, every_choice_ended(facts) and not declined_every_offer(facts)),
        )
        if fires
    ]
    found = [Due(reason, reason) for reason in reasons]
    checkpoint = latest_checkpoint(settings, today)
    if checkpoint is not None:
        found.append(Due(NO_OFFER_AT_CHECKPOINT, f"{NO_OFFER_AT_CHECKPOINT}:{checkpoint.isoformat()}"))
    return tuple(found)


def cycle_over(settings: Settings, today: date) -> bool:
    return settings.guarantee_deadline is not None and today > settings.guarantee_deadline


def declined_every_offer(facts: Facts) -> bool:
    """They turned down the offer they had (or each of them), and hold none: they declined their only offer."""
    return facts.offers_declined > 0 and facts.offers_declined == facts.offers_made


def every_choice_ended(facts: Facts) -> bool:
    return facts.applied and facts.choices_sent > 0 and facts.choices_ended == facts.choices_sent


def latest_checkpoint(settings: Settings, today: date) -> date | None:
    """Only the latest checkpoint passed: a first run after two checkpoints opens one follow-up, not two."""
    passed = [day for day in settings.checkpoints if day <= today]
    return passed[-1] if passed else None


def offer_made_reason(offer_type_label: str) -> str:
    return f"{OFFER_MADE_PREFIX}{offer_type_label}"
