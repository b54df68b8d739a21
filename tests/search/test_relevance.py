"""Relevance: what a careers adviser would expect near the top for what young people and parents really type.

The test prints the share of queries whose expected course is in the top 5 (the bar is 90%) and the mean
reciprocal rank of the first expected course.
"""

from dataclasses import dataclass

import pytest

import search_index
from core.postcodes import locate
from tests.search import catalogue


@dataclass(frozen=True)
class Case:
    query: str
    expected: tuple[str, ...]  # any of these in the top 5 is a hit
    postcode: str | None = None
    sort: str = "relevance"


CASES = [
    # plain words and stemming
    Case("plumbing", ("plumbing-l2-banbury", "plumbing-appr-cowley")),
    Case("plumber", ("plumbing-l2-banbury", "plumbing-appr-cowley")),
    Case("electrician", ("electrician-appr-cowley", "electrical-l2-oxford")),
    Case("engineer", ("engineering-l3-didcot", "engineering-tlevel-abingdon", "engineering-appr-cowley")),
    Case("bricklayer", ("bricklaying-l2-banbury",)),
    Case("carpenter", ("carpentry-l1-abingdon",)),
    Case("welding", ("welding-l2-banbury",)),
    Case("hairdresser", ("hairdressing-l2-oxford", "hairdressing-l1-banbury", "hairdressing-appr-cowley")),
    Case("barber", ("barbering-l2-abingdon",)),
    Case("beauty therapy", ("beauty-l2-oxford",)),
    Case("chef", ("catering-l2-oxford", "chef-appr-cowley")),
    Case("cooking", ("catering-l2-oxford", "catering-l1-banbury")),
    Case("psychology", ("alevel-psychology-henley",)),
    Case("law", ("alevel-law-oxford",)),
    Case("sociology", ("alevel-sociology-oxford",)),
    Case("history a level", ("alevel-history-witney",)),
    Case("french", ("alevel-french-henley",)),
    Case("International Baccalaureate", ("ib-henley",)),
    # learners' words for the same thing (synonyms and jargon)
    Case("a level maths", ("alevel-maths-witney", "alevel-further-maths-henley")),
    Case("A-level maths", ("alevel-maths-witney", "alevel-further-maths-henley")),
    Case("alevels biology", ("alevel-biology-henley",)),
    Case("further maths", ("alevel-further-maths-henley",)),
    Case("mechanic", ("motor-vehicle-l2-abingdon", "motor-vehicle-appr-cowley", "motor-vehicle-l1-banbury")),
    Case("car mechanic apprentice", ("motor-vehicle-appr-cowley",)),
    Case("childcare", ("early-years-l3-abingdon", "childcare-l2-banbury", "childcare-tlevel-oxford")),
    Case("nursery nurse", ("early-years-l3-abingdon", "childcare-l2-banbury")),
    Case("IT", ("it-l2-banbury", "digital-tlevel-oxford", "cyber-l3-didcot")),
    Case("ICT", ("it-l2-banbury", "digital-tlevel-oxford")),
    Case("computing", ("alevel-computer-science-henley", "it-l2-banbury", "digital-tlevel-oxford")),
    Case("coding", ("digital-tlevel-oxford", "alevel-computer-science-henley")),
    Case("hair apprenticeship", ("hairdressing-appr-cowley",)),
    Case("accountancy apprenticeship", ("accounting-appr-cowley",)),
    Case("nursing", ("health-tlevel-banbury",)),
    Case("police", ("public-services-l3-abingdon",)),
    Case("vet", ("animal-management-l3-banbury", "animal-care-l2-abingdon")),
    Case("pe", ("sport-l3-abingdon",)),
    Case("gym instructor", ("personal-trainer-l2-banbury",)),
    Case("acting", ("performing-arts-l3-oxford",)),
    Case("resit maths", ("gcse-resit-oxford",)),
    Case("EHCP supported internship", ("supported-internship-bicester",)),
    Case("life skills", ("independent-living-bicester",)),
    Case("t level digital", ("digital-tlevel-oxford",)),
    Case("teaching assistant", ("teaching-assistant-l3-oxford",)),
    Case("year 10 cars", ("ks4-motor-banbury",)),
    # misspellings
    Case("plumbng", ("plumbing-l2-banbury", "plumbing-appr-cowley")),
    Case("hairdresing", ("hairdressing-l2-oxford", "hairdressing-l1-banbury")),
    Case("electrial", ("electrical-l2-oxford", "electrician-appr-cowley")),
    Case("mathematcs", ("alevel-maths-witney", "alevel-further-maths-henley")),
    Case("psycology", ("alevel-psychology-henley",)),
    Case("enginering", ("engineering-l3-didcot", "engineering-tlevel-abingdon", "engineering-appr-cowley")),
    Case("bricklaing", ("bricklaying-l2-banbury",)),
    Case("animal car", ("animal-care-l2-abingdon",)),
    # location, by town name or by postcode
    Case("plumbing banbury", ("plumbing-l2-banbury",)),
    Case("hairdressing oxford", ("hairdressing-l2-oxford",)),
    Case("courses in didcot", ("engineering-l3-didcot", "cyber-l3-didcot")),
    Case("a levels near henley", ("alevel-biology-henley", "alevel-physics-henley", "alevel-psychology-henley")),
    Case("motor vehicle", ("motor-vehicle-l1-banbury",), postcode="OX16 9QA", sort="distance"),
    Case(
        "a level",
        ("alevel-maths-witney", "alevel-history-witney", "alevel-chemistry-witney"),
        postcode="OX28 4AX",
        sort="distance",
    ),
    Case("engineering", ("engineering-tlevel-abingdon",), postcode="OX14 3DB", sort="distance"),
]


def _rank(root, ids: dict[str, int], case: Case) -> int | None:
    where = locate(case.postcode) if case.postcode else None
    found = search_index.search(
        root,
        search_index.Search(
            text=case.query,
            origin=(where.latitude, where.longitude) if where else None,
            sort=case.sort,
            page_size=5,
        ),
    )
    expected = {ids[key] for key in case.expected}
    return next((position for position, course_id in enumerate(found.ids, start=1) if course_id in expected), None)


def test_the_relevance_set_is_big_enough_and_varied():
    assert len(CASES) >= 40
    assert sum(case.postcode is not None or " in " in case.query for case in CASES) >= 3


def test_expected_courses_are_in_the_top_five(search_root, capsys):
    ids = catalogue.build()
    ranks = {case: _rank(search_root, ids, case) for case in CASES}
    hits = [case for case, rank in ranks.items() if rank is not None]
    share = len(hits) / len(CASES)
    mrr = sum(1 / rank for rank in ranks.values() if rank) / len(CASES)
    misses = [case.query for case, rank in ranks.items() if rank is None]
    with capsys.disabled():
        print(
            f"\nRelevance: {len(hits)}/{len(CASES)} queries ({share:.0%}) have an expected course in the top 5; "
            f"MRR {mrr:.3f}. Misses: {misses or 'none'}"
        )
    assert share >= 0.9, f"only {share:.0%} in the top 5; misses: {misses}"


@pytest.mark.parametrize("misspelt, corrected", [("plumbng", "plumbing"), ("hairdresing", "hairdressing")])
def test_a_misspelt_word_gets_a_suggestion(search_root, misspelt, corrected):
    catalogue.build()
    found = search_index.search(search_root, search_index.Search(text=misspelt))
    assert found.suggestion == corrected
    assert found.total > 0
