"""Oxfordshire's seven travel-to-learn areas, its towns, and where each demo provider is."""

from dataclasses import dataclass

from core.postcodes import haversine_miles, locate
from prospectus.demo.sources import ProviderSource

BANBURY = "Banbury and North Oxfordshire"
BICESTER = "Bicester"
OXFORD = "Oxford City"
ABINGDON = "Abingdon and Didcot"
WITNEY = "Witney and West Oxfordshire"
SOUTH = "Wallingford, Thame and Henley"
VALE = "Wantage and Faringdon"

AREAS = {
    BANBURY: "Schools and colleges in Banbury, Bloxham and the villages of north Oxfordshire.",
    BICESTER: "Schools and colleges in Bicester, Heyford Park and the surrounding villages.",
    OXFORD: "Schools and colleges in the city of Oxford and Kidlington.",
    ABINGDON: "Schools and colleges in Abingdon, Didcot, Culham and the Harwell and Milton Park science campuses.",
    WITNEY: "Schools and colleges in Witney, Carterton, Burford, Chipping Norton, Eynsham and Woodstock.",
    SOUTH: "Schools and colleges in Wallingford, Thame, Wheatley, Henley-on-Thames and the Chilterns villages.",
    VALE: "Schools and colleges in Wantage, Grove, Faringdon and the Vale of White Horse villages.",
}


@dataclass(frozen=True)
class Town:
    name: str
    latitude: float
    longitude: float
    area: str


# Approximate town centres; a provider belongs to the area of the nearest one.
TOWNS = (
    Town("Banbury", 52.0629, -1.3398, BANBURY),
    Town("Bloxham", 52.0200, -1.3730, BANBURY),
    Town("Bicester", 51.8998, -1.1537, BICESTER),
    Town("Heyford Park", 51.9380, -1.2620, BICESTER),
    Town("Oxford", 51.7520, -1.2577, OXFORD),
    Town("Headington", 51.7600, -1.2100, OXFORD),
    Town("Kidlington", 51.8230, -1.2880, OXFORD),
    Town("Abingdon", 51.6708, -1.2820, ABINGDON),
    Town("Didcot", 51.6080, -1.2430, ABINGDON),
    Town("Culham", 51.6550, -1.2450, ABINGDON),
    Town("Witney", 51.7850, -1.4850, WITNEY),
    Town("Carterton", 51.7590, -1.5950, WITNEY),
    Town("Burford", 51.8080, -1.6360, WITNEY),
    Town("Chipping Norton", 51.9420, -1.5470, WITNEY),
    Town("Eynsham", 51.7800, -1.3750, WITNEY),
    Town("Woodstock", 51.8480, -1.3530, WITNEY),
    Town("Wallingford", 51.5990, -1.1250, SOUTH),
    Town("Thame", 51.7470, -0.9760, SOUTH),
    Town("Wheatley", 51.7480, -1.1390, SOUTH),
    Town("Henley-on-Thames", 51.5360, -0.9030, SOUTH),
    Town("Sonning Common", 51.5180, -0.9790, SOUTH),
    Town("Wantage", 51.5880, -1.4260, VALE),
    Town("Faringdon", 51.6560, -1.5860, VALE),
)

# Providers whose open-data record has no postcode. Full postcodes are the providers' published ones;
# a district means only the town is known, so the provider gets the district's centre and no postcode.
KNOWN_LOCATIONS = {
    "The Henley College": ("Deanfield Avenue, Henley-on-Thames", "RG9 1UH"),
    "The Oxford Academy": (None, "OX4 6JZ"),
    "St Birinus School": (None, "OX11 8AZ"),
    "Europa School UK": (None, "OX14 3DZ"),
    "Bardwell School": (None, "OX26 4RZ"),
    "UTC Oxfordshire": (None, "OX11"),
    "Bicester Technology Studio": ("Bicester", "OX26"),
    "EMBS Community College Ltd": ("Oxford", "OX4"),
}
# No location is published in the open data for this training provider: it is placed in an area by hand.
AREA_WITHOUT_LOCATION = {"ACE Training and Consultancy Ltd": BICESTER}


def place(provider: ProviderSource) -> None:
    """Fill in a provider's missing postcode or coordinates from KNOWN_LOCATIONS."""
    if provider.latitude is not None or provider.name not in KNOWN_LOCATIONS:
        return
    address, postcode = KNOWN_LOCATIONS[provider.name]
    location = locate(postcode)
    provider.address = provider.address or address
    provider.postcode = postcode if location.is_exact else None
    provider.latitude, provider.longitude = location.latitude, location.longitude


def nearest_town(provider: ProviderSource) -> Town | None:
    if provider.latitude is None:
        return None
    return min(
        TOWNS, key=lambda town: haversine_miles(provider.latitude, provider.longitude, town.latitude, town.longitude)
    )


def area_of(provider: ProviderSource) -> str:
    town = nearest_town(provider)
    return town.area if town else AREA_WITHOUT_LOCATION[provider.name]


def clean_address(address: str | None, name: str) -> str | None:
    """Drop repeated parts, the school's own name and the county from an address, and fix capitals."""
    if not address:
        return None
    parts: list[str] = []
    for part in (piece.strip() for piece in address.split(",")):
        tidy = part.title() if part.isupper() else part
        if tidy and tidy not in parts and tidy not in {name, "Oxfordshire"}:
            parts.append(tidy)
    return ", ".join(parts)
