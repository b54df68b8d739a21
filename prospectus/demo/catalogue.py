"""Each provider's courses for an entry year, with the status and dates a live prospectus would show."""

import random
from datetime import datetime, timedelta

from prospectus.demo.book import Book
from prospectus.demo.colleges import fe_college, sixth_form_college, training_provider, university
from prospectus.demo.schools import sixth_form_school, special_school, technical_college
from prospectus.models import DRAFT, PUBLISHED, WITHDRAWN

GENERATORS = {
    "school-sixth-form": sixth_form_school,
    "university-technical-college": technical_college,
    "special-school": special_school,
    "specialist-post-16": special_school,
    "fe-college": fe_college,
    "sixth-form-college": sixth_form_college,
    "training-provider": training_provider,
    "higher-education": university,
}

# A draft leaves out one of these, so that the completeness report has gaps to show.
OFTEN_LEFT_BLANK = ("description", "entry_requirements", "duration", "nccis_offer_code")
DRAFT_SHARE = 0.035
WITHDRAWN_SHARE = 0.01
LAST_YEAR_SHARE = 0.7
CURRENT_YEAR = 2027  # the prospectus now open; earlier years are smaller and all published


def courses_for(name: str, provider_type: str, size: int | None, year: int, seed: str) -> list[dict]:
    """The provider's courses starting in September of `year`, each with status and timestamps."""
    rng = random.Random(f"{seed}:{year}:{name}")
    book = Book(name, provider_type, rng, size or 0)
    GENERATORS[provider_type](book)
    rows = book.rows
    if year < CURRENT_YEAR:
        rows = [row for row in rows if rng.random() < LAST_YEAR_SHARE]
    last_update = _last_update(rng, year)
    for row in rows:
        row["start_date"] = row["start_date"].replace(year=year)
        _set_status(row, rng, last_year=year < CURRENT_YEAR)
        _set_timestamps(row, rng, last_update)
    return rows


def _set_status(row: dict, rng: random.Random, last_year: bool) -> None:
    roll = 1.0 if last_year else rng.random()
    if roll < DRAFT_SHARE:
        row["status"] = DRAFT
        if rng.random() < 0.6:
            row[rng.choice(OFTEN_LEFT_BLANK)] = None
    elif roll < DRAFT_SHARE + WITHDRAWN_SHARE:
        row["status"] = WITHDRAWN
    else:
        row["status"] = PUBLISHED


def _last_update(rng: random.Random, year: int) -> datetime:
    """When the provider last touched its entries: most in the autumn before the year, a few much earlier."""
    autumn = datetime(year - 1, 9, 15, 9, 0)
    if rng.random() < 0.08:
        return autumn - timedelta(days=rng.randrange(60, 120))
    latest = min(datetime(year - 1, 11, 26, 17, 0), datetime(2026, 11, 26, 17, 0))
    return autumn + timedelta(minutes=rng.randrange(int((latest - autumn).total_seconds() // 60)))


def _set_timestamps(row: dict, rng: random.Random, last_update: datetime) -> None:
    created = last_update - timedelta(days=rng.randrange(0, 45), minutes=rng.randrange(0, 600))
    updated = created + (last_update - created) * rng.random()
    row["created_at"] = created
    row["updated_at"] = updated
    row["published_at"] = updated if row["status"] != DRAFT else None
    row["version"] = 1 + rng.randrange(0, 3)
