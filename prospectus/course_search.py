"""Course search for the page and the API, in three pieces: parse the request's arguments, run the search, present it.

Both `/courses` and `/api/v1/courses` take the same parameters, so every search is a shareable URL.
"""

import math
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import MultiDict

import search_index
from core import postcodes
from prospectus import queries
from prospectus.reference import AGE_GROUPS, LEVELS, PROVIDER_TYPES, QUALIFICATION_TYPES, SSA_TIER1, STUDY_MODES
from search_index.querytext import clean

PAGE_SIZE = 20
MAX_PAGE = 1000
MAX_RADIUS = 200
RADIUS_CHOICES = ("1", "3", "5", "10", "15", "20", "30", "50")
STARTS = {"september": "Starts in September", "other": "Starts at another time"}
POSTCODE_FORMAT_MESSAGE = "Enter a real postcode, like OX1 1AA"
POSTCODE_UNKNOWN_MESSAGE = "We could not find the postcode {postcode}. Check it, or enter the first half only, like OX1"


@dataclass(frozen=True)
class Filter:
    param: str  # the request parameter
    facet: str  # the index field
    legend: str
    labels: dict[str, str] | None  # None: ids of rows, labelled from the database


FILTERS = (
    Filter("subject", "ssa", "Subject", SSA_TIER1),
    Filter("level", "level", "Level", LEVELS),
    Filter("qualification", "qualification", "Qualification", QUALIFICATION_TYPES),
    Filter("age_group", "age_group", "Who it is for", AGE_GROUPS),
    Filter("study_mode", "study_mode", "Full or part time", STUDY_MODES),
    Filter("provider_type", "provider_type", "Type of school or college", PROVIDER_TYPES),
    Filter("area", "area", "Area", None),
    Filter("provider", "provider", "School, college or training provider", None),
    Filter("starts", "starts", "When it starts", STARTS),
)
PARAMS = ("q", "postcode", "radius", "sort", "page", *(item.param for item in FILTERS))


@dataclass
class SearchArgs:
    """The request's arguments, checked. `errors` maps a parameter to what the person should do about it."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # param -> chosen values
    postcode: str = ""
    location: postcodes.Location | None = None
    radius: float | None = None
    sort: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def has_criteria(self) -> bool:
        return bool(self.q or any(self.filters.values()) or self.location)


def parse(args: MultiDict) -> SearchArgs:
    parsed = SearchArgs(q=clean(args.get("q")), sort=args.get("sort", "").strip())
    parsed.postcode = clean(args.get("postcode"))[:20]
    for item in FILTERS:
        parsed.filters[item.param] = _filter_values(item, args.getlist(item.param), parsed.errors)
    _parse_location(parsed, args.get("radius", "").strip())
    _parse_page(parsed, args.get("page", "1").strip())
    if parsed.sort and parsed.sort not in search_index.SORTS:
        parsed.errors["sort"] = f"Sort by {', '.join(search_index.SORTS)}"
    return parsed


def _filter_values(item: Filter, values: list[str], errors: dict[str, str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(value.strip() for value in values if value.strip()))
    known = (lambda value: value in item.labels) if item.labels else (lambda value: value.isdigit() and len(value) < 10)
    if not all(known(value) for value in chosen):
        errors[item.param] = f"Choose a {item.legend.lower()} from the list"
        return tuple(value for value in chosen if known(value))
    return chosen


def _parse_location(parsed: SearchArgs, radius: str) -> None:
    if parsed.postcode:
        try:
            parsed.location = postcodes.locate(parsed.postcode)
            parsed.postcode = parsed.location.postcode
        except postcodes.PostcodeFormatError:
            parsed.errors["postcode"] = POSTCODE_FORMAT_MESSAGE
        except postcodes.PostcodeNotFound:
            parsed.postcode = postcodes.normalise(parsed.postcode) or parsed.postcode
            parsed.errors["postcode"] = POSTCODE_UNKNOWN_MESSAGE.format(postcode=parsed.postcode)
    if not radius:
        return
    try:
        parsed.radius = float(radius)
    except ValueError:
        parsed.radius = math.nan
    if not 0 < parsed.radius <= MAX_RADIUS:
        parsed.radius = None
        parsed.errors["radius"] = f"Enter a distance in miles, up to {MAX_RADIUS}"
    elif not parsed.postcode:
        parsed.errors["radius"] = "Enter a postcode to search within a distance of it"


def _parse_page(parsed: SearchArgs, page: str) -> None:
    if page.isdigit() and 1 <= int(page) <= MAX_PAGE:
        parsed.page = int(page)
    else:
        parsed.errors["page"] = f"Page must be a number from 1 to {MAX_PAGE}"


@dataclass
class Outcome:
    courses: list
    total: int
    page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # param -> value -> count
    distances: dict[int, float] = field(default_factory=dict)
    suggestion: str | None = None
    relaxed: bool = False
    sort: str = "title"
    index_available: bool = True

    @property
    def last_page(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))


def run(parsed: SearchArgs) -> Outcome:
    """Search the index; without one, fall back to every published course in title order."""
    sort = effective_sort(parsed)
    try:
        found = search_index.search(_index_root(), _to_search(parsed, sort))
    except search_index.IndexUnavailable as error:
        current_app.logger.warning("Course search is using the database listing: %s", error)
        courses, total = queries.published_courses_page(parsed.page, PAGE_SIZE)
        return Outcome(courses, total, parsed.page, sort="title", index_available=False)
    by_param = {item.param: found.facets.get(item.facet, {}) for item in FILTERS}
    return Outcome(
        courses=queries.published_courses_in_order(found.ids),
        total=found.total,
        page=parsed.page,
        facets=by_param,
        distances=found.distances,
        suggestion=found.suggestion,
        relaxed=found.relaxed,
        sort=sort,
    )


def effective_sort(parsed: SearchArgs) -> str:
    """What the person chose, or the most useful order for what they asked: best match, nearest, or A to Z."""
    if parsed.sort in search_index.SORTS and not (parsed.sort == "distance" and not parsed.location):
        return parsed.sort if parsed.sort != "relevance" or parsed.q else "title"
    if parsed.q:
        return "relevance"
    return "distance" if parsed.location else "title"


def _index_root() -> Path:
    return search_index.index_root(current_app.config)


def _to_search(parsed: SearchArgs, sort: str) -> search_index.Search:
    location = parsed.location if "postcode" not in parsed.errors else None
    return search_index.Search(
        text=parsed.q,
        filters={item.facet: parsed.filters.get(item.param, ()) for item in FILTERS},
        origin=(location.latitude, location.longitude) if location else None,
        radius_miles=parsed.radius if location else None,
        sort=sort,
        page=parsed.page,
        page_size=PAGE_SIZE,
    )


@dataclass
class FilterOption:
    value: str
    label: str
    count: int
    chosen: bool


def filter_options(parsed: SearchArgs, outcome: Outcome) -> dict[str, list[FilterOption]]:
    """For each filter, the values with their live counts, in a stable order, chosen ones included even at 0."""
    names = {
        "area": queries.area_names(outcome.facets.get("area", {})),
        "provider": queries.provider_names(outcome.facets.get("provider", {})),
    }
    options = {}
    for item in FILTERS:
        labels = item.labels or names[item.param]
        counts = outcome.facets.get(item.param, {})
        chosen = set(parsed.filters.get(item.param, ()))
        values = [value for value in labels if value in counts or value in chosen]
        if item.labels is None:
            values.sort(key=lambda value: labels[value].casefold())
        options[item.param] = [
            FilterOption(value, labels[value], counts.get(value, 0), value in chosen) for value in values
        ]
    return options
