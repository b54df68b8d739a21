"""What demo learners write in their applications: grades, a personal statement and support needs."""

import random

from application.models import EHCP, SEN_SUPPORT

CORE_GCSES = ("English Language", "English Literature", "Mathematics")
SEPARATE_SCIENCES = ("Biology", "Chemistry", "Physics")
OPTION_GCSES = (
    "History",
    "Geography",
    "French",
    "Spanish",
    "German",
    "Religious Studies",
    "Computer Science",
    "Art and Design",
    "Music",
    "Drama",
    "Design and Technology",
    "Physical Education",
    "Food Preparation and Nutrition",
    "Business",
    "Media Studies",
    "Sociology",
    "Citizenship Studies",
    "Statistics",
    "Psychology",
    "Latin",
)
OTHER_QUALIFICATIONS = (
    ("BTEC Tech Award in Sport, Activity and Fitness", ("Level 2 Pass", "Level 2 Merit", "Level 2 Distinction")),
    ("Cambridge National in Creative iMedia", ("Level 1 Merit", "Level 2 Pass", "Level 2 Merit")),
    ("BTEC Tech Award in Health and Social Care", ("Level 1 Pass", "Level 2 Pass", "Level 2 Merit")),
    ("Level 2 Certificate in Further Mathematics", ("Pass", "Merit", "Distinction")),
    ("Music grade 5 (ABRSM)", ("Pass", "Merit", "Distinction")),
    ("Level 1 Award in Hair and Beauty", ("Pass", "Merit")),
    ("Higher Project Qualification", ("B", "A", "A*")),
)
ENTRY_LEVEL = (
    ("Entry Level Certificate in English", ("Entry 1", "Entry 2", "Entry 3")),
    ("Entry Level Certificate in Mathematics", ("Entry 1", "Entry 2", "Entry 3")),
    ("Functional Skills English", ("Entry 2", "Entry 3", "Level 1")),
    ("ASDAN Personal Progress", ("Award", "Certificate")),
)

INTERESTS = {
    "academic": (
        "I enjoy maths and physics and would like to study engineering at university.",
        "History and English are my favourite subjects because I like arguing a point with evidence.",
        "I want to be a doctor, so I am choosing biology and chemistry and volunteering at a care home.",
        "I love languages and I help at my younger brother's school reading club every week.",
        "I am interested in economics and politics and I follow the news every day.",
        "I have enjoyed computer science and I taught myself to build simple websites.",
        "Art is what I care about most, and I have a portfolio of paintings and photography.",
    ),
    "technical": (
        "I like practical work and want to become an electrician, like my uncle.",
        "I want to work in healthcare, and the T Level placement would give me real experience.",
        "I am interested in digital production and I edit videos for my friends' football team.",
        "I enjoy cooking and I work weekends in a café, so I would like to train as a chef.",
        "I want to work with animals and I help out at a stables near where I live.",
        "I like fixing things and I spend my weekends repairing bikes and go-karts.",
        "I would like to train in early years education because I love working with young children.",
    ),
    "level-2": (
        "I want to improve my English and maths while I learn a trade.",
        "I enjoy hands-on work more than classroom work and I want to start on a construction course.",
        "I would like to work in hair and beauty and I have done work experience at a salon.",
        "I want to get into motor vehicle work and I help my dad with his car.",
        "I would like to work in sport and fitness and I coach a junior team on Saturdays.",
    ),
    "level-1": (
        "I want to find out what I am good at and build up my confidence.",
        "I would like to try different practical subjects before I choose a job.",
        "I want to get better at maths and English and learn skills for work.",
    ),
    "supported": (
        "I want to learn to travel on my own and to cook simple meals.",
        "I would like to do work experience in a shop or a garden centre.",
        "I enjoy gardening and looking after animals and I want to do more of it.",
        "I want to make new friends and learn skills for living more independently.",
    ),
}
OPENINGS = (
    "I am applying because",
    "I have thought carefully about what I want to do after Year 11, and",
    "My teachers and my careers adviser helped me choose these courses, and",
    "I am hard-working and reliable, and",
)
ABOUT_ME = (
    "Outside school I play football for a local club and I am a member of the school council.",
    "I have a part-time job on Saturdays, which has taught me to be organised and polite with customers.",
    "I volunteer with a youth group and help run activities for younger children.",
    "I look after my younger brothers and sisters after school, so I have learnt to manage my time.",
    "I did my work experience at a local business, where I answered the phone and helped in the office.",
    "I am doing my Duke of Edinburgh's Award and I enjoy being outdoors.",
    "I play in the school band and I like performing.",
)
CLOSINGS = (
    "I am ready to work hard and I would really like a place on the course.",
    "I hope to go on to an apprenticeship or university afterwards.",
    "I think this course is the right next step for me.",
    "I would be very grateful for the chance to study with you.",
)
SUPPORT_TEXT = {
    EHCP: (
        "I have an EHC plan for autism. I work best in small groups and I need a quiet place to go at breaks.",
        "I have an EHC plan. I use a wheelchair and need step-free access to every classroom.",
        "I have an EHC plan for speech and language needs. Please give me instructions in writing as well.",
        "I am deaf and use hearing aids. I need a radio aid and to sit near the front.",
        "My EHC plan says I need a teaching assistant in practical lessons and extra time in exams.",
    ),
    SEN_SUPPORT: (
        "I have dyslexia. Handouts on coloured paper and extra time in tests help me.",
        "I have ADHD. Short breaks and sitting near the front help me concentrate.",
        "I sometimes feel anxious in new places. A visit before I start would help me settle in.",
        "I have dyspraxia and use a laptop to write.",
    ),
    "health": (
        "I have type 1 diabetes and may need to leave lessons to check my blood sugar.",
        "I have asthma and carry an inhaler with me.",
        "I have epilepsy, which is well controlled. My care plan can be shared with staff.",
    ),
}


