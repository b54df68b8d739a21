"""Courses at school sixth forms, university technical colleges and special schools."""

from prospectus.demo import writing
from prospectus.demo.book import PART_TIME, SUPPORTED_INTERNSHIP, Book, paragraph
from prospectus.demo.subjects import A_LEVELS, CORE_A_LEVELS, GCSE_OPTIONS, TECH_AWARDS, Subject
from prospectus.demo.vocational import FOUNDATION, SUPPORTED_INTERNSHIP_HOSTS

PRACTICAL = {"Biology", "Chemistry", "Physics", "Geology"}
PORTFOLIO = {
    "Art and Design: Fine Art",
    "Art and Design: Photography",
    "Art and Design: Graphic Communication",
    "Art and Design: Textile Design",
}
COURSEWORK = {
    "History",
    "Geography",
    "English Literature",
    "English Language",
    "Computer Science",
    "Drama and Theatre",
    "Music",
    "Music Technology",
    "Physical Education",
    "Media Studies",
    "Film Studies",
    "Dance",
    "Design and Technology: Product Design",
    "Classical Civilisation",
}
STEM_A_LEVELS = {
    "Mathematics",
    "Further Mathematics",
    "Physics",
    "Chemistry",
    "Biology",
    "Computer Science",
    "Design and Technology: Product Design",
    "Electronics",
    "Psychology",
}

APPLIED_GENERALS = (
    ("BTEC Level 3 National Extended Certificate in Applied Science", "2.1", "AS"),
    ("BTEC Level 3 National Extended Certificate in Business", "15.3", "BS"),
    ("BTEC Level 3 National Extended Certificate in Health and Social Care", "1.3", "HSC"),
    ("BTEC Level 3 National Extended Certificate in Sport", "8.1", "SP"),
    ("BTEC Level 3 National Extended Certificate in Information Technology", "6.2", "IT"),
    ("Cambridge Technical Extended Certificate in Sport and Physical Activity", "8.1", "SPA"),
    ("WJEC Level 3 Applied Diploma in Criminology", "1.4", "CRIM"),
    ("BTEC Level 3 National Extended Certificate in Applied Psychology", "2.1", "APSY"),
    ("Level 3 Certificate in Financial Studies", "15.1", "FIN"),
    ("BTEC Level 3 National Diploma in Creative Digital Media Production", "9.3", "MED"),
    ("Level 3 Extended Certificate in Performing Arts", "9.1", "PA"),
)
LEVEL_TWO_PROGRAMMES = (
    ("BTEC Level 2 Technical Certificate in Business, with GCSE resits", "15.3", "L2BUS"),
    ("Level 2 Certificate in Sport and Active Leisure, with GCSE resits", "8.1", "L2SPT"),
    ("Level 2 Diploma in Health and Social Care, with GCSE resits", "1.3", "L2HSC"),
    ("Level 2 Certificate in Creative Media, with GCSE resits", "9.3", "L2MED"),
)
APPLIED_TOPICS = (
    "units that build on real case studies",
    "assignments set in local workplaces",
    "a mix of coursework and externally set tasks",
    "visits from employers and practitioners",
)


