"""Run a course search: ids for one page, the total, facet counts, distances and a "Did you mean" suggestion.

Facet counts are disjunctive: the count beside a value is how many courses there would be with that value chosen and
every other filter kept, so choosing a value in one filter never empties the counts of the others.
"""

import heapq
import math
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from core.postcodes import haversine_miles
from search_index import bitsets, querytext, store
from search_index.schema import FACETS

SORTS = ("relevance", "distance", "title")
MILES_PER_DEGREE_LATITUDE = 69.0
MATCH_CACHE_SIZE = 256  # keyword matches kept per searcher; a ranked entry is about 4 bytes per matching course


@dataclass(frozen=True)
class Search:
    """What someone asked for, already checked and parsed: no request objects here."""

    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    origin: tuple[float, float] | None = None  # latitude, longitude
    radius_miles: float | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


@dataclass
class Found:
    ids: list[int]
    total: int
    facets: dict[str, dict[str, int]]
    distances: dict[int, float] = field(default_factory=dict)  # course id -> miles, when an origin was given
    suggestion: str | None = None  # the query with misspelt words corrected, when that finds courses
    relaxed: bool = False  # no course matched every word, so these match some of them


@dataclass
class _Context:
    searcher: object
    facts: bitsets.IndexFacts
    matches: OrderedDict


def search(root: Path, wanted: Search) -> Found:
    """Raises store.IndexUnavailable when there is no readable index."""
    context = _context(root)
    built = querytext.build(wanted.text, context.searcher.reader(), context.searcher.corrector("spell"))
    scored = wanted.sort == "relevance"
    matches = _matching(context, built.query, scored)
    relaxed = not matches.bits and built.relaxed is not None
    if relaxed:
        matches = _matching(context, built.relaxed, scored)
    matching = matches.bits
    distances: dict[int, float] = {}
    if wanted.origin and wanted.radius_miles is not None:
        distances = _within(context.facts, wanted.origin, wanted.radius_miles, matching)
        matching &= bitsets.from_docnums(distances, context.facts.size)
    chosen = _chosen(context.facts, wanted.filters)
    final = _all_of(matching, chosen.values())
    sort = _effective_sort(wanted.sort, matches.ranked, wanted.origin)
    if sort == "distance" and wanted.radius_miles is None:
        distances = _distances(context.facts, wanted.origin, bitsets.to_docnums(final))
    page_docnums = _page(context, final, matches.ranked, distances, sort, wanted)
    if wanted.origin:
        distances.update(_distances(context.facts, wanted.origin, set(page_docnums) - distances.keys()))
    return Found(
        ids=[context.facts.ids[docnum] for docnum in page_docnums],
        total=final.bit_count(),
        facets=_facet_counts(context.facts, matching, chosen, wanted.filters),
        distances={context.facts.ids[docnum]: distances[docnum] for docnum in page_docnums if docnum in distances},
        suggestion=_suggestion(context, wanted.text, built.corrections, chosen),
        relaxed=relaxed,
    )


def _context(root: Path) -> _Context:
    cached = store.current_searcher(root)
    facts = cached.derived.get("facts")
    if facts is None:
        facts = cached.derived["facts"] = bitsets.read_facts(cached.searcher, cached.segments)
    return _Context(cached.searcher, facts, cached.derived.setdefault("matches", OrderedDict()))


@dataclass
class _Matches:
    bits: int  # every live document that matches
    ranked: array | None = None  # the same documents, best match first, when scored


def _matching(context: _Context, query, scored: bool) -> _Matches:
    """The documents matching `query`, ranked when wanted. Kept per searcher: learners' words repeat a lot."""
    if query is None:
        return _Matches(context.facts.live)
    key = repr(query)
    cached = context.matches.get(key)
    if cached and (cached.ranked is not None or not scored):
        context.matches.move_to_end(key)
        return cached
    found = _ranked(context, query) if scored else _unranked(context, query)
    context.matches[key] = found
    if len(context.matches) > MATCH_CACHE_SIZE:
        context.matches.popitem(last=False)
    return found


def _unranked(context: _Context, query) -> _Matches:
    return _Matches(
        bitsets.from_docnums(context.searcher.docs_for_query(query), context.facts.size) & context.facts.live
    )


