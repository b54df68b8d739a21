"""Who in the demo cohort applied, what they wrote, and which courses they chose: plain rows, no database.

Most Year 11 learners apply for 2027. A few Year 12 learners apply again for 2027, and some Year 12 learners'
applications from last year (2026, when they were in Year 11) are kept: that cycle has finished, so it holds the
choices whose conditions were met or not met and the learners who enrolled in September.
Learners choose courses at a level that suits their grades, mostly from providers near their school (their own
school's sixth form often first).
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from application.demo_cohort import YEAR_11, YEAR_12, CohortLearner, DemoSchool
from application.demo_writing import qualifications, statement, support_needs
from application.models import EHCP
from application.services.applications import SECTIONS
from core.postcodes import haversine_miles
from prospectus.demo.places import TOWNS

THIS_YEAR, LAST_YEAR = 2027, 2026
OPENS = {THIS_YEAR: datetime(2026, 10, 1, 8), LAST_YEAR: datetime(2025, 10, 1, 8)}
DEADLINE = {THIS_YEAR: datetime(2027, 2, 26, 23), LAST_YEAR: datetime(2026, 2, 27, 23)}
APPLY_RATE = {(YEAR_11, THIS_YEAR): 0.81, (YEAR_12, THIS_YEAR): 0.05, (YEAR_12, LAST_YEAR): 0.08}
DRAFT_RATE = {THIS_YEAR: 0.1, LAST_YEAR: 0.0}
CHOICE_COUNTS = {1: 8, 2: 14, 3: 34, 4: 22, 5: 22}
MAX_PER_PROVIDER = 3

ACADEMIC, TECHNICAL, LEVEL_2, LEVEL_1, SUPPORTED = "academic", "technical", "level-2", "level-1", "supported"
TRACK_RANK = {SUPPORTED: 0, LEVEL_1: 1, LEVEL_2: 2, TECHNICAL: 3, ACADEMIC: 3}
# What a learner on each track applies for: mostly their own level, sometimes one either side.
TRACK_MIX = {
    ACADEMIC: {ACADEMIC: 0.8, TECHNICAL: 0.2},
    TECHNICAL: {TECHNICAL: 0.6, ACADEMIC: 0.25, LEVEL_2: 0.15},
    LEVEL_2: {LEVEL_2: 0.7, TECHNICAL: 0.2, LEVEL_1: 0.1},
    LEVEL_1: {LEVEL_1: 0.6, LEVEL_2: 0.3, SUPPORTED: 0.1},
    SUPPORTED: {SUPPORTED: 0.85, LEVEL_1: 0.15},
}
STREETS = (
    "Orchard Way",
    "Church Lane",
    "Mill Road",
    "Station Road",
    "The Green",
    "Manor Close",
    "Meadow View",
    "Victoria Road",
    "Windmill Street",
    "Cherry Tree Close",
    "Brook Lane",
    "Kennet Road",
    "Cotswold Crescent",
    "Beech Drive",
    "Park End",
    "Thames View",
    "Saxon Way",
    "Abbey Road",
    "Howard Street",
    "Cromwell Close",
    "Lime Walk",
    "Sandy Lane",
    "Barton Lane",
    "Foxglove Road",
    "Hawthorn Avenue",
    "Ridgeway Close",
    "Glebe Road",
    "Ock Street",
    "Bridge Street",
    "Wharf Lane",
)


@dataclass
class PoolCourse:
    id: int
    provider_id: int
    provider_name: str
    provider_type: str
    provider_urn: str | None
    title: str
    latitude: float | None
    longitude: float | None
    track: str
    start_date: date


@dataclass
class PlannedApplication:
    learner: CohortLearner
    year: int
    row: dict
    qualifications: list[dict]
    courses: list[PoolCourse]
    suits: list[bool] = field(default_factory=list)
    id: int | None = None

    @property
    def submitted(self) -> bool:
        return self.row["status"] == "submitted"


def course_track(qualification_type: str | None, level: str | None) -> str | None:
    """Where a course sits in the learner's choice of level; None for courses a post-16 applicant would not choose."""
    if qualification_type in ("a-level", "ib"):
        return ACADEMIC
    if qualification_type == "supported-internship" or (level or "").startswith("E"):
        return SUPPORTED
    if level in ("3", "4"):
        return TECHNICAL
    return {"2": LEVEL_2, "1": LEVEL_1}.get(level)


def learner_track(learner: CohortLearner, rng: random.Random) -> str:
    if learner.school.kind == "special":
        return SUPPORTED if rng.random() < 0.85 else LEVEL_1
    if learner.row["sen_status"] == EHCP and rng.random() < 0.35:
        return SUPPORTED
    ability = learner.ability
    if ability > 0.35:
        return ACADEMIC
    if ability > -0.45:
        return TECHNICAL
    return LEVEL_2 if ability > -1.2 else LEVEL_1


