"""The demo county's schools and their Year 11 and Year 12 rolls, generated in memory for `flask seed demo`.

Schools are the real ones in prospectus/data (placed in an area by the same nearest-town rule as the providers).
Learners are synthetic: names from application.demo_names, homes drawn from real Oxfordshire postcodes near their
school, and UPNs in the DfE shape with a valid check letter. The council receives rolls from state-funded schools
and from the special schools it places learners in, so independent mainstream schools have no cohort.
"""

import bisect
import csv
import random
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from application.demo_names import NameMix, synthetic_name
from application.models import EHCP, SEN_NONE, SEN_SUPPORT
from application.upn import with_check_letter
from core.postcodes import _oxfordshire_postcodes, haversine_miles, normalise
from prospectus.demo.places import area_of, place
from prospectus.demo.sources import SCHOOLS_FILE, ProviderSource

ENTRY_YEAR = 2027
LA_CODE = "931"
YEAR_11, YEAR_12 = 11, 12
TARGET = {YEAR_11: 7500, YEAR_12: 7500}
# Year 11 in 2026/27 were born between 1 September 2010 and 31 August 2011; Year 12 a year earlier.
BORN_FROM = {YEAR_11: date(2010, 9, 1), YEAR_12: date(2009, 9, 1)}
# The year a learner's UPN was allocated: when they started in reception.
UPN_YEAR = {YEAR_11: "15", YEAR_12: "14"}
# When the rolls were loaded: this autumn for Year 11, last autumn for Year 12 (who were in last year's Year 11).
ROLL_LOADED = {YEAR_11: datetime(2026, 9, 21, 9, 30), YEAR_12: datetime(2025, 9, 22, 9, 30)}

# Schools with no location in the open data (or in prospectus.demo.places.KNOWN_LOCATIONS).
SCHOOL_POSTCODES = {"Magdalen College School": "OX4 1DZ"}
# Free school meals are commoner in Oxford and Banbury; special schools have the highest share.
FSM_RATE = {
    "Oxford City": 0.29,
    "Banbury and North Oxfordshire": 0.25,
    "Bicester": 0.2,
    "Abingdon and Didcot": 0.17,
    "Witney and West Oxfordshire": 0.14,
    "Wallingford, Thame and Henley": 0.12,
    "Wantage and Faringdon": 0.14,
}
SPECIAL_FSM_RATE = 0.38
MAINSTREAM_EHCP, MAINSTREAM_SEN_SUPPORT, SPECIAL_EHCP = 0.014, 0.125, 0.96
LOOKED_AFTER, SPECIAL_LOOKED_AFTER = 0.0065, 0.04
EMAIL_KNOWN = 0.3


@dataclass
class DemoSchool:
    urn: str
    name: str
    laestab: str
    area: str
    postcode: str | None
    latitude: float
    longitude: float
    kind: str  # mainstream, special or independent
    gender: str
    sixth_form: bool
    small: bool  # studio schools, university technical colleges and all-through schools have small year groups
    id: int | None = None


@dataclass
class CohortLearner:
    row: dict  # the columns of Learner
    year_group: int
    school: DemoSchool
    girl: bool
    ability: float  # drives grades and the level of course the learner applies for
    id: int | None = None
    extras: dict = field(default_factory=dict)


def demo_schools() -> list[DemoSchool]:
    with SCHOOLS_FILE.open(encoding="utf-8", newline="") as file:
        return [_school(row) for row in csv.DictReader(file)]


def _school(row: dict) -> DemoSchool:
    source = ProviderSource(
        name=row["school_name"],
        provider_type="school",
        postcode=row["postcode"] or SCHOOL_POSTCODES.get(row["school_name"]),
        latitude=float(row["latitude"]) if row["latitude"] else None,
        longitude=float(row["longitude"]) if row["longitude"] else None,
    )
    place(source)
    if source.latitude is None:
        latitude, longitude = _oxfordshire_postcodes()[source.postcode]
        source.latitude, source.longitude = latitude, longitude
    group = row["establishment_type_group"]
    return DemoSchool(
        urn=row["urn"],
        name=row["school_name"],
        laestab=row["laestab"],
        area=area_of(source),
        postcode=normalise(source.postcode) if source.postcode and " " in source.postcode else None,
        latitude=source.latitude,
        longitude=source.longitude,
        kind="special" if "special" in group.lower() else "independent" if "Independent" in group else "mainstream",
        gender=row["gender"],
        sixth_form=row["has_post16_age_range"] == "Y",
        small=group in {"Studio schools", "University technical colleges (UTCs)"} or int(row["age_low"]) < 11,
    )


def plan_rolls(schools: list[DemoSchool], rng: random.Random) -> dict[tuple[str, int], int]:
    """How many learners each school has in Year 11 and Year 12; mainstream rolls are scaled to the county's size."""
    rolls: dict[tuple[str, int], int] = {}
    for school in schools:
        if school.kind == "special":
            rolls[school.urn, YEAR_11] = rng.randint(5, 16)
            rolls[school.urn, YEAR_12] = rng.randint(4, 13) if school.sixth_form else 0
    for year_group in (YEAR_11, YEAR_12):
        raw = {school.urn: _raw_roll(school, year_group, rng) for school in schools if school.kind == "mainstream"}
        left = TARGET[year_group] - sum(rolls.get((urn, year_group), 0) for urn in (s.urn for s in schools))
        scale = left / sum(raw.values())
        rolls.update({(urn, year_group): round(size * scale) for urn, size in raw.items()})
    return rolls


