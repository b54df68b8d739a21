import doctest

import pytest

from core import postcodes
from core.postcodes import (
    DISTRICT,
    POSTCODE,
    Location,
    PostcodeFormatError,
    PostcodeNotFound,
    distance_miles,
    locate,
    normalise,
    try_locate,
)

KM_PER_MILE = 1.609344


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OX14 1GG", "OX14 1GG"),
        ("ox14 1gg", "OX14 1GG"),
        ("ox141gg", "OX14 1GG"),
        ("  OX14   1GG ", "OX14 1GG"),
        ("OX11GG", "OX1 1GG"),
        ("W1A0AX", "W1A 0AX"),
        ("sw1a 1aa", "SW1A 1AA"),
        ("ox1", "OX1"),
        (" RG9 ", "RG9"),
        ("", None),
        (None, None),
        ("OX141", None),
        ("OX14 1G", None),
        ("12345", None),
        ("Oxford", None),
        ("OX14 1GGG", None),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_an_oxfordshire_postcode_is_located_exactly():
    location = locate("ox14 1gg")

    assert location == Location("OX14 1GG", 51.68062, -1.28694, POSTCODE)
    assert location.is_exact
    assert location.outcode == "OX14"


def test_a_district_is_located_at_its_centre():
    location = locate("OX1")

    assert (location.postcode, location.precision) == ("OX1", DISTRICT)
    assert location.latitude == pytest.approx(51.74693)
    assert location.longitude == pytest.approx(-1.26229)


def test_a_full_postcode_outside_oxfordshire_falls_back_to_its_district():
    location = locate("SW1A 1AA")

    assert location.precision == DISTRICT
    assert not location.is_exact
    assert location.postcode == "SW1A 1AA"
    assert (location.latitude, location.longitude) == (locate("SW1A").latitude, locate("SW1A").longitude)


def test_badly_formed_and_unknown_postcodes_are_told_apart():
    with pytest.raises(PostcodeFormatError):
        locate("not a postcode")
    with pytest.raises(PostcodeNotFound):
        locate("ZZ99 9ZZ")
    with pytest.raises(PostcodeNotFound):
        locate("QQ1")
    assert try_locate("ZZ99 9ZZ") is None
    assert try_locate(None) is None
    assert try_locate("ox4 6jz").is_exact


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [("OX1", "OX14", 8.82), ("OX1", "OX16", 35.60), ("OX4", "OX28", 19.69), ("SG12", "AL1", 21.91)],
)
def test_distances_between_district_centres_match_published_spot_checks(a, b, km):
    assert distance_miles(locate(a), locate(b)) * KM_PER_MILE == pytest.approx(km, abs=0.01)


def test_distance_is_zero_to_itself_and_symmetric():
    abingdon, banbury = locate("OX14 1GG"), locate("OX16 9QA")

    assert distance_miles(abingdon, abingdon) == 0
    assert distance_miles(abingdon, banbury) == pytest.approx(distance_miles(banbury, abingdon))
    assert 25 < distance_miles(abingdon, banbury) < 30


def test_distance_accepts_anything_with_coordinates():
    class Place:
        latitude, longitude = 51.68062, -1.28694

    assert distance_miles(Place(), locate("OX14 1GG")) == 0


def test_the_module_examples_hold():
    assert doctest.testmod(postcodes).failed == 0


def test_the_attribution_names_every_source():
    for source in ("OS data", "Royal Mail", "Office for National Statistics", "Open Government Licence"):
        assert source in postcodes.ATTRIBUTION
