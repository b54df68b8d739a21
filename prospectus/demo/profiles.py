"""Provider rows for the demo: area, location and the profile text a provider writes about itself."""

import random

from prospectus.demo.places import area_of, clean_address, nearest_town, place
from prospectus.demo.sources import ProviderSource

WEBSITES = {
    "Abingdon and Witney College": "https://www.abingdon-witney.ac.uk",
    "Activate Learning": "https://www.activatelearning.ac.uk",
    "The Henley College": "https://www.henleycol.ac.uk",
    "Oxford Brookes University": "https://www.brookes.ac.uk",
}

SPECIAL_INTROS = {
    "EMBS Community College Ltd": (
        "EMBS Community College began as the Ethnic Minority Business Service and is now a community college in "
        "Oxford for sixth formers and adults from every background."
    ),
    "Abingdon and Witney College": (
        "Abingdon and Witney College is a general further education college with campuses in Abingdon and Witney "
        "and a construction skills centre in Bicester."
    ),
    "Activate Learning": (
        "Activate Learning is a group of further education colleges that includes City of Oxford College and "
        "Banbury and Bicester College."
    ),
    "The Henley College": "The Henley College is a sixth-form college in Henley-on-Thames for 16 to 19 year olds.",
    "Oxford Brookes University": (
        "Oxford Brookes University, in Headington, offers higher and degree apprenticeships with employers across "
        "the Thames Valley."
    ),
}

ESTABLISHMENTS = {
    "Converter academies": "an academy",
    "Sponsored academies": "a sponsored academy",
    "Free schools": "a free school",
    "Community school": "a community school",
    "Studio schools": "a studio school",
    "University technical colleges (UTCs)": "a university technical college",
    "Independent special schools": "an independent special school",
    "Non-maintained special schools": "a non-maintained special school",
    "Community special school": "a community special school",
    "Foundation special school": "a foundation special school",
}

TYPE_NOUNS = {
    "school-sixth-form": "a secondary school",
    "special-school": "a special school",
    "university-technical-college": "a university technical college",
    "training-provider": "an independent training provider",
    "fe-college": "a further education college",
    "sixth-form-college": "a sixth-form college",
    "higher-education": "a university",
}

FAITHS = {
    "Roman Catholic": " It is a Catholic school and welcomes students of all faiths and none.",
    "Church of England": " It is a Church of England school that welcomes students of every faith and none.",
}

OFFERS = {
    "school-sixth-form": [
        "The sixth form offers a broad choice of A levels alongside a small number of vocational courses.",
        "Sixth formers choose from more than twenty A levels, with applied courses for those who prefer coursework.",
        "Its sixth form offers A levels, applied general qualifications and the Extended Project Qualification.",
    ],
    "special-school": [
        "Post-16 students follow personalised pathways towards independence, work and community life.",
        "The sixth form prepares young people for adulthood: independent living, work and friendships.",
        "Its post-16 department offers accredited courses at entry level and level 1, with work experience.",
    ],
    "university-technical-college": [
        "Students learn through projects set by employer partners, alongside A levels and technical qualifications.",
        "The curriculum is shaped by local employers in engineering, science and digital technology.",
    ],
    "training-provider": [
        "It works with local employers to offer apprenticeships, traineeships and study programmes.",
        "Learners train in small groups, with a tutor who visits them at work.",
    ],
    "fe-college": [
        "It offers T Levels, vocational courses from entry level to level 3, A levels and apprenticeships.",
    ],
    "sixth-form-college": [
        "It offers A levels, T Levels and vocational courses, with a wide programme of enrichment.",
    ],
    "higher-education": ["Apprentices study at the university while they work and earn."],
}

EXTRAS = [
    "Every student has a personal tutor who meets them each week.",
    "Sixth formers have their own study centre with computers and quiet study spaces.",
    "Enrichment includes the Duke of Edinburgh's Award, sports teams, volunteering and a student council.",
    "Careers advice, work experience and help with university and apprenticeship applications are for everyone.",
    "Students who join from other schools are welcome and take part in a two-day induction in July.",
    "Class sizes are small, so teachers know every student well.",
    "Open evenings are held in November and January; you can also ask for a tour at another time.",
]

