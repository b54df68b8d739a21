"""Courses at further education and sixth-form colleges, training providers and the university."""

import re

from prospectus.demo import writing
from prospectus.demo.book import APPRENTICESHIP, PART_TIME, TRAINEESHIP, Book, paragraph
from prospectus.demo.schools import (
    add_a_level,
    add_foundation,
    add_part_time_resit,
    add_resits,
    add_supported_internship,
)
from prospectus.demo.sources import Standard, standards
from prospectus.demo.subjects import A_LEVELS
from prospectus.demo.vocational import (
    APPRENTICESHIP_SECTORS,
    COLLEGE_FOURTEEN_SIXTEEN,
    FOUNDATION,
    PROGRAMMES,
    TRAINEESHIPS,
    Programme,
)

# Campuses with their own postcode; the first is the provider's main address.
CAMPUSES = {
    "Abingdon and Witney College": (("Abingdon campus", None), ("Witney campus", "OX28 6NE")),
    "Activate Learning": (("City of Oxford College", None), ("Banbury and Bicester College", "OX16 9QA")),
}
SIXTH_FORM_COLLEGE_AREAS = {
    "Sport",
    "Health and social care",
    "Childcare and education",
    "Digital and IT",
    "Creative arts and design",
    "Performing arts and music",
    "Media and games",
    "Business and accounting",
    "Public services",
    "Applied science",
}

EMPLOYERS = {
    "1": "hospitals, GP surgeries, care homes and pharmacies",
    "2": "laboratories at Harwell, Milton Park and the Oxford science parks",
    "3": "farms, estates, garden centres and veterinary practices",
    "4": "engineering firms, vehicle manufacturers and the Culham and Harwell campuses",
    "5": "builders, electrical and plumbing contractors and housing associations",
    "6": "software companies, IT support firms and public bodies",
    "7": "shops, salons, hotels, restaurants and distribution centres",
    "8": "leisure centres, gyms, sports clubs and travel companies",
    "9": "theatres, design studios and media companies",
    "13": "schools, nurseries and training companies",
    "15": "accountancy practices, law firms, offices and public bodies",
}
TRAINING_MODES = (
    "one day a week at college",
    "in blocks of a week at a time",
    "through workplace visits and online sessions with your tutor",
    "one day a week at our training centre",
)
APPRENTICE_LEVEL_NAMES = {2: "Intermediate", 3: "Advanced", 4: "Higher", 5: "Higher", 6: "Degree", 7: "Degree"}
APPRENTICE_DURATIONS = {
    2: "12 to 18 months",
    3: "18 to 24 months",
    4: "2 to 3 years",
    5: "2 to 3 years",
    6: "3 to 4 years",
    7: "3 to 4 years",
}


def fe_college(book: Book) -> None:
    campuses = CAMPUSES.get(book.name, ((None, None),))
    for programme in PROGRAMMES:
        for level, kind, title in programme.courses:
            for campus, postcode in _campuses_for(book, campuses):
                _vocational(book, programme, level, kind, _at(title, campus), postcode)
    for subject in book.rng.sample(A_LEVELS, book.rng.randrange(14, 22)):
        add_a_level(book, subject)
    add_resits(book)
    add_part_time_resit(book)
    _college_foundation(book, 6)
    for _ in range(book.rng.randrange(2, 4)):
        add_supported_internship(book)
    _traineeships(book, book.rng.randrange(2, 5))
    _fourteen_to_sixteen(book)
    apprenticeships(book, book.rng.randrange(130, 170), levels={2, 3, 4, 5})


def sixth_form_college(book: Book) -> None:
    for subject in book.rng.sample(A_LEVELS, book.rng.randrange(30, 37)):
        add_a_level(book, subject)
    for programme in PROGRAMMES:
        if programme.area in SIXTH_FORM_COLLEGE_AREAS:
            for level, kind, title in programme.courses:
                if level != "1":
                    _vocational(book, programme, level, kind, title)
    add_resits(book)
    _college_foundation(book, 2)
    add_supported_internship(book)
    apprenticeships(book, book.rng.randrange(8, 14), levels={2, 3})


def training_provider(book: Book) -> None:
    apprenticeships(book, book.rng.randrange(18, 28), levels={2, 3})
    _traineeships(book, book.rng.randrange(3, 6))
    add_foundation(book, *next(f for f in FOUNDATION if f[0] == "1"), nccis=book.nccis)


def university(book: Book) -> None:
    apprenticeships(book, book.rng.randrange(10, 16), levels={4, 5, 6, 7})


def apprenticeships(book: Book, count: int, levels: set[int]) -> None:
    sectors = APPRENTICESHIP_SECTORS[book.provider_type]
    choices = [s for s in standards() if s.level in levels and s.ssa_tier1 in sectors]
    for standard in book.rng.sample(choices, min(count, len(choices))):
        _apprenticeship(book, standard)


def apprenticeship_title(standard: Standard) -> str:
    name = re.sub(r"\s*\((integrated )?degree\)\s*$", "", standard.name, flags=re.IGNORECASE)
    return f"{APPRENTICE_LEVEL_NAMES[standard.level]} apprenticeship: {name}"


