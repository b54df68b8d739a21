"""A provider's list of courses for one entry year, as rows ready for a bulk insert."""

import random
from dataclasses import dataclass, field
from datetime import date

from prospectus.demo import writing

NCCIS_BY_PROVIDER_TYPE = {
    "school-sixth-form": "210",
    "sixth-form-college": "220",
    "fe-college": "230",
    "university-technical-college": "270",
    "special-school": "280",
    "specialist-post-16": "280",
    "training-provider": "230",
    "higher-education": "270",
}
PART_TIME = "250"
APPRENTICESHIP = "310"
TRAINEESHIP = "450"
SUPPORTED_INTERNSHIP = "460"

# Schools start on a Thursday or Friday, colleges on a Monday or Tuesday.
SCHOOL_STARTS = (date(2027, 9, 2), date(2027, 9, 3))
COLLEGE_STARTS = (date(2027, 9, 6), date(2027, 9, 7))


@dataclass
class Book:
    """Collects one provider's courses, giving each a provider course code that is unique within the provider."""

    name: str
    provider_type: str
    rng: random.Random
    size: int = 0  # students aged 16 to 19, when known
    rows: list[dict] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)

    def __post_init__(self):
        starts = SCHOOL_STARTS if self.provider_type in {"school-sixth-form", "special-school"} else COLLEGE_STARTS
        self.start_date = self.rng.choice(starts)
        self.nccis = NCCIS_BY_PROVIDER_TYPE[self.provider_type]

    def add(self, code: str, title: str, qualification_type: str, level: str, ssa_tier2: str, **fields) -> dict:
        row = {
            "title": title,
            "provider_course_code": self._unique(code),
            "qualification_type": qualification_type,
            "level": level,
            "ssa_tier1": ssa_tier2.split(".")[0],
            "ssa_tier2": ssa_tier2,
            "age_group": "16-19",
            "study_mode": "full-time",
            "start_date": self.start_date,
            "nccis_offer_code": self.nccis,
            "venue_postcode": None,
            "places": None,
            "costs": None,
            "bursaries": None,
            "apprenticeship_standard": None,
        }
        row.update(fields)
        self.rows.append(row)
        return row

    def places(self, low: int, high: int, step: int = 1) -> int:
        return self.rng.randrange(low, high + 1, step)

    def bursary(self) -> str:
        return writing.bursary_sentence(self.rng)

    def _unique(self, code: str) -> str:
        code = code.upper()[:16]
        candidate, n = code, 1
        while candidate in self.codes:
            n += 1
            candidate = f"{code}{n}"
        self.codes.add(candidate)
        return candidate


def paragraph(*sentences: str) -> str:
    return " ".join(sentence for sentence in sentences if sentence)