LLDD_SUPPORT = {
    "special-school": [
        "Every student has an education, health and care plan. Teaching assistants, speech and language therapists "
        "and occupational therapists work in class, and each student's programme follows the outcomes in their plan.",
        "Classes are small, with a high ratio of staff to students. Therapy, personal care and support for "
        "communication are part of the school day. The school works with families and social care on the move to "
        "adult life.",
        "Our transition team starts planning with each young person and their family from Year 9, and arranges "
        "visits to colleges, supported internships and employers.",
    ],
    "default": [
        "Our learning support team works with students who have an education, health and care plan or other needs. "
        "Tell us about your needs when you apply, so that support is in place from your first day.",
        "The special educational needs co-ordinator (SENCo) meets every student with additional needs before they "
        "start. Support can include in-class help, exam access arrangements, assistive technology and mentoring.",
        "Students with learning difficulties and/or disabilities can have one-to-one support, a quiet space at "
        "break times, and a named member of staff to go to. We assess for exam access arrangements in the autumn term.",
        "We welcome students with education, health and care plans and work with the county council's SEND team on "
        "transition reviews. Support for dyslexia, autism and mental health is available.",
    ],
}

TRANSPORT = [
    "{town} is served by regular bus routes, and most students arrive by bus, bike or on foot.",
    "The nearest bus stop is a few minutes' walk away. There is secure cycle storage on site.",
    "Students who live more than three miles away may be able to get help with travel: see the county council's "
    "post-16 travel support policy.",
    "The 16 to 19 Bursary Fund can help with the cost of a bus pass if you meet the criteria.",
    "There is no student parking on site; use the buses or cycle paths from {town} and the surrounding villages.",
    "Young people with an education, health and care plan can apply to the county council for post-16 travel "
    "assistance.",
]


def provider_rows(sources: list[ProviderSource], area_ids: dict[str, int], rng: random.Random) -> list[dict]:
    rows = []
    for source in sources:
        place(source)
        rows.append(provider_row(source, area_ids[area_of(source)], rng))
    return rows


def provider_row(source: ProviderSource, area_id: int, rng: random.Random) -> dict:
    town = nearest_town(source)
    town_name = town.name if town else "Oxfordshire"
    return {
        "name": source.name,
        "urn": source.urn,
        "ukprn": source.ukprn,
        "provider_type": source.provider_type,
        "area_id": area_id,
        "address": clean_address(source.address, source.name),
        "postcode": source.postcode,
        "latitude": source.latitude,
        "longitude": source.longitude,
        "website": WEBSITES.get(source.name),
        "telephone": source.telephone,
        "description": _description(source, town_name, rng),
        "lldd_support": " ".join(_pick(LLDD_SUPPORT.get(source.provider_type, LLDD_SUPPORT["default"]), 2, rng)),
        "transport": " ".join(_pick(TRANSPORT, 2, rng)).format(town=town_name),
    }


def _description(source: ProviderSource, town: str, rng: random.Random) -> str:
    intro = SPECIAL_INTROS.get(source.name) or _school_intro(source, town)
    sentences = [intro, rng.choice(OFFERS[source.provider_type])]
    if source.students and source.provider_type in {"school-sixth-form", "sixth-form-college", "fe-college"}:
        sentences.append(f"About {_rounded(source.students):,} students aged 16 to 19 study here.")
    if source.provider_type not in {"special-school", "higher-education"}:
        sentences.append(rng.choice(EXTRAS))
    return " ".join(sentences)


def _school_intro(source: ProviderSource, town: str) -> str:
    kind = ESTABLISHMENTS.get(source.establishment or "", TYPE_NOUNS[source.provider_type])
    if "special" in (source.establishment or "") and "special" not in kind:
        kind += " special school"
    ages = f" for pupils aged {source.age_range}" if source.age_range else ""
    girls = " for girls" if source.gender == "Girls" else ""
    return f"{source.name} is {kind}{girls}{ages} in {town}.{FAITHS.get(source.religion or '', '')}"


def _rounded(students: int) -> int:
    step = 50 if students > 300 else 10
    return max(step, round(students / step) * step)


def _pick(options: list[str], count: int, rng: random.Random) -> list[str]:
    return rng.sample(options, min(count, len(options)))