def sixth_form_school(book: Book) -> None:
    size = book.size or 120
    a_level_count = min(len(A_LEVELS), 20 + size // 20 + book.rng.randrange(0, 6))
    for subject in _choose_a_levels(book, a_level_count):
        add_a_level(book, subject)
    for title, ssa, code in book.rng.sample(APPLIED_GENERALS, book.rng.randrange(3, 8)):
        _applied_general(book, title, ssa, code)
    if book.rng.random() < 0.75:
        add_resits(book)
    if book.rng.random() < 0.5:
        for title, ssa, code in book.rng.sample(LEVEL_TWO_PROGRAMMES, book.rng.randrange(1, 3)):
            _level_two_programme(book, title, ssa, code)
    add_key_stage_4(book, book.rng.randrange(14, 25))
    if book.name.startswith("Europa School"):
        _international_baccalaureate(book)


def technical_college(book: Book) -> None:
    stem = [subject for subject in A_LEVELS if subject.name in STEM_A_LEVELS]
    for subject in book.rng.sample(stem, book.rng.randrange(5, 9)):
        add_a_level(book, subject)
    for title, ssa, code in (
        ("T Level in Design and Development for Engineering and Manufacturing", "4.1", "TLENG"),
        ("T Level in Digital Production, Design and Development", "6.1", "TLDIG"),
        ("T Level in Science", "2.1", "TLSCI"),
        ("BTEC Level 3 National Extended Diploma in Engineering", "4.1", "ENGXD"),
        ("BTEC Level 3 National Diploma in Computing", "6.1", "COMPD"),
    ):
        if book.rng.random() < 0.8:
            kind = "t-level" if title.startswith("T Level") else "btec"
            _technical(book, title, ssa, code, kind)
    add_resits(book)
    add_key_stage_4(book, book.rng.randrange(6, 10))


def special_school(book: Book) -> None:
    pathways = [pathway for pathway in FOUNDATION if not pathway[1].startswith("ESOL")]
    for level, title, ssa, topics in book.rng.sample(pathways, book.rng.randrange(4, 9)):
        add_foundation(book, level, title, ssa, topics, nccis="280")
    if book.rng.random() < 0.6:
        add_key_stage_4_pathway(book)
    if book.rng.random() < 0.35:
        add_supported_internship(book)


def add_a_level(book: Book, subject: Subject) -> None:
    rng = book.rng
    board = rng.choice(subject.boards)
    kind = _a_level_assessment(subject.name)
    description = paragraph(
        writing.study_sentence(subject.topics, rng, rng.choice((3, 4))),
        writing.assessment_sentence(kind, rng),
        f"We follow the {board} specification.",
        writing.leads_sentence(subject.leads_to, rng),
        writing.extra_sentence(rng) if rng.random() < 0.5 else "",
    )
    book.add(
        f"AL{subject.code}",
        f"A level {subject.name}",
        "a-level",
        "3",
        subject.ssa_tier2,
        duration="2 years",
        entry_requirements=writing.school_entry(rng, subject.gcse),
        description=description,
        places=book.places(12, 60, 2),
        costs=writing.tuition_costs("to buy some textbooks (about £30)" if rng.random() < 0.3 else ""),
        bursaries=book.bursary(),
    )


def add_resits(book: Book) -> None:
    for subject, ssa, code in (("English Language", "12.1", "GCSEENG"), ("Mathematics", "2.2", "GCSEMAT")):
        book.add(
            code,
            f"GCSE {subject} resit",
            "gcse-resit",
            "2",
            ssa,
            duration="1 year",
            entry_requirements=(
                f"Grade 3 in GCSE {subject.lower()}. If you have grade 3 you must carry on studying it alongside your "
                "main course; with grade 2 or below you may start with Functional Skills."
            ),
            description=paragraph(
                f"A one-year course for students who want to improve their GCSE {subject.lower()} grade to 4 or above.",
                writing.assessment_sentence("gcse-resit", book.rng),
                "Grade 4 in English and maths opens the way to most level 3 courses and apprenticeships.",
            ),
            places=book.places(15, 40),
            costs=writing.tuition_costs(),
            bursaries=book.bursary(),
        )


def add_key_stage_4(book: Book, count: int) -> None:
    options = [("gcse", subject) for subject in GCSE_OPTIONS] + [("key-stage-4", award) for award in TECH_AWARDS]
    for kind, option in book.rng.sample(options, min(count, len(options))):
        if kind == "gcse":
            _gcse_option(book, option)
        else:
            _tech_award(book, *option)


def add_foundation(book: Book, level: str, title: str, ssa: str, topics, nccis: str) -> None:
    rng = book.rng
    book.add(
        f"FL{level}{title.split()[0][:4]}",
        f"{title} (Entry level {level[1]})" if level.startswith("E") else title,
        "foundation-learning",
        level,
        ssa,
        age_group="lldd-14-25",
        duration=rng.choice(("1 year", "2 years", "Up to 3 years")),
        entry_requirements=(
            "For young people aged 16 to 25 with an education, health and care plan. We meet you and your family "
            "to agree a personalised programme before you start."
        ),
        description=paragraph(
            writing.study_sentence(topics, rng),
            writing.assessment_sentence("foundation-learning", rng),
            rng.choice(
                (
                    "Students move on to supported internships, college courses, volunteering or paid work.",
                    "The aim is to help each young person live, work and take part in their community as "
                    "independently as possible.",
                )
            ),
        ),
        nccis_offer_code=nccis,
        places=book.places(4, 12),
        costs="No cost to you. Equipment and travel training are provided.",
        bursaries=book.bursary(),
    )


def add_key_stage_4_pathway(book: Book) -> None:
    title = book.rng.choice(
        ("Key Stage 4 Pathway: Life Skills and Entry Level Certificates", "Key Stage 4 Pathway: Towards Independence")
    )
    book.add(
        "KS4PATH",
        title,
        "foundation-learning",
        book.rng.choice(("E1", "E2", "E3")),
        "14.1",
        age_group="lldd-14-25",
        duration="2 years (Years 10 and 11)",
        entry_requirements="For pupils in Year 9 at the school whose education, health and care plan names it.",
        description=paragraph(
            "A personalised programme for Years 10 and 11 with entry level certificates in English, maths and science.",
            "Pupils also work on communication, independence and life skills, with community visits every week.",
        ),
        nccis_offer_code=book.nccis,
        places=book.places(4, 10),
        costs="No cost to families.",
    )


def add_supported_internship(book: Book, venue: str | None = None) -> None:
    host = book.rng.choice(SUPPORTED_INTERNSHIP_HOSTS)
    book.add(
        "SI" + "".join(word[0] for word in host.split() if word[0].isupper())[:4],
        f"Supported internship with {host}",
        "supported-internship",
        "E3",
        "14.2",
        age_group="lldd-14-25",
        duration="1 academic year (at least six months at work)",
        entry_requirements=(
            "For young people aged 16 to 24 with an education, health and care plan who want to move into paid work."
        ),
        description=paragraph(
            f"Interns spend most of the week at {host}, learning real jobs with the help of a job coach.",
            "You rotate through three work placements, and study English, maths and employability skills.",
            "Most interns go on to paid work or an apprenticeship.",
        ),
        nccis_offer_code=SUPPORTED_INTERNSHIP,
        venue_postcode=venue,
        places=book.places(6, 12),
        costs="No cost to you. Travel training is provided.",
    )


def _choose_a_levels(book: Book, count: int) -> list[Subject]:
    core = [subject for subject in A_LEVELS if subject.name in CORE_A_LEVELS]
    others = [subject for subject in A_LEVELS if subject.name not in CORE_A_LEVELS]
    return core + book.rng.sample(others, max(0, count - len(core)))


def _a_level_assessment(name: str) -> str:
    if name in PRACTICAL:
        return "a-level-practical"
    if name in PORTFOLIO:
        return "a-level-portfolio"
    return "a-level-nea" if name in COURSEWORK else "a-level"


def _applied_general(book: Book, title: str, ssa: str, code: str) -> None:
    rng = book.rng
    book.add(
        f"BT{code}",
        title,
        "btec",
        "3",
        ssa,
        duration="2 years",
        entry_requirements=writing.school_entry(rng),
        description=paragraph(
            "An applied course, the same size as one A level, that you take alongside two A levels.",
            writing.study_sentence(APPLIED_TOPICS, rng, 2),
            writing.assessment_sentence("btec", rng),
            "It carries UCAS points and is accepted by most universities.",
        ),
        places=book.places(12, 30),
        costs=writing.tuition_costs(),
        bursaries=book.bursary(),
    )


def _level_two_programme(book: Book, title: str, ssa: str, code: str) -> None:
    rng = book.rng
    book.add(
        code,
        title,
        "btec",
        "2",
        ssa,
        duration="1 year",
        entry_requirements=writing.vocational_entry("2", "btec", rng),
        description=paragraph(
            "A one-year programme for students who want to stay in the sixth form and build up to level 3.",
            writing.assessment_sentence("btec", rng),
            "You resit GCSE English and maths alongside it, and can move on to A levels or an applied course.",
        ),
        places=book.places(10, 20),
        costs=writing.tuition_costs(),
        bursaries=book.bursary(),
    )


def _technical(book: Book, title: str, ssa: str, code: str, kind: str) -> None:
    rng = book.rng
    book.add(
        code,
        title,
        kind,
        "3",
        ssa,
        duration="2 years",
        entry_requirements=writing.vocational_entry("3", kind, rng),
        description=paragraph(
            "Projects are set by our employer partners, so you learn to solve real problems in industry.",
            writing.assessment_sentence(kind, rng),
            rng.choice(
                (
                    "Students go on to degree apprenticeships, university or technician jobs.",
                    "Many students move on to apprenticeships with our employer partners.",
                )
            ),
        ),
        places=book.places(16, 40, 2),
        costs=writing.tuition_costs(),
        bursaries=book.bursary(),
    )


def _gcse_option(book: Book, subject: Subject) -> None:
    book.add(
        f"KS4{subject.code}",
        f"GCSE {subject.name}",
        "gcse",
        "2",
        subject.ssa_tier2,
        age_group="14-16",
        duration="2 years (Years 10 and 11)",
        entry_requirements="For students going into Year 10 at the school: choose it as one of your options in Year 9.",
        description=paragraph(
            writing.study_sentence(subject.topics, book.rng),
            f"You sit the {subject.boards[0]} GCSE exams at the end of Year 11.",
            f"It leads on to {subject.leads_to[0]} in the sixth form.",
        ),
        places=book.places(20, 90, 10),
    )


def _tech_award(book: Book, title: str, ssa: str, covers: str) -> None:
    book.add(
        "KS4" + "".join(word[0] for word in title.split()[2:] if word[0].isupper()),
        title,
        "key-stage-4",
        "2",
        ssa,
        age_group="14-16",
        duration="2 years (Years 10 and 11)",
        entry_requirements="Open to every student going into Year 10; choose it in your Year 9 options.",
        description=paragraph(
            f"A practical Key Stage 4 option, equivalent to one GCSE, covering {covers}.",
            "It is assessed through two coursework components and one externally set task.",
        ),
        places=book.places(20, 60, 10),
    )


def _international_baccalaureate(book: Book) -> None:
    book.add(
        "IBDP",
        "International Baccalaureate Diploma Programme",
        "ib",
        "3",
        "12.2",
        duration="2 years",
        entry_requirements=writing.school_entry(book.rng, "grade 6 in the subjects you take at higher level"),
        description=paragraph(
            "Six subjects, three at higher level, with theory of knowledge, the extended essay and creativity, "
            "activity and service.",
            "The diploma is recognised by universities around the world.",
        ),
        places=book.places(20, 40),
        costs=writing.tuition_costs(),
        bursaries=book.bursary(),
    )


def add_part_time_resit(book: Book) -> None:
    """An evening GCSE for 16 to 18 year olds who work or study elsewhere."""
    row = book.add(
        "PTGCSEMAT",
        "GCSE Mathematics (part time, evening)",
        "gcse-resit",
        "2",
        "2.2",
        duration="1 year, one evening a week",
        entry_requirements="Grade 2 or 3 in GCSE maths.",
        description="Evening classes for young people who are working or on another course and want grade 4 in maths.",
        places=book.places(12, 20),
        costs=writing.tuition_costs(),
    )
    row.update(study_mode="part-time", nccis_offer_code=PART_TIME)