def _apprenticeship(book: Book, standard: Standard) -> None:
    rng = book.rng
    level = str(min(standard.level, 4))
    book.add(
        f"AP{standard.code:04d}",
        apprenticeship_title(standard),
        "apprenticeship",
        level,
        standard.ssa_tier2,
        duration=APPRENTICE_DURATIONS[standard.level],
        entry_requirements=_apprenticeship_entry(standard.level),
        description=paragraph(
            f"You are employed as an apprentice and train with us {rng.choice(TRAINING_MODES)}.",
            f"The apprenticeship follows the {standard.name} standard (level {standard.level}) and ends with an "
            "independent end-point assessment.",
            f"Typical employers include {EMPLOYERS.get(standard.ssa_tier1, 'local businesses and public bodies')}.",
            rng.choice(
                (
                    "We help you find an employer if you do not have one yet.",
                    "Apply to us and we will match you with vacancies from our employer partners.",
                    "Vacancies are also listed on the national Find an apprenticeship service.",
                )
            ),
        ),
        nccis_offer_code=APPRENTICESHIP,
        apprenticeship_standard=standard.code,
        places=book.places(2, 15),
        costs=(
            "No cost to you: your employer and the government pay for the training. You earn at least the "
            "apprentice rate of the National Minimum Wage."
        ),
        bursaries="Apprentices aged 16 to 24 who have been in care can get a care leavers' bursary.",
    )


def _apprenticeship_entry(level: int) -> str:
    if level >= 4:
        return "A levels, a T Level or another level 3 qualification, and GCSE English and maths at grade 4 or above."
    if level == 3:
        return (
            "Five GCSEs at grade 4 or above, including English and maths, or a level 2 qualification in the same "
            "field. You must be employed as an apprentice."
        )
    return (
        "GCSE English and maths at grade 4 are welcome but not required: if you do not have them you will work "
        "towards Functional Skills level 2 as part of the apprenticeship. You must be employed as an apprentice."
    )


def _vocational(book: Book, programme: Programme, level: str, kind: str, title: str, venue=None) -> None:
    rng = book.rng
    book.add(
        _code(title, level),
        title,
        kind,
        level,
        programme.ssa_tier2,
        duration="2 years" if kind == "t-level" or "Extended" in title else "1 year",
        entry_requirements=writing.vocational_entry(level, kind, rng),
        description=paragraph(
            writing.study_sentence(programme.topics, rng, rng.choice((3, 4))),
            writing.assessment_sentence(kind, rng),
            "You also improve your English and maths if you do not yet have grade 4." if level != "3" else "",
            writing.leads_sentence(programme.leads_to, rng),
        ),
        venue_postcode=venue,
        places=book.places(12, 24),
        costs=writing.tuition_costs(programme.kit),
        bursaries=book.bursary(),
    )


def _college_foundation(book: Book, count: int) -> None:
    for level, title, ssa, topics in book.rng.sample(FOUNDATION, min(count, len(FOUNDATION))):
        add_foundation(book, level, title, ssa, topics, nccis=book.nccis)


def _traineeships(book: Book, count: int) -> None:
    for title, ssa in book.rng.sample(TRAINEESHIPS, count):
        sector = title.removeprefix("Traineeship in ").lower()
        book.add(
            _code(title, "T"),
            title,
            "traineeship",
            "1",
            ssa,
            duration=book.rng.choice(("6 weeks to 6 months", "Up to 6 months", "12 weeks")),
            entry_requirements=(
                "For 16 to 24 year olds who are not in work, have little work experience and are qualified below "
                "level 3. There are no formal entry requirements."
            ),
            description=paragraph(
                f"A short programme that gets you ready for an apprenticeship or a job in {sector}.",
                "It includes a work placement of at least 70 hours, help with your CV and interviews, and English "
                "and maths if you need them.",
                "Trainees who complete the programme are guaranteed an interview with their placement employer.",
            ),
            nccis_offer_code=TRAINEESHIP,
            places=book.places(8, 16),
            costs="No cost to you. We pay travel and lunch costs during your placement.",
        )


def _fourteen_to_sixteen(book: Book) -> None:
    areas = {programme.area: programme for programme in PROGRAMMES}
    for area, title in book.rng.sample(COLLEGE_FOURTEEN_SIXTEEN, book.rng.randrange(3, 6)):
        programme = areas[area]
        book.add(
            _code(title, "KS4"),
            title,
            "btec",
            "1",
            programme.ssa_tier2,
            age_group="14-16",
            study_mode="part-time",
            duration="2 years, one day a week",
            entry_requirements="For Year 10 students. Your school applies for a place for you and agrees it with us.",
            description=paragraph(
                "A practical course at college for pupils in Years 10 and 11, alongside their GCSEs at school.",
                writing.study_sentence(programme.topics, book.rng, 2),
                "Students gain a level 1 qualification and can move on to a full-time course at 16.",
            ),
            nccis_offer_code=PART_TIME,
            places=book.places(8, 16),
            costs="No cost to families: the school pays for the place.",
        )


def _campuses_for(book: Book, campuses):
    if len(campuses) == 1:
        return campuses if book.rng.random() < 0.9 else ()
    roll = book.rng.random()
    if roll < 0.05:
        return ()
    if roll < 0.4:
        return campuses[:1]
    return campuses[1:] if roll < 0.55 else campuses


def _at(title: str, campus: str | None) -> str:
    return f"{title} ({campus})" if campus else title


def _code(title: str, level: str) -> str:
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", title) if word[0].isupper())
    return f"{level}{initials}"[:12]
