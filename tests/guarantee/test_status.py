"""The guarantee rules, as a table: facts in, status and reported offer out. No database, no app."""

from datetime import date

import pytest

from application.guarantee import (
    ADVISER,
    NO_OFFER,
    NOT_APPROPRIATE,
    NOT_RECORDED,
    OFFER_MADE,
    PATHWAYS,
    STATUSES,
    LearnerFacts,
    Offer,
    guarantee_status,
    offer_counts,
)
from prospectus.reference import NCCIS_OFFER_TYPES

AS_OF = date(2027, 6, 30)
BEFORE = date(2027, 5, 1)
AFTER = date(2027, 7, 1)


def offer(code="230", on=BEFORE, source=PATHWAYS, accepted=False, provider="Abingdon and Witney College"):
    return Offer(code, provider, "10000001", "Level 3 Diploma in Engineering", on, source, accepted)


def facts(*offers, applied=False, contacted=False, not_appropriate_since=None):
    return LearnerFacts(applied, contacted, tuple(offers), not_appropriate_since)


@pytest.mark.parametrize(
    ("code", "others", "counts"),
    [
        *[(code, [], True) for code in ("210", "220", "230", "270", "280", "310", "320", "340", "410", "450", "460")],
        ("330", [], False),
        ("330", ["340", "230"], False),
        ("250", [], False),
        ("250", ["250"], False),
        ("250", ["330"], False),
        ("250", ["230"], False),
        ("250", ["340"], True),
        ("250", ["320"], True),
        ("999", [], False),
        ("", [], False),
    ],
)
def test_which_offer_types_count(code, others, counts):
    assert offer_counts(code, others) is counts


def test_every_nccis_offer_type_is_decided():
    decided = {code for code in NCCIS_OFFER_TYPES if offer_counts(code, [])} | {"250", "330"}
    assert decided == set(NCCIS_OFFER_TYPES)


@pytest.mark.parametrize(
    ("learner", "status", "reported_code"),
    [
        # Nothing known.
        (facts(), NOT_RECORDED, None),
        (facts(not_appropriate_since=AFTER), NOT_RECORDED, None),
        (facts(offer(on=AFTER)), NOT_RECORDED, None),
        # Known, but no offer.
        (facts(applied=True), NO_OFFER, None),
        (facts(contacted=True), NO_OFFER, None),
        (facts(offer(on=AFTER), applied=True), NO_OFFER, None),
        # Offers that count, from Pathways or from an adviser's record; on the date itself too.
        (facts(offer("230"), applied=True), OFFER_MADE, "230"),
        (facts(offer("310", source=ADVISER)), OFFER_MADE, "310"),
        (facts(offer("210", on=AS_OF)), OFFER_MADE, "210"),
        (facts(offer("250"), offer("340")), OFFER_MADE, "250"),
        (facts(offer("250"), offer("320", on=AFTER)), NOT_APPROPRIATE, "250"),
        # Offers that do not count.
        (facts(offer("330"), applied=True), NOT_APPROPRIATE, "330"),
        (facts(offer("250")), NOT_APPROPRIATE, "250"),
        (facts(offer("250"), offer("330")), NOT_APPROPRIATE, "250"),
        # An adviser's not-appropriate record.
        (facts(not_appropriate_since=BEFORE, applied=True), NOT_APPROPRIATE, None),
        (facts(not_appropriate_since=AS_OF, contacted=True), NOT_APPROPRIATE, None),
        (facts(not_appropriate_since=AFTER, applied=True), NO_OFFER, None),
        # Precedence: an offer that counts beats a not-appropriate record; a non-counting offer reports its type.
        (facts(offer("230"), not_appropriate_since=BEFORE), OFFER_MADE, "230"),
        (facts(offer("330"), not_appropriate_since=BEFORE), NOT_APPROPRIATE, "330"),
        (facts(offer("330"), offer("460")), OFFER_MADE, "460"),
    ],
)
def test_status_for_each_kind_of_learner(learner, status, reported_code):
    result = guarantee_status(learner, AS_OF)
    assert result.status == status
    assert (result.offer.activity_code if result.offer else None) == reported_code
    assert result.reason
    assert result.label == STATUSES[status]


@pytest.mark.parametrize(
    ("offers", "expected"),
    [
        # The offer the learner holds comes first, even if made later.
        ((offer("230", date(2027, 3, 1)), offer("310", date(2027, 4, 1), accepted=True)), "310"),
        # Otherwise the earliest offer that counts.
        ((offer("230", date(2027, 4, 1)), offer("220", date(2027, 3, 1))), "220"),
        ((offer("330", date(2027, 2, 1)), offer("220", date(2027, 3, 1))), "220"),
        # An accepted offer that does not count gives way to one that does.
        ((offer("330", date(2027, 2, 1), accepted=True), offer("220", date(2027, 3, 1))), "220"),
        # On the same day, Pathways before an adviser's record, then the lower code.
        ((offer("310", AS_OF, ADVISER), offer("230", AS_OF)), "230"),
        ((offer("310", AS_OF), offer("230", AS_OF)), "230"),
    ],
)
def test_the_offer_reported(offers, expected):
    assert guarantee_status(facts(*offers), AS_OF).offer.activity_code == expected


def test_an_offer_declined_later_still_counts():
    declined = offer("230", BEFORE)  # facts keep a declined Pathways offer, not accepted
    assert guarantee_status(facts(declined, applied=True), AS_OF).status == OFFER_MADE


@pytest.mark.parametrize(
    ("learner", "words"),
    [
        (facts(), "no application and no record from an adviser"),
        (facts(applied=True), "applied through Pathways"),
        (facts(contacted=True), "adviser has been in touch"),
        (facts(applied=True, contacted=True), "applied and an adviser has been in touch"),
        (facts(offer("330")), "employment without training"),
        (facts(offer("250")), "counts only alongside employment with training"),
        (facts(not_appropriate_since=date(2027, 6, 3)), "An adviser recorded on 3 June 2027"),
        (facts(offer("230", date(2027, 3, 9))), "Abingdon and Witney College made an offer of full-time education"),
        (facts(offer("310", source=ADVISER)), "recorded by an adviser"),
        (facts(offer("310", accepted=True)), "has accepted it"),
    ],
)
def test_the_reason_says_why_in_plain_words(learner, words):
    assert words in guarantee_status(learner, AS_OF).reason