def qualifications(learner, track: str, predicted: bool, rng: random.Random) -> list[dict]:
    if track == "supported":
        return [_other(name, grades, predicted, rng) for name, grades in ENTRY_LEVEL[: rng.randint(2, 4)]]
    rows = [_gcse(subject, learner.ability, predicted, rng) for subject in CORE_GCSES]
    if learner.ability > 0.7 and rng.random() < 0.6:
        rows += [_gcse(subject, learner.ability, predicted, rng) for subject in SEPARATE_SCIENCES]
    else:
        grade = _grade(learner.ability, rng)
        rows.append(_row("gcse", "Combined Science", f"{grade}-{max(grade - rng.randint(0, 1), 1)}", predicted))
    options = rng.sample(OPTION_GCSES, rng.randint(2, 4))
    rows += [_gcse(subject, learner.ability, predicted, rng) for subject in options]
    if rng.random() < 0.25:
        name, grades = rng.choice(OTHER_QUALIFICATIONS)
        rows.append(_other(name, grades, predicted, rng))
    return rows


def _gcse(subject: str, ability: float, predicted: bool, rng: random.Random) -> dict:
    return _row("gcse", subject, str(_grade(ability, rng)), predicted)


def _grade(ability: float, rng: random.Random) -> int:
    return max(1, min(9, round(4.6 + 1.7 * ability + rng.gauss(0, 0.9))))


def _other(name: str, grades: tuple[str, ...], predicted: bool, rng: random.Random) -> dict:
    return _row("other", name, rng.choice(grades), predicted)


def _row(kind: str, subject: str, grade: str, predicted: bool) -> dict:
    return {"kind": kind, "subject": subject, "grade": grade, "predicted": predicted}


def statement(track: str, rng: random.Random) -> str:
    interest = rng.choice(INTERESTS[track])
    opening = rng.choice(OPENINGS)
    first = (
        f"{opening} {interest[0].lower()}{interest[1:]}" if not interest.startswith("I ") else f"{opening} {interest}"
    )
    return " ".join((first, *rng.sample(ABOUT_ME, rng.randint(1, 2)), rng.choice(CLOSINGS)))


def support_needs(learner, rng: random.Random) -> str | None:
    sen = learner.row["sen_status"]
    if sen in SUPPORT_TEXT and rng.random() < (0.8 if sen == EHCP else 0.45):
        return rng.choice(SUPPORT_TEXT[sen])
    return rng.choice(SUPPORT_TEXT["health"]) if rng.random() < 0.03 else None
