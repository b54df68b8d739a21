"""The /courses search page: words, filters with live counts, postcode and distance, suggestions, paging."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import Page
from tests.factories import CourseFactory, EntryYearFactory
from tests.search import catalogue
from tests.search.helpers import remove_index


def _count(page: Page) -> str:
    return re.sub(r"<[^>]+>|\s+", " ", re.search(r'id="results-count">(.*?)</h2>', page.html, re.S).group(1)).strip()


def _titles(page: Page) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/courses/\d+[^"]*">([^<]+)</a>', page.html)


def _facet_count(page: Page, param: str, value: str) -> int | None:
    match = re.search(rf'name="{param}" type="checkbox" value="{re.escape(value)}".*?\((\d+)\)', page.html, re.S)
    return int(match.group(1)) if match else None


@pytest.fixture
def courses():
    return catalogue.build()


def test_keywords_find_courses_by_stem_and_synonym(client, courses):
    page = Page(client.get("/courses?q=engineer"))
    assert page.h1 == "Find a course"
    assert "Engineering Extended Diploma Level 3" in _titles(page)
    assert "Motor Vehicle Maintenance and Repair Level 2" in _titles(Page(client.get("/courses?q=mechanic")))
    assert "Early Years Educator Level 3" in _titles(Page(client.get("/courses?q=childcare")))


def test_filters_show_live_counts_and_keep_each_other(client, courses):
    page = Page(client.get("/courses?q=apprenticeship"))
    assert _count(page).startswith("10 courses")  # nine apprenticeships and a traineeship that leads to one
    page = Page(client.get("/courses?qualification=apprenticeship"))
    assert _count(page) == "9 courses"
    assert _facet_count(page, "level", "3") == 5
    assert _facet_count(page, "level", "2") == 4

    page = Page(client.get("/courses?qualification=apprenticeship&level=2&subject=7"))
    assert _count(page) == "3 courses"
    # Counts in one filter keep the other filters but not their own, so other levels can still be added.
    assert _facet_count(page, "level", "3") == 0 or _facet_count(page, "level", "3") is None
    assert _facet_count(page, "level", "2") == 3
    assert _facet_count(page, "subject", "4") == 1  # the motor vehicle apprenticeship, at level 2
    assert 'value="2" checked' in page.html and 'value="7" checked' in page.html
    assert 'value="apprenticeship" checked' in page.html


def test_several_values_of_one_filter_widen_the_search(client, courses):
    one = _count(Page(client.get("/courses?level=1")))
    both = _count(Page(client.get("/courses?level=1&level=E2")))
    assert int(one.split()[0]) + 1 == int(both.split()[0])


def test_removing_a_filter_keeps_the_rest(client, courses):
    page = Page(client.get("/courses?q=plumbing&level=2&provider_type=fe-college"))
    links = re.findall(r'href="([^"]+)">Remove<span class="govuk-visually-hidden"> filter</span> level', page.html)
    assert links
    assert parse_qs(urlsplit(links[0].replace("&amp;", "&")).query) == {
        "q": ["plumbing"],
        "provider_type": ["fe-college"],
    }


def test_postcode_gives_distances_and_sorts_by_distance(client, courses):
    page = Page(client.get("/courses?q=motor+vehicle&postcode=ox16+9qa&sort=distance"))
    titles = _titles(page)
    assert titles[0] in {"Introduction to Vehicle Technology Level 1", "Year 10 Motor Vehicle Taster"}
    distances = [float(miles) for miles in re.findall(r"([\d.]+) miles away", page.html)]
    assert distances == sorted(distances) and distances[0] < 0.5
    assert 'value="OX16 9QA"' in page.html
    assert "Contains OS data" in page.html


def test_radius_keeps_only_nearby_courses(client, courses):
    near = Page(client.get("/courses?postcode=OX1+1AA&radius=3"))
    titles = _titles(near)
    assert "Hairdressing Level 2" in titles  # Oxpens, central Oxford
    assert "A level Biology" not in titles  # Henley, about 20 miles away
    assert all(float(miles) <= 3 for miles in re.findall(r"([\d.]+) miles away", near.html))


def test_a_district_or_a_postcode_outside_the_county_still_works(client, courses):
    assert "miles away" in Page(client.get("/courses?postcode=OX4")).html
    assert "miles away" in Page(client.get("/courses?postcode=SW1A+1AA")).html


@pytest.mark.parametrize(
    "postcode, message",
    [
        ("banana", "Enter a real postcode, like OX1 1AA"),
        ("OX1 1AAA", "Enter a real postcode, like OX1 1AA"),
        ("ZZ9 9ZZ", "We could not find the postcode ZZ9 9ZZ. Check it, or enter the first half only, like OX1"),
    ],
)
def test_bad_postcodes_say_what_to_do(client, courses, postcode, message):
    page = Page(client.get("/courses", query_string={"postcode": postcode}))
    assert page.title.startswith("Error: Find a course")
    assert page.error_summary == [message]
    assert 'href="#postcode"' in page.html


def test_radius_without_a_postcode_is_an_error(client, courses):
    page = Page(client.get("/courses?radius=5"))
    assert page.error_summary == ["Enter a postcode to search within a distance of it"]


def test_did_you_mean_offers_the_corrected_search(client, courses):
    page = Page(client.get("/courses?q=plumbng"))
    link = re.search(r'Did you mean <a class="govuk-link" href="([^"]+)">plumbing</a>', page.html)
    assert link
    assert parse_qs(urlsplit(link.group(1)).query) == {"q": ["plumbing"]}
    assert "Did you mean" not in Page(client.get("/courses?q=plumbing")).html


def test_no_results_gives_advice(client, courses):
    page = Page(client.get("/courses?q=astrophysics&level=2"))
    assert _count(page).startswith("0 courses")
    assert "No courses match your search" in page.html
    assert "remove all filters" in page.html
    assert "check the spelling" in page.html


def test_when_no_course_has_every_word_some_words_are_enough(client, courses):
    page = Page(client.get("/courses?q=animal+car"))
    assert 'id="relaxed"' in page.html
    assert _titles(page)[0] == "Animal Care Level 2"


def test_paging_and_the_count(client):
    EntryYearFactory()
    CourseFactory.create_batch(21, title="Bricklaying Level 1")
    first = Page(client.get("/courses?q=bricklaying"))
    assert _count(first) == "21 courses matching ‘bricklaying’ Page 1 of 2"
    assert len(_titles(first)) == 20
    assert len(_titles(Page(client.get("/courses?q=bricklaying&page=2")))) == 1
    assert client.get("/courses?q=bricklaying&page=3").status_code == 404
    assert client.get("/courses?page=0").status_code == 404


def test_the_course_page_links_back_to_the_search(client, courses):
    page = Page(client.get("/courses?q=plumbing&level=2"))
    href = re.search(r'href="(/courses/\d+\?search=[^"]+)"', page.html).group(1).replace("&amp;", "&")
    course = Page(client.get(href))
    back = re.search(r'<a href="([^"]+)" class="govuk-back-link">Back to your search results</a>', course.html)
    assert back and parse_qs(urlsplit(back.group(1).replace("&amp;", "&")).query) == {"q": ["plumbing"], "level": ["2"]}


def test_a_back_link_carries_only_search_parameters(client, courses):
    course_id = courses["plumbing-l2-banbury"]
    page = Page(client.get(f"/courses/{course_id}", query_string={"search": "q=x&next=https://evil.example"}))
    assert "evil.example" not in page.html


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced quote',
        "AND",
        "OR NOT",
        "*",
        "plumb*",
        "a" * 5000,
        "\x00\x1b[31mred\x07",
        "数学 课程",
        "رياضيات",
        "Математика",
        "((()))[]{}^~:\\/",
        "title:plumbing",
        "-",
        "🙂🙂",
    ],
)
def test_any_text_is_safe(client, courses, text):
    page = Page(client.get("/courses", query_string={"q": text}))
    match = re.search(r'name="q" type="search" spellcheck="true" value="([^"]*)"', page.html)
    assert len(match.group(1)) <= 200 * 6  # at most 200 characters, some escaped as entities


def test_a_prefix_and_a_phrase(client, courses):
    assert "Hairdressing Level 2" in _titles(Page(client.get("/courses?q=hairdress*")))
    phrase = _titles(Page(client.get('/courses?q="early+years+educator"')))
    assert phrase[0] == "Early Years Educator Level 3"
    assert "T Level in Education and Early Years" not in phrase


def test_without_an_index_the_page_lists_courses_from_the_database(client, search_root):
    EntryYearFactory()
    CourseFactory(title="Plumbing Level 2")
    remove_index(search_root)
    page = Page(client.get("/courses?q=plumbing&level=2"))
    assert "Searching and filtering are not working at the moment" in page.html
    assert _titles(page) == ["Plumbing Level 2"]
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["checks"]["search_index"] == {"status": "missing"}


def test_healthz_reports_the_index_state_and_size(client, courses):
    check = client.get("/healthz").json["checks"]["search_index"]
    assert check["status"] == "ok"
    assert check["courses"] == len(catalogue.COURSES)
    assert check["bytes"] > 0
