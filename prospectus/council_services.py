"""The council's rules for areas, providers and entry years.

Each change is one function: it checks the rules that need the database, writes, records the audit event and commits.
A broken rule raises `Refused`, naming the form field it belongs to, so that the view can show it beside that field.
"""

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from core import audit, postcodes
from core.extensions import db
from prospectus.models import PUBLISHED, Area, Course, EntryYear, Provider


class Refused(Exception):
    """A change the council's rules do not allow; `field` names the form field the message belongs to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def full_postcode(value: str | None) -> str | None:
    """'ox14  1gg' -> 'OX14 1GG'; None when blank, or a district alone, or not shaped like a UK postcode."""
    postcode = postcodes.normalise(value)
    return postcode if postcode and postcodes.is_full_postcode(postcode) else None


def _commit_or_refuse(field: str, message: str) -> None:
    """Commit; a unique constraint that another request won meanwhile becomes the same message as our own check."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refused(field, message) from None


# Areas


def areas_with_provider_counts() -> list[tuple[Area, int]]:
    rows = db.session.execute(
        select(Area, func.count(Provider.id)).outerjoin(Provider).group_by(Area.id).order_by(Area.name)
    ).all()
    return [(area, count) for area, count in rows]


def all_areas() -> list[Area]:
    return list(db.session.scalars(select(Area).order_by(Area.name)))


def _duplicate_area_message(name: str) -> str:
    return f"There is already an area called {name}: enter a different name"


def _check_area_name_free(name: str, area_id: int | None = None) -> None:
    query = select(Area.id).where(func.lower(Area.name) == name.lower())
    if area_id is not None:
        query = query.where(Area.id != area_id)
    if db.session.scalar(query) is not None:
        raise Refused("name", _duplicate_area_message(name))


def add_area(name: str, description: str | None) -> Area:
    _check_area_name_free(name)
    area = Area(name=name, description=description)
    db.session.add(area)
    db.session.flush()
    audit.record("area-created", subject=area, name=name)
    _commit_or_refuse("name", _duplicate_area_message(name))
    return area


def update_area(area: Area, name: str, description: str | None) -> Area:
    _check_area_name_free(name, area.id)
    audit.record("area-updated", subject=area, name={"from": area.name, "to": name})
    area.name, area.description = name, description
    _commit_or_refuse("name", _duplicate_area_message(name))
    return area


# Providers


@dataclass
class ProviderDetails:
    """What the council keeps about a provider; the provider's own profile text is theirs to write."""

    name: str
    urn: str | None
    ukprn: str | None
    provider_type: str
    area_id: int
    address: str | None
    postcode: str | None
    website: str | None
    email: str | None
    telephone: str | None


def providers_with_course_counts() -> list[tuple[Provider, int, int]]:
    """Every provider with its number of published courses and of all courses, in one grouped query."""
    counts = (
        select(
            Course.provider_id,
            func.count(Course.id).label("total"),
            func.sum(case((Course.status == PUBLISHED, 1), else_=0)).label("published"),
        )
        .group_by(Course.provider_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Provider, func.coalesce(counts.c.published, 0), func.coalesce(counts.c.total, 0))
        .options(joinedload(Provider.area))
        .outerjoin(counts, counts.c.provider_id == Provider.id)
        .order_by(Provider.name, Provider.id)
    ).all()
    return [(provider, published, total) for provider, published, total in rows]


def all_providers() -> list[Provider]:
    return list(db.session.scalars(select(Provider).order_by(Provider.name, Provider.id)))


def _check_identifiers_free(details: ProviderDetails, provider_id: int | None) -> None:
    for field in ("urn", "ukprn"):
        value = getattr(details, field)
        if value is None:
            continue
        query = select(Provider.name).where(getattr(Provider, field) == value)
        if provider_id is not None:
            query = query.where(Provider.id != provider_id)
        holder = db.session.scalar(query)
        if holder is not None:
            raise Refused(field, f"{field.upper()} {value} is already used by {holder}: check the number")


def _identifier_clash(details: ProviderDetails) -> Refused:
    return Refused("urn" if details.urn else "ukprn", "Another provider already has this URN or UKPRN")


def _locate(provider: Provider) -> None:
    """Coordinates for distance searches; none rather than stale ones when the postcode is not known."""
    location = postcodes.try_locate(provider.postcode)
    provider.latitude = location.latitude if location else None
    provider.longitude = location.longitude if location else None


def add_provider(details: ProviderDetails) -> Provider:
    _check_identifiers_free(details, None)
    provider = Provider(**asdict(details))
    _locate(provider)
    db.session.add(provider)
    db.session.flush()
    audit.record("provider-created", subject=provider, name=provider.name)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _identifier_clash(details) from None
    return provider


def update_provider(provider: Provider, details: ProviderDetails) -> Provider:
    _check_identifiers_free(details, provider.id)
    changes = {name: value for name, value in asdict(details).items() if getattr(provider, name) != value}
    for name, value in changes.items():
        setattr(provider, name, value)
    if "postcode" in changes:
        _locate(provider)
    audit.record("provider-updated", subject=provider, changed=sorted(changes))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise _identifier_clash(details) from None
    return provider


# Entry years


@dataclass
class EntryYearDates:
    applications_open: date
    main_deadline: date
    guarantee_deadline: date
    max_choices: int
    response_working_days: int


def all_entry_years() -> list[EntryYear]:
    return list(db.session.scalars(select(EntryYear).order_by(EntryYear.year.desc())))


def entry_year_numbered(year: int) -> EntryYear | None:
    return db.session.scalar(select(EntryYear).where(EntryYear.year == year))


def _check_dates_in_order(dates: EntryYearDates) -> None:
    if dates.main_deadline <= dates.applications_open:
        raise Refused("main_deadline", "The main deadline must be after the date applications open")
    if dates.guarantee_deadline < dates.main_deadline:
        raise Refused("guarantee_deadline", "The guarantee deadline must be on or after the main deadline")


def add_entry_year(year: int, dates: EntryYearDates) -> EntryYear:
    message = f"Entry year {year} already exists: change its dates instead"
    if db.session.scalar(select(EntryYear.id).where(EntryYear.year == year)) is not None:
        raise Refused("year", message)
    _check_dates_in_order(dates)
    entry_year = EntryYear(year=year, **asdict(dates))
    db.session.add(entry_year)
    db.session.flush()
    audit.record("entry-year-created", subject=entry_year, year=year)
    _commit_or_refuse("year", message)
    return entry_year


def update_entry_year(entry_year: EntryYear, dates: EntryYearDates) -> EntryYear:
    _check_dates_in_order(dates)
    for name, value in asdict(dates).items():
        setattr(entry_year, name, value)
    audit.record(
        "entry-year-updated", subject=entry_year, **{name: str(value) for name, value in asdict(dates).items()}
    )
    db.session.commit()
    return entry_year