class CoursePicker:
    """Chooses courses for a learner: the right level, providers near their school, their own sixth form first."""

    def __init__(self, courses: list[PoolCourse], rng: random.Random):
        self.rng = rng
        self.by_track: dict[str, dict[int, list[PoolCourse]]] = {}
        for course in courses:
            self.by_track.setdefault(course.track, {}).setdefault(course.provider_id, []).append(course)
        self._weights: dict[tuple[str, str], tuple[list[int], list[float]]] = {}

    def pick(self, learner: CohortLearner, track: str, count: int) -> tuple[list[PoolCourse], list[bool]]:
        chosen: list[PoolCourse] = []
        for _ in range(count * 4):
            if len(chosen) == count:
                break
            wanted = self.rng.choices(list(TRACK_MIX[track]), list(TRACK_MIX[track].values()))[0]
            course = self._one(learner.school, wanted, chosen)
            if course:
                chosen.append(course)
        suits = [TRACK_RANK[course.track] <= TRACK_RANK[track] for course in chosen]
        return chosen, suits

    def _one(self, school: DemoSchool, track: str, chosen: list[PoolCourse]) -> PoolCourse | None:
        providers, weights = self._provider_weights(school, track)
        if not providers:
            return None
        provider_id = self.rng.choices(providers, weights)[0]
        if sum(course.provider_id == provider_id for course in chosen) >= MAX_PER_PROVIDER:
            return None
        left = [course for course in self.by_track[track][provider_id] if course not in chosen]
        return self.rng.choice(left) if left else None

    def _provider_weights(self, school: DemoSchool, track: str) -> tuple[list[int], list[float]]:
        key = (school.urn, track)
        if key not in self._weights:
            providers = list(self.by_track.get(track, {}))
            weights = [self._weight(school, self.by_track[track][provider][0], track) for provider in providers]
            self._weights[key] = (providers, weights)
        return self._weights[key]

    @staticmethod
    def _weight(school: DemoSchool, course: PoolCourse, track: str) -> float:
        if course.latitude is None:
            miles = 12.0
        else:
            miles = haversine_miles(school.latitude, school.longitude, course.latitude, course.longitude)
        weight = math.exp(-miles / 4) + 0.01
        if course.provider_urn == school.urn:
            weight *= 12
        if course.provider_type == "fe-college" and track != ACADEMIC:
            weight *= 2.5
        return weight


def choose_applicants(learners: list[CohortLearner], rng: random.Random) -> list[tuple[CohortLearner, int]]:
    """(learner, entry year) for every application; disadvantaged learners apply a little less often."""
    chosen = []
    for learner in learners:
        for (year_group, year), rate in APPLY_RATE.items():
            if learner.year_group != year_group:
                continue
            if learner.row["free_school_meals"] or learner.row["looked_after"]:
                rate *= 0.9
            if rng.random() < rate:
                chosen.append((learner, year))
    return chosen


def plan_application(
    learner: CohortLearner,
    year: int,
    picker: CoursePicker,
    now: datetime,
    rng: random.Random,
    draft: bool | None = None,
) -> PlannedApplication | None:
    track = learner_track(learner, rng)
    count = rng.choices(list(CHOICE_COUNTS), list(CHOICE_COUNTS.values()))[0]
    courses, suits = picker.pick(learner, track, count)
    if not courses:
        return None
    draft = rng.random() < DRAFT_RATE[year] if draft is None else draft
    row = _application_row(learner, year, draft, track, now, rng)
    predicted = year == LAST_YEAR or learner.year_group == YEAR_11
    grades = qualifications(learner, track, predicted, rng) if "school-and-grades" in row["completed_sections"] else []
    return PlannedApplication(learner, year, row, grades, courses, suits)


def _application_row(learner, year, draft, track, now, rng) -> dict:
    latest = min(now - timedelta(hours=6), DEADLINE[year])
    started = _between(rng, OPENS[year], latest - timedelta(days=1))
    sections = list(SECTIONS)
    if draft:
        sections = sections[: rng.randint(0, len(sections) - 1)]
        submitted = None
    else:
        submitted = min(started + timedelta(days=rng.randint(0, 21), minutes=rng.randint(10, 600)), latest)
    return {
        "entry_year": year,
        "status": "draft" if draft else "submitted",
        "telephone": f"07700 900{rng.randrange(1000):03d}",
        "address": _address(learner, rng),
        "postcode": learner.row["home_postcode"],
        "current_school": learner.school.name,
        "support_needs": support_needs(learner, rng) if "support-needs" in sections else None,
        "personal_statement": statement(track, rng) if "personal-statement" in sections else None,
        "completed_sections": sections,
        "declaration_agreed_at": submitted,
        "submitted_at": submitted,
        "created_at": started,
        "updated_at": submitted or _between(rng, started, latest),
    }


def _address(learner: CohortLearner, rng: random.Random) -> str:
    latitude, longitude = learner.extras["home"]
    town = min(TOWNS, key=lambda town: haversine_miles(latitude, longitude, town.latitude, town.longitude))
    return f"{rng.randint(1, 140)} {rng.choice(STREETS)}, {town.name}"


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    moment = start + timedelta(seconds=rng.randrange(int((end - start).total_seconds())))
    if moment.hour < 7:
        moment = datetime.combine(moment.date(), time(rng.randint(16, 21), moment.minute))
    return min(moment, end)
