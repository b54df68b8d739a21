"""Learners' words for the same thing, as concepts found in both course text and queries.

A concept is tagged on a course when its title, qualification or subject contains one of the concept's phrases, and a
query that contains any of the phrases matches the tag. Phrases are sequences of lower-case words, so "A-level",
"A level" and "a levels" all read as ("a", "level") or ("a", "levels").
"""

import re

WORD = re.compile(r"\w+")

# concept -> phrases. Phrases marked in QUERY_ONLY are too common in ordinary English to tag course text with.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "alevel": (
        "a level",
        "a levels",
        "alevel",
        "alevels",
        "as level",
        "as levels",
        "a2",
        "advanced level",
        "sixth form",
        "6th form",
    ),
    "maths": ("maths", "math", "mathematics", "mathematical", "numeracy", "statistics", "further maths"),
    "english": ("english", "english language", "english literature", "literacy"),
    "digital": (
        "it",
        "ict",
        "computing",
        "computer",
        "computers",
        "computer science",
        "digital",
        "information technology",
        "information and communication technology",
        "software",
        "coding",
        "programming",
        "cyber",
        "cyber security",
        "web development",
    ),
    "apprenticeship": (
        "apprentice",
        "apprentices",
        "apprenticeship",
        "apprenticeships",
        "work based",
        "earn and learn",
    ),
    "hair": ("hair", "hairdresser", "hairdressers", "hairdressing", "barber", "barbering", "hair and beauty"),
    "beauty": ("beauty", "beautician", "beauty therapy", "nails", "make up", "makeup", "nail technician"),
    "motor": (
        "mechanic",
        "mechanics",
        "motor",
        "vehicle",
        "vehicles",
        "motor vehicle",
        "motor vehicles",
        "vehicle maintenance",
        "car",
        "cars",
        "automotive",
        "garage",
        "auto",
    ),
    "childcare": (
        "childcare",
        "child care",
        "early years",
        "early years educator",
        "nursery",
        "nursery nurse",
        "child development",
        "children",
        "nanny",
    ),
    "care": ("health and social care", "social care", "care work", "carer", "care worker", "adult care"),
    "nursing": ("nurse", "nursing", "healthcare", "health care", "nursing assistant", "midwife", "midwifery"),
    "construction": ("construction", "building", "builder", "bricklaying", "bricklayer", "brickwork", "trades"),
    "carpentry": ("carpentry", "carpenter", "joinery", "joiner", "woodwork", "wood occupations"),
    "plumbing": ("plumbing", "plumber", "heating", "gas engineer"),
    "electrical": ("electrical", "electrician", "electrics", "electrical installation", "electrotechnical"),
    "engineering": ("engineering", "engineer", "engineers", "mechanical", "manufacturing", "fabrication", "welding"),
    "catering": (
        "catering",
        "chef",
        "chefs",
        "cook",
        "cooking",
        "culinary",
        "hospitality",
        "professional cookery",
        "food",
        "bakery",
        "baking",
    ),
    "sport": (
        "sport",
        "sports",
        "pe",
        "physical education",
        "fitness",
        "gym",
        "personal trainer",
        "coaching",
        "fitness instructor",
        "fitness instructing",
        "gym instructor",
    ),
    "art": ("art", "arts", "art and design", "fine art", "drawing", "painting", "graphic design", "graphics"),
    "music": ("music", "musician", "music technology", "music production", "dj"),
    "drama": ("drama", "acting", "actor", "theatre", "performing arts", "musical theatre"),
    "media": ("media", "film", "filmmaking", "games", "gaming", "game design", "animation", "creative media"),
    "business": ("business", "business studies", "enterprise", "marketing"),
    "admin": ("admin", "administration", "office", "business administration", "receptionist"),
    "accounting": ("accounting", "accountancy", "accountant", "finance", "bookkeeping", "book keeping", "aat"),
    "law": ("law", "legal", "solicitor", "lawyer", "paralegal", "criminology"),
    "science": ("science", "sciences", "applied science", "laboratory", "lab"),
    "animals": (
        "animal",
        "animals",
        "animal care",
        "animal management",
        "vet",
        "veterinary",
        "dog grooming",
        "equine",
        "horse",
        "horses",
        "zoo",
    ),
    "land": ("agriculture", "farming", "farm", "horticulture", "gardening", "gardener", "landscaping", "forestry"),
    "publicservices": (
        "public services",
        "uniformed services",
        "police",
        "army",
        "armed forces",
        "military",
        "fire service",
        "firefighter",
        "protective services",
    ),
    "travel": ("travel", "tourism", "travel and tourism", "cabin crew", "aviation", "airline"),
    "retail": ("retail", "shop", "customer service", "sales", "warehouse", "logistics"),
    "teaching": ("teaching", "teacher", "teaching assistant", "classroom", "education"),
    "languages": ("languages", "language", "modern languages", "mfl", "modern foreign languages"),
    "tlevel": ("t level", "t levels", "tlevel", "tlevels", "technical level"),
    "btec": ("btec", "btecs", "diploma", "extended diploma", "vocational", "nvq", "cambridge technical"),
    "gcse": ("gcse", "gcses", "resit", "resits", "re sit", "retake", "retakes"),
    "ib": ("ib", "international baccalaureate", "baccalaureate"),
    "traineeship": ("traineeship", "traineeships", "trainee", "work experience", "pre apprenticeship"),
    "internship": ("supported internship", "supported internships", "internship", "internships", "job coach"),
    "foundation": (
        "foundation learning",
        "foundation",
        "preparation for life",
        "preparation for work",
        "independent living",
        "life skills",
        "entry level",
        "pathways to independence",
    ),
    "send": ("send", "sen", "lldd", "special needs", "special educational needs", "learning difficulties", "ehcp"),
}

QUERY_ONLY = {"it", "a2", "car", "cars", "cook", "food", "lab", "shop", "sales", "office", "send", "sen", "auto"}
QUERY_ONLY |= {"children", "building", "trades", "games", "education", "language", "foundation", "diploma"}


def _phrase_table(include_query_only: bool) -> dict[tuple[str, ...], str]:
    table = {}
    for concept, phrases in CONCEPTS.items():
        for phrase in phrases:
            if include_query_only or phrase not in QUERY_ONLY:
                table[tuple(phrase.split())] = concept
    return table


QUERY_PHRASES = _phrase_table(include_query_only=True)
COURSE_PHRASES = _phrase_table(include_query_only=False)
LONGEST_PHRASE = max(len(phrase) for phrase in QUERY_PHRASES)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def match_at(tokens: list[str], start: int, table: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
    """The concept whose longest phrase starts at tokens[start], and the phrase length."""
    for length in range(min(LONGEST_PHRASE, len(tokens) - start), 0, -1):
        concept = table.get(tuple(tokens[start : start + length]))
        if concept:
            return concept, length
    return None


def concepts_in(text: str) -> set[str]:
    """Concepts a course's own words (title, qualification, subject) carry."""
    tokens = words(text)
    found = set()
    for start in range(len(tokens)):
        match = match_at(tokens, start, COURSE_PHRASES)
        if match:
            found.add(match[0])
    return found


def is_known_phrase_word(word: str) -> bool:
    return (word,) in QUERY_PHRASES