def _ranked(context: _Context, query) -> _Matches:
    """One pass over the postings gives both the matching documents and their scores."""
    scores = {}
    search_context = context.searcher.context()
    for leaf, offset in context.searcher.leaf_searchers():
        matcher = query.matcher(leaf, search_context)
        while matcher.is_active():
            scores[matcher.id() + offset] = matcher.score()
            matcher.next()
    bits = bitsets.from_docnums(scores, context.facts.size) & context.facts.live
    return _Matches(bits, array("i", sorted(scores, key=lambda docnum: (-scores[docnum], docnum))))


def clear_match_cache(root: Path) -> None:
    """Forget cached matches, for measuring the engine cold."""
    store.current_searcher(root).derived.pop("matches", None)


def _distances(facts: bitsets.IndexFacts, origin: tuple[float, float], docnums) -> dict[int, float]:
    latitude, longitude = origin
    located = facts.coordinates
    return {docnum: haversine_miles(latitude, longitude, *located[docnum]) for docnum in docnums if docnum in located}


def _within(facts: bitsets.IndexFacts, origin: tuple[float, float], miles: float, matching: int) -> dict[int, float]:
    """Matching documents within `miles`, with their distances: a cheap box first, then the great circle."""
    latitude, longitude = origin
    half_height = miles / MILES_PER_DEGREE_LATITUDE
    half_width = half_height / max(math.cos(math.radians(latitude)), 0.01)
    located = facts.coordinates
    in_box = [
        docnum
        for docnum in bitsets.to_docnums(matching)
        if docnum in located
        and abs(located[docnum][0] - latitude) <= half_height
        and abs(located[docnum][1] - longitude) <= half_width
    ]
    return {docnum: distance for docnum, distance in _distances(facts, origin, in_box).items() if distance <= miles}


def _chosen(facts: bitsets.IndexFacts, filters: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """For each filter in use, the documents having any of its chosen values."""
    chosen = {}
    for facet, values in filters.items():
        if values:
            bits = 0
            for value in values:
                bits |= facts.facets[facet].get(value, 0)
            chosen[facet] = bits
    return chosen


def _all_of(bits: int, masks) -> int:
    for mask in masks:
        bits &= mask
    return bits


def _facet_counts(facts, matching: int, chosen: dict[str, int], filters) -> dict[str, dict[str, int]]:
    counts = {}
    for facet in FACETS:
        others = _all_of(matching, (mask for name, mask in chosen.items() if name != facet))
        values = {value: (others & bits).bit_count() for value, bits in facts.facets[facet].items()}
        selected = set(filters.get(facet, ()))
        counts[facet] = {value: count for value, count in values.items() if count or value in selected}
        for value in selected - counts[facet].keys():
            counts[facet][value] = 0
    return counts


def _page(context: _Context, final: int, ranked: array | None, distances: dict[int, float], sort: str, wanted) -> list:
    start = (wanted.page - 1) * wanted.page_size
    end = start + wanted.page_size
    if sort == "relevance":
        mask = final.to_bytes((context.facts.size + 7) // 8, "little")
        in_final = (docnum for docnum in ranked if mask[docnum >> 3] >> (docnum & 7) & 1)
        return list(islice(in_final, start, end))
    members = bitsets.to_docnums(final)
    if sort == "distance":
        nearest = heapq.nsmallest(end, members, key=lambda docnum: (distances.get(docnum, float("inf")), docnum))
        return nearest[start:end]
    member_set = set(members)
    in_order = (docnum for docnum in context.facts.title_order if docnum in member_set)
    return list(islice(in_order, start, end))


def _effective_sort(sort: str, ranked: array | None, origin) -> str:
    """Relevance needs words and distance needs a postcode; otherwise fall back to the next most useful order."""
    if sort == "relevance" and ranked is None:
        return "distance" if origin else "title"
    if sort == "distance" and not origin:
        return "title"
    return sort


def _suggestion(context: _Context, text: str, corrections: dict[str, str], chosen: dict[str, int]) -> str | None:
    if not corrections:
        return None
    corrected = querytext.corrected_text(text, corrections)
    if len(querytext.clauses(corrected)) == 1 and not chosen:
        return corrected  # one word taken from the index's own words: it matches at least one course
    built = querytext.build(corrected, context.searcher.reader(), context.searcher.corrector("spell"))
    if built.corrections or not _all_of(_matching(context, built.query, scored=False).bits, chosen.values()):
        return None
    return corrected