def _raw_roll(school: DemoSchool, year_group: int, rng: random.Random) -> float:
    if year_group == YEAR_12 and not school.sixth_form:
        return 0
    if school.small:
        return rng.triangular(40, 110, 70)
    return rng.triangular(100, 300, 190) if year_group == YEAR_11 else rng.triangular(60, 330, 170)


class HomeFinder:
    """Real Oxfordshire postcodes near a point: a learner lives within a few miles of their school."""

    def __init__(self):
        points = sorted((lat, lon, postcode) for postcode, (lat, lon) in _oxfordshire_postcodes().items())
        self._points = points
        self._latitudes = [point[0] for point in points]
        self._near: dict[str, list[tuple[float, float, str]]] = {}

    def near(self, school: DemoSchool) -> list[tuple[float, float, str]]:
        if school.urn not in self._near:
            miles = 9 if school.kind == "special" else 3
            found = self._within(school, miles)
            while len(found) < 60:
                miles *= 1.5
                found = self._within(school, miles)
            self._near[school.urn] = found
        return self._near[school.urn]

    def _within(self, school: DemoSchool, miles: float) -> list[tuple[float, float, str]]:
        spread = miles / 69.0
        start = bisect.bisect_left(self._latitudes, school.latitude - spread)
        stop = bisect.bisect_right(self._latitudes, school.latitude + spread)
        return [
            point
            for point in self._points[start:stop]
            if haversine_miles(school.latitude, school.longitude, point[0], point[1]) <= miles
        ]


def plan_cohort(schools: list[DemoSchool], rng: random.Random) -> list[CohortLearner]:
    rolls = plan_rolls(schools, rng)
    homes = HomeFinder()
    learners = []
    for school in schools:
        mix = NameMix.for_area(school.area)
        fsm_rate = _fsm_rate(school, rng)
        for year_group in (YEAR_11, YEAR_12):
            serials = iter(range(rng.randint(1, 300), 1000))
            for _ in range(rolls.get((school.urn, year_group), 0)):
                learners.append(_learner(school, year_group, next(serials), mix, fsm_rate, homes, rng))
    _give_emails(learners, rng)
    return learners


def _fsm_rate(school: DemoSchool, rng: random.Random) -> float:
    if school.kind == "special":
        return SPECIAL_FSM_RATE
    return max(0.03, FSM_RATE[school.area] + rng.uniform(-0.07, 0.07))


def _learner(school, year_group, serial, mix, fsm_rate, homes, rng) -> CohortLearner:
    girl = rng.random() < 0.5 if school.gender == "Mixed" else school.gender == "Girls"
    given, family = synthetic_name(rng, mix, girl)
    fsm = rng.random() < fsm_rate
    sen = _sen_status(school, rng)
    special = school.kind == "special"
    latitude, longitude, postcode = rng.choice(homes.near(school))
    row = {
        "upn": with_check_letter(f"{LA_CODE}{school.laestab[3:]}{UPN_YEAR[year_group]}{serial:03d}"),
        "given_name": given,
        "family_name": family,
        "date_of_birth": BORN_FROM[year_group] + timedelta(days=rng.randrange(365)),
        "home_postcode": postcode,
        "email": None,
        "free_school_meals": fsm,
        "sen_status": sen,
        "looked_after": rng.random() < (SPECIAL_LOOKED_AFTER if special else LOOKED_AFTER),
        "activation_code": None,
        "activated_at": None,
        "created_at": ROLL_LOADED[year_group],
        "updated_at": ROLL_LOADED[year_group],
    }
    ability = rng.gauss(0, 1) - 0.35 * fsm - {SEN_NONE: 0, SEN_SUPPORT: 0.6, EHCP: 1.2}[sen]
    learner = CohortLearner(row, year_group, school, girl, ability)
    learner.extras["home"] = (latitude, longitude)
    return learner


def _sen_status(school: DemoSchool, rng: random.Random) -> str:
    roll = rng.random()
    if school.kind == "special":
        return EHCP if roll < SPECIAL_EHCP else SEN_SUPPORT
    if roll < MAINSTREAM_EHCP:
        return EHCP
    return SEN_SUPPORT if roll < MAINSTREAM_EHCP + MAINSTREAM_SEN_SUPPORT else SEN_NONE


def _give_emails(learners: list[CohortLearner], rng: random.Random) -> None:
    """Schools send an email address for some learners; more arrive when learners create accounts."""
    taken: set[str] = set()
    for learner in learners:
        learner.extras["email"] = personal_email(learner, rng, taken)
        if rng.random() < EMAIL_KNOWN:
            learner.row["email"] = learner.extras["email"]


def personal_email(learner: CohortLearner, rng: random.Random, taken: set[str]) -> str:
    given, family = (_ascii(learner.row[name]) for name in ("given_name", "family_name"))
    domain = rng.choice(("example.com", "example.org", "example.net"))
    local = rng.choice((f"{given}.{family}", f"{given}{family}", f"{given[0]}{family}", f"{given}.{family[0]}"))
    email, number = f"{local}@{domain}", 1
    while email in taken:
        number += rng.randint(1, 9)
        email = f"{local}{number}@{domain}"
    taken.add(email)
    return email


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L").replace("ı", "i"))
    return "".join(character for character in folded if character in string.ascii_letters).lower()
