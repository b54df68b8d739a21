"""What the index holds for each course, and how course text is analysed."""

from whoosh.analysis import RegexTokenizer, StemmingAnalyzer
from whoosh.analysis.filters import STOP_WORDS, LowercaseFilter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from search_index.synonyms import concepts_in

# Words that say nothing about which course someone wants ("courses near me").
LEARNER_STOP_WORDS = frozenset({"course", "courses", "near", "me", "want", "wanna", "looking", "find", "study"})
STOP = frozenset(STOP_WORDS) | LEARNER_STOP_WORDS

# minsize=1 keeps the "2" of "Level 2".
STEMMED = StemmingAnalyzer(stoplist=STOP, minsize=1)
PLAIN = RegexTokenizer() | LowercaseFilter()

# Filters people can choose, in the order the page shows them: the request parameter is the field name.
FACETS = ("ssa", "level", "qualification", "age_group", "study_mode", "provider_type", "area", "provider", "starts")

# Field weights for keyword matches: a word in the title says most about a course.
FIELD_BOOSTS = {"title": 4.0, "concepts": 3.0, "subject": 2.0, "provider_text": 1.5, "body": 1.0}
TEXT_FIELDS = ("title", "subject", "provider_text", "body")


def make_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True),
        stamp=STORED,
        title_key=STORED,
        lat=STORED,
        lon=STORED,
        title=TEXT(analyzer=STEMMED),
        subject=TEXT(analyzer=STEMMED),
        provider_text=TEXT(analyzer=STEMMED),
        body=TEXT(analyzer=STEMMED),
        concepts=KEYWORD(scorable=True),
        spell=TEXT(analyzer=PLAIN),
        entry_year=ID,
        **{facet: ID(stored=True) for facet in FACETS},
    )


def stamp(version: int, course_updated_at, provider_updated_at) -> str:
    """Changes whenever anything the index holds about a course changes, so `check` can spot a stale entry."""
    return f"{version}:{course_updated_at:%Y%m%d%H%M%S%f}:{provider_updated_at:%Y%m%d%H%M%S%f}"


def course_document(course, coordinates: tuple[float, float] | None) -> dict:
    provider = course.provider
    subject = " ".join(
        label
        for label in (
            course.label("ssa_tier1"),
            course.label("ssa_tier2"),
            course.label("qualification_type"),
            course.label("level"),
            course.label("age_group"),
            course.label("study_mode"),
        )
        if label
    )
    provider_text = " ".join(filter(None, (provider.name, provider.area.name, provider.address, provider.postcode)))
    own_words = f"{course.title} {subject}"
    document = {
        "id": str(course.id),
        "stamp": stamp(course.version, course.updated_at, provider.updated_at),
        "title_key": course.title.casefold(),
        "title": course.title,
        "subject": subject,
        "provider_text": provider_text,
        "body": course.description or "",
        "concepts": " ".join(sorted(concepts_in(own_words))),
        "spell": f"{own_words} {provider_text} {course.description or ''}",
        "ssa": course.ssa_tier1,
        "level": course.level,
        "qualification": course.qualification_type,
        "age_group": course.age_group,
        "study_mode": course.study_mode,
        "provider_type": provider.provider_type,
        "area": str(provider.area_id),
        "provider": str(provider.id),
        "entry_year": str(course.entry_year_id),
        "starts": "september" if course.start_date and course.start_date.month == 9 else "other",
    }
    if coordinates:
        document["lat"], document["lon"] = coordinates
    return document
