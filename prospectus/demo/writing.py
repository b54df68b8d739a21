"""Sentences for course entries, put together from fragments so that no two providers read the same."""

import random

STUDY_OPENERS = (
    "On this course you will study {topics}.",
    "The course covers {topics}.",
    "Over the course you will explore {topics}.",
    "You will learn about {topics}.",
    "Topics include {topics}.",
)

LEADS_TO = (
    "Students go on to {leads}.",
    "It is a good choice if you are thinking about {leads}.",
    "Past students have progressed to {leads}.",
    "The course is a route into {leads}.",
)

ASSESSMENT = {
    "a-level": (
        "You sit written exams at the end of the second year.",
        "Assessment is by exams in the summer of Year 13, with mock exams in Year 12 to track your progress.",
        "The A level is assessed by exam at the end of two years; there is no coursework.",
    ),
    "a-level-nea": (
        "Assessment is by exams at the end of the second year and a piece of coursework (non-exam assessment) "
        "worth 20% of the A level.",
        "You complete an independent coursework project in Year 13 as well as the final exams.",
    ),
    "a-level-practical": (
        "You sit exams at the end of the second year and complete at least twelve assessed practicals for the "
        "practical endorsement.",
        "Practical skills are assessed throughout the course, and there are three exam papers at the end.",
    ),
    "a-level-portfolio": (
        "You are assessed on a portfolio of work (60%) and an externally set assignment with a 15-hour "
        "supervised task (40%).",
        "Assessment is through a personal investigation and an externally set assignment; there is no written exam.",
    ),
    "t-level": (
        "You spend about 80% of your time in college and 20% on an industry placement of at least 45 days, and "
        "finish with an exam, an employer-set project and an occupational specialism assessment.",
        "T Levels combine classroom learning with a 45-day industry placement. You are assessed by exams, an "
        "employer-set project and practical assessments.",
    ),
    "btec": (
        "Assessment is through assignments set throughout the year, with some externally set tasks.",
        "You build a portfolio of practical work and assignments, and take some externally assessed tests.",
        "Most units are assessed through practical tasks and coursework, so you can see your progress as you go.",
    ),
    "gcse-resit": (
        "You will have three to four hours of lessons a week and sit the GCSE exams in the summer.",
        "Small classes focus on the skills you need to improve your grade, with practice papers every half term.",
    ),
    "foundation-learning": (
        "Progress is recorded against personal targets agreed with you and your family.",
        "Learning takes place in the classroom, in the community and at work, and is recognised with accredited "
        "units at your level.",
    ),
}

EXTRAS = (
    "You will be taught by subject specialists in small groups.",
    "There are weekly drop-in sessions for extra help.",
    "Students take part in trips, visiting speakers and national competitions.",
    "You will have your own study space and access to online resources at home.",
    "Teachers set independent study of about five hours a week outside lessons.",
    "Many students combine this course with work experience or volunteering.",
)

SCHOOL_ENTRY = (
    "{n} GCSEs at grade {g} or above, including English and maths",
    "At least {n} GCSEs at grades 9 to {g}, including English language and maths at grade 4 or above",
    "{n} GCSEs at grade {g} or higher, with grade 4 in English and maths",
)

BURSARIES = (
    "You could get a bursary of up to £1,200 a year if you are in care, a care leaver, or receive Universal Credit "
    "or disability benefits in your own right.",
    "Our 16 to 19 Bursary Fund can help with the cost of travel, meals, books and equipment for students from "
    "low-income families.",
    "Free meals are available to students who meet the criteria. Ask our student services team about bursaries.",
    "Discretionary bursaries help with travel, trips and equipment: apply online after you enrol.",
)


def listing(items: list[str] | tuple[str, ...]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def study_sentence(topics: tuple[str, ...], rng: random.Random, count: int = 3) -> str:
    chosen = rng.sample(topics, min(count, len(topics)))
    return rng.choice(STUDY_OPENERS).format(topics=listing(chosen))


def leads_sentence(leads: tuple[str, ...], rng: random.Random) -> str:
    chosen = rng.sample(leads, min(2, len(leads)))
    return rng.choice(LEADS_TO).format(leads=listing(chosen))


def assessment_sentence(kind: str, rng: random.Random) -> str:
    return rng.choice(ASSESSMENT[kind])


def extra_sentence(rng: random.Random) -> str:
    return rng.choice(EXTRAS)


def school_entry(rng: random.Random, subject_condition: str = "") -> str:
    base = rng.choice(SCHOOL_ENTRY).format(n=rng.choice(("five", "six")), g=rng.choice((4, 5, 5, 6)))
    base = base[0].upper() + base[1:]
    return f"{base}, and {subject_condition}." if subject_condition else f"{base}."


def vocational_entry(level: str, qualification_type: str, rng: random.Random) -> str:
    if qualification_type == "t-level":
        return (
            "Five GCSEs at grade 4 or above, including English and maths. You will have an interview, and we help "
            "you find your industry placement."
        )
    if level == "3":
        return rng.choice(
            (
                "Four GCSEs at grade 4 or above, including English or maths, or a merit in a related level 2 course.",
                "Five GCSEs at grade 4 or above, or a level 2 qualification in the same subject with a merit.",
            )
        )
    if level == "2":
        return rng.choice(
            (
                "Three GCSEs at grade 3 or above, or a level 1 course in a related subject.",
                "Four GCSEs at grade 3 or above, ideally including English and maths.",
            )
        )
    return "GCSEs at grades 1 to 3, or an entry level 3 qualification. You will meet a tutor to agree the right level."


def bursary_sentence(rng: random.Random) -> str:
    return rng.choice(BURSARIES)


def tuition_costs(kit: str = "") -> str:
    base = "No tuition fees for students aged 16 to 18."
    return f"{base} You will need {kit}." if kit else base
