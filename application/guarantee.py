"""September Guarantee status, as pure rules over what is known about one learner on one date.

See DOMAIN.md, "September Guarantee status". The precedence is: offer made, offer not appropriate, no offer, not
recorded. `application.guarantee_queries.status_rows` computes the same rules in SQL for a whole cohort; a property
test keeps the two in step, so change both together.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from prospectus.reference import NCCIS_OFFER_TYPES

OFFER_MADE = "offer-made"
NOT_APPROPRIATE = "offer-not-appropriate"
NO_OFFER = "no-offer"
NOT_RECORDED = "not-recorded"

STATUSES = {
    OFFER_MADE: "Offer made",
    NOT_APPROPRIATE: "Offer not appropriate",
    NO_OFFER: "No offer",
    NOT_RECORDED: "Not recorded",
}

PATHWAYS = "pathways"
ADVISER = "adviser"

# 250 (part-time education) counts only alongside one of these; 330 (employment without training) never counts.
PART_TIME = "250"
COUNTS_WITH_PART_TIME = frozenset({"320", "340"})
NEVER_COUNTS = frozenset({"330"})


@dataclass(frozen=True)
class Offer:
    activity_code: str
    provider_name: str
    provider_identifier: str | None  # URN for a school, otherwise UKPRN
    course: str | None
    offered_on: date
    source: str  # PATHWAYS or ADVISER
    accepted: bool = False  # the learner holds it: accepted (conditions not failed) or enrolled

    @property
    def activity_label(self) -> str:
        return NCCIS_OFFER_TYPES.get(self.activity_code, self.activity_code)


@dataclass(frozen=True)
class LearnerFacts:
    applied: bool  # sent an application for the entry year
    contacted: bool  # an adviser recorded a contact
    offers: tuple[Offer, ...]  # offers made, less any the provider withdrew
    not_appropriate_since: date | None  # the first date an adviser recorded that an offer is not appropriate


@dataclass(frozen=True)
class GuaranteeStatus:
    status: str
    offer: Offer | None
    reason: str

    @property
    def label(self) -> str:
        return STATUSES[self.status]


def offer_counts(code: str, other_codes: Iterable[str]) -> bool:
    """Whether an offer of this NCCIS type counts, given the codes of the learner's other offers."""
    if code in NEVER_COUNTS or code not in NCCIS_OFFER_TYPES:
        return False
    if code == PART_TIME:
        return not COUNTS_WITH_PART_TIME.isdisjoint(other_codes)
    return True


def report_order(offer: Offer, counts: bool) -> tuple:
    """Sort key of the offer to report: one that counts, then one the learner holds, then the earliest.

    The tail breaks ties the same way as the SQL in guarantee_queries, so that both report the same offer.
    """
    source_order = 0 if offer.source == PATHWAYS else 1
    return (not counts, not offer.accepted, offer.offered_on, source_order, offer.activity_code,
            offer.provider_identifier or "")  # fmt: skip


def guarantee_status(facts: LearnerFacts, as_of: date) -> GuaranteeStatus:
    offers = [offer for offer in facts.offers if offer.offered_on <= as_of]
    codes = [offer.activity_code for offer in offers]
    counting = {id(offer): offer_counts(offer.activity_code, codes) for offer in offers}
    best = min(offers, key=lambda offer: report_order(offer, counting[id(offer)]), default=None)
    not_appropriate = facts.not_appropriate_since is not None and facts.not_appropriate_since <= as_of

    if best is not None and counting[id(best)]:
        return GuaranteeStatus(OFFER_MADE, best, _offer_reason(best))
    if best is not None:
        return GuaranteeStatus(NOT_APPROPRIATE, best, _not_counting_reason(codes))
    if not_appropriate:
        return GuaranteeStatus(NOT_APPROPRIATE, None, _recorded_reason(facts.not_appropriate_since))
    if facts.applied or facts.contacted:
        return GuaranteeStatus(NO_OFFER, None, _no_offer_reason(facts))
    return GuaranteeStatus(NOT_RECORDED, None, "Nothing is known yet: no application and no record from an adviser.")


def _offer_reason(offer: Offer) -> str:
    where = "through Pathways" if offer.source == PATHWAYS else "outside Pathways, recorded by an adviser"
    held = " The learner has accepted it." if offer.accepted else ""
    return (
        f"{offer.provider_name} made an offer of {offer.activity_label.lower()} on {_day(offer.offered_on)}, "
        f"{where}.{held}"
    )


def _not_counting_reason(codes: list[str]) -> str:
    if set(codes) == {PART_TIME}:
        return (
            "The only offer is of part-time education, which counts only alongside employment with training "
            "or full-time employment with study."
        )
    kinds = ", ".join(sorted({NCCIS_OFFER_TYPES.get(code, code).lower() for code in codes}))
    return f"The learner has an offer, but of a kind that does not count towards the guarantee ({kinds})."


def _recorded_reason(since: date) -> str:
    return f"An adviser recorded on {_day(since)} that an offer is not appropriate for the learner now."


def _no_offer_reason(facts: LearnerFacts) -> str:
    if facts.applied and facts.contacted:
        return "The learner applied and an adviser has been in touch, but there is no offer yet."
    if facts.applied:
        return "The learner applied through Pathways, but has no offer yet."
    return "An adviser has been in touch with the learner, but there is no offer yet."


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"
