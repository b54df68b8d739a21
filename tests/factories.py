"""factory-boy factories. Each commits, so that code under test (and the browser's live server) sees the rows."""

from datetime import date

import factory
from factory.alchemy import SQLAlchemyModelFactory

from core.auth.passwords import hash_password
from core.extensions import db
from core.models import User
from core.roles import ADVISER, COUNCIL, PROVIDER
from prospectus.models import Area, Course, EntryYear, Provider
from tests.conftest import DEMO_PASSWORD

_PASSWORD_HASH = hash_password(DEMO_PASSWORD)


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class AreaFactory(Base):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Area {n}")


class ProviderFactory(Base):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Riverside College {n}")
    ukprn = factory.Sequence(lambda n: f"1{n:07d}")
    provider_type = "fe-college"
    area = factory.SubFactory(AreaFactory)
    address = "Wootton Road, Abingdon"
    postcode = "OX14 1GG"
    latitude = 51.68062
    longitude = -1.28694


class EntryYearFactory(Base):
    class Meta:
        model = EntryYear
        sqlalchemy_get_or_create = ("year",)

    year = 2027
    applications_open = factory.LazyAttribute(lambda o: date(o.year - 1, 10, 1))
    main_deadline = factory.LazyAttribute(lambda o: date(o.year, 2, 28))
    guarantee_deadline = factory.LazyAttribute(lambda o: date(o.year, 9, 30))


class CourseFactory(Base):
    class Meta:
        model = Course

    provider = factory.SubFactory(ProviderFactory)
    entry_year = factory.SubFactory(EntryYearFactory)
    title = "A level Biology"
    provider_course_code = factory.Sequence(lambda n: f"C{n:04d}")
    qualification_type = "a-level"
    level = "3"
    ssa_tier1 = "2"
    ssa_tier2 = "2.1"
    age_group = "16-19"
    study_mode = "full-time"
    start_date = factory.LazyAttribute(lambda o: date(o.entry_year.year, 9, 6))
    duration = "2 years"
    entry_requirements = "Five GCSEs at grade 4 or above, including grade 6 in biology or combined science."
    description = "Study cells, genetics, ecology and human physiology, with practical work in our laboratories."
    nccis_offer_code = "230"
    status = "published"

    class Params:
        draft = factory.Trait(status="draft")
        withdrawn = factory.Trait(status="withdrawn")


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    name = factory.Sequence(lambda n: f"Sam Staff {n}")
    password_hash = _PASSWORD_HASH
    role = COUNCIL

    class Params:
        provider_staff = factory.Trait(role=PROVIDER, provider=factory.SubFactory(ProviderFactory))
        adviser = factory.Trait(role=ADVISER)
