"""UK postcodes: tidy what people type, find where a postcode is, and measure distances in miles.

    >>> normalise("ox14 1gg")
    'OX14 1GG'
    >>> locate("OX14 1GG").precision
    'postcode'
    >>> round(distance_miles(locate("OX1"), locate("OX14")), 1)
    5.5

`locate` knows every Oxfordshire postcode exactly; for any other full postcode, and for a district such as "OX1",
it gives the centre of the postcode district. It raises `PostcodeFormatError` for text that is not shaped like a
postcode and `PostcodeNotFound` for one that is well formed but whose district does not exist.

The reference files in core/data/ are read once per process, on first use (see core/data/PROVENANCE.md). Pages that
show results derived from them must show `ATTRIBUTION`.
"""

import csv
import gzip
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right; "
    "Contains Royal Mail data © Royal Mail copyright and database right; "
    "Source: Office for National Statistics licensed under the Open Government Licence v3.0."
)

POSTCODE = "postcode"
DISTRICT = "district"

_DATA_DIR = Path(__file__).resolve().parent / "data"
_EARTH_RADIUS_MILES = 6371.0088 / 1.609344
_OUTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_INCODE = r"[0-9][A-Z]{2}"
_SHAPE = re.compile(rf"^(?P<outcode>{_OUTCODE})(?P<incode>{_INCODE})?$")


class PostcodeError(ValueError):
    """The base of the two errors below, for callers that treat them alike."""


class PostcodeFormatError(PostcodeError):
    """The text is not shaped like a UK postcode or postcode district."""


class PostcodeNotFound(PostcodeError):
    """The postcode is well formed, but its district is not a real one."""


class HasCoordinates(Protocol):
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a postcode is. `precision` is POSTCODE for an exact point, DISTRICT for a district's centre."""

    postcode: str
    latitude: float
    longitude: float
    precision: str

    @property
    def is_exact(self) -> bool:
        return self.precision == POSTCODE

    @property
    def outcode(self) -> str:
        return self.postcode.split(" ")[0]


def normalise(text: str | None) -> str | None:
    """'ox141gg' -> 'OX14 1GG', ' ox1 ' -> 'OX1'; None when the text is not shaped like a postcode or district."""
    if not text:
        return None
    compact = re.sub(r"\s+", "", text).upper()
    match = _SHAPE.match(compact)
    if not match:
        return None
    if match["incode"]:
        return f"{match['outcode']} {match['incode']}"
    return compact


def is_full_postcode(postcode: str) -> bool:
    """True for a normalised full postcode such as 'OX1 1AA', False for a district such as 'OX1'."""
    return " " in postcode


def locate(text: str) -> Location:
    """Where a postcode or district is; raises PostcodeFormatError or PostcodeNotFound."""
    postcode = normalise(text)
    if postcode is None:
        raise PostcodeFormatError(f"{text!r} is not a UK postcode")
    exact = _oxfordshire_postcodes().get(postcode)
    if exact:
        return Location(postcode, exact[0], exact[1], POSTCODE)
    centre = _district_centres().get(postcode.split(" ")[0])
    if centre is None:
        raise PostcodeNotFound(f"{postcode} is not in a known postcode district")
    return Location(postcode, centre[0], centre[1], DISTRICT)


def try_locate(text: str | None) -> Location | None:
    """Like `locate`, but None instead of an error: for data that may be blank or wrong."""
    try:
        return locate(text or "")
    except PostcodeError:
        return None


def distance_miles(a: HasCoordinates, b: HasCoordinates) -> float:
    """Great-circle distance between two things with latitude and longitude (a Location, a Provider)."""
    return haversine_miles(a.latitude, a.longitude, b.latitude, b.longitude)


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * _EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


@cache
def _oxfordshire_postcodes() -> dict[str, tuple[float, float]]:
    return {
        row["postcode"]: (float(row["latitude"]), float(row["longitude"])) for row in _rows("oxfordshire_postcodes")
    }


@cache
def _district_centres() -> dict[str, tuple[float, float]]:
    return {row["outcode"]: (float(row["latitude"]), float(row["longitude"])) for row in _rows("uk_outcode_centroids")}


def _rows(name: str):
    with gzip.open(_DATA_DIR / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as file:
        yield from csv.DictReader(file)
