"""Read the open data copied into prospectus/data/ (see its PROVENANCE.md) into plain records."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PROVIDERS_FILE = DATA_DIR / "oxfordshire_16-19_providers_2019-20.csv"
SCHOOLS_FILE = DATA_DIR / "oxfordshire_secondary_schools_2023-24.csv"
STANDARDS_FILE = DATA_DIR / "Standard.csv"

# 16-19 providers whose 2019/20 entry has no URN, matched by hand to the school that carries on under a new name.
RENAMED = {
    "St Gregory the Great Catholic School": "146800",  # now Greyfriars Catholic School
    "Space Studio Banbury": "140886",  # now Futures Institute Banbury
}

ESFA_TYPES = {
    "General FE and Tertiary": "fe-college",
    "Sixth Form College": "sixth-form-college",
    "Academy": "school-sixth-form",
    "School Sixth Form": "school-sixth-form",
    "Free School": "school-sixth-form",
    "Academy Special": "special-school",
    "Non-Maintained Special School": "special-school",
    "University Technical College": "university-technical-college",
    "Studio School": "university-technical-college",
    "Independent Learning Provider": "training-provider",
    "Higher Education Provider": "higher-education",
}


@dataclass
class ProviderSource:
    """One provider as the open data describes it, before it gets an area and generated text."""

    name: str
    provider_type: str
    urn: str | None = None
    ukprn: str | None = None
    address: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    telephone: str | None = None
    age_range: str | None = None
    establishment: str | None = None
    religion: str | None = None
    gender: str | None = None
    students: int | None = None
    high_needs: int | None = None


@dataclass(frozen=True)
class Standard:
    """An apprenticeship standard from the LARS list."""

    code: int
    name: str
    level: int
    ssa_tier1: str
    ssa_tier2: str


def provider_sources() -> list[ProviderSource]:
    """The 16-19 providers merged with the schools that have a sixth form, plus every special school."""
    schools = {row["urn"]: row for row in _read(SCHOOLS_FILE)}
    providers = [_from_esfa(row, schools) for row in _read(PROVIDERS_FILE)]
    known = {provider.urn for provider in providers if provider.urn}
    providers += [_from_school(row) for urn, row in schools.items() if urn not in known and _takes_part(row)]
    return sorted(providers, key=lambda provider: provider.name)


@cache
def standards() -> tuple[Standard, ...]:
    """Apprenticeship standards still open to new starts, at level 2 or above."""
    return tuple(
        Standard(
            code=int(row["StandardCode"]),
            name=row["StandardName"].strip(),
            level=int(row["NotionalEndLevel"]),
            ssa_tier1=_ssa_code(row["SectorSubjectAreaTier1"]),
            ssa_tier2=_ssa_code(row["SectorSubjectAreaTier2"]),
        )
        for row in _read(STANDARDS_FILE)
        if not row["LastDateStarts"] and row["NotionalEndLevel"].isdigit()
    )


def _from_esfa(row: dict, schools: dict) -> ProviderSource:
    urn = row["urn"] or RENAMED.get(row["institution_name"])
    provider = ProviderSource(
        name=row["institution_name"],
        provider_type=ESFA_TYPES[row["esfa_category"]],
        ukprn=row["ukprn"],
        address=_without_postcode(row["address"], row["postcode"]),
        postcode=row["postcode"] or None,
        latitude=_number(row["latitude"]),
        longitude=_number(row["longitude"]),
        students=_count(row["total_16_19_students_2019_20"]),
        high_needs=_count(row["high_needs_students_2019_20"]),
    )
    if urn in schools:
        _add_school_details(provider, schools[urn])
    return provider


def _from_school(row: dict) -> ProviderSource:
    provider = ProviderSource(name=row["school_name"], provider_type=_school_type(row["establishment_type_group"]))
    _add_school_details(provider, row)
    return provider


def _add_school_details(provider: ProviderSource, row: dict) -> None:
    """The 2023/24 school record is the newer one: its name, address and telephone win."""
    provider.urn = row["urn"]
    provider.name = row["school_name"]
    provider.address = _without_postcode(row["address"], row["postcode"]) or provider.address
    provider.postcode = row["postcode"] or provider.postcode
    provider.latitude = _number(row["latitude"]) or provider.latitude
    provider.longitude = _number(row["longitude"]) or provider.longitude
    provider.telephone = _telephone(row["telephone"])
    provider.age_range = row["age_range"]
    provider.establishment = row["establishment_type_group"]
    provider.religion = row["religious_denomination"]
    provider.gender = row["gender"]


def _takes_part(row: dict) -> bool:
    """State schools with a sixth form, and every special school; independent mainstream schools are not in the AWP."""
    kind = row["establishment_type_group"]
    if "special" in kind.lower():
        return True
    return row["has_post16_age_range"] == "Y" and kind != "Independent schools"


def _school_type(establishment: str) -> str:
    lowered = establishment.lower()
    if "special" in lowered:
        return "special-school"
    if "studio" in lowered or "technical" in lowered:
        return "university-technical-college"
    return "school-sixth-form"


def _without_postcode(address: str, postcode: str) -> str | None:
    if not address:
        return None
    return address.removesuffix(postcode).rstrip(", ") if postcode else address


def _telephone(digits: str) -> str | None:
    if len(digits) != 11:
        return None
    return f"{digits[:5]} {digits[5:]}"


def _ssa_code(value: str) -> str:
    """LARS writes '4.10' and '4.00'; the prospectus stores '4.1' and '4'."""
    whole, _, fraction = value.partition(".")
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _number(value: str) -> float | None:
    return float(value) if value else None


def _count(value: str) -> int | None:
    return int(value.replace(",", "")) if value else None


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))
