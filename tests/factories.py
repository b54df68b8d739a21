"""factory-boy factories. Each commits, so that code under test (and the browser's live server) sees the rows."""

from datetime import date, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from application import states
from application.models import Application, Choice, CohortEntry, Learner, School
from core.auth.passwords import hash_password
from core.extensions import db
from core.models import User
from core.roles import ADVISER, COUNCIL, LEARNER, PROVIDER
from core.timeutil import utcnow
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


class SchoolFactory(Base):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: f"{140000 + n}")
    name = factory.Sequence(lambda n: f"Cherwell Valley School {n}")
    area = factory.SubFactory(AreaFactory)
    postcode = "OX16 9HY"


def _upn(n: int) -> str:
    from application.upn import with_check_letter

    return with_check_letter(f"93140{n:07d}")


class LearnerFactory(Base):
    class Meta:
        model = Learner

    upn = factory.Sequence(_upn)
    given_name = factory.Iterator(["Amara", "Oliver", "Zofia", "Callum", "Priya", "Ethan", "Grace", "Kacper"])
    family_name = factory.Iterator(["Okafor", "Hughes", "Nowak", "MacLeod", "Patel", "Brown", "Osei", "Wright"])
    date_of_birth = date(2010, 3, 14)
    home_postcode = "OX16 9HY"
    email = factory.Sequence(lambda n: f"learner{n}@example.org")

    class Params:
        fsm = factory.Trait(free_school_meals=True)
        ehcp = factory.Trait(sen_status="ehcp")


class CohortEntryFactory(Base):
    class Meta:
        model = CohortEntry

    learner = factory.SubFactory(LearnerFactory)
    entry_year = factory.SubFactory(EntryYearFactory)
    year_group = 11
    school = factory.SubFactory(SchoolFactory)


class LearnerUserFactory(Base):
    """A learner's account."""

    class Meta:
        model = User

    learner = factory.SubFactory(LearnerFactory)
    email = factory.LazyAttribute(lambda o: o.learner.email)
    name = factory.LazyAttribute(lambda o: o.learner.full_name)
    password_hash = _PASSWORD_HASH
    role = LEARNER
    email_verified_at = factory.LazyFunction(utcnow)


class ApplicationFactory(Base):
    class Meta:
        model = Application

    learner = factory.SubFactory(LearnerFactory)
    entry_year = factory.SubFactory(EntryYearFactory)
    telephone = "07700 900123"
    address = "12 Orchard Way, Banbury"
    postcode = "OX16 9HY"
    current_school = "Wykham Park"
    personal_statement = "I enjoy science and want to become a paramedic."

    class Params:
        submitted = factory.Trait(
            status="submitted",
            submitted_at=factory.LazyFunction(utcnow),
            declaration_agreed_at=factory.LazyFunction(utcnow),
        )


def _after(choice, status: str) -> datetime:
    return choice.submitted_at + timedelta(days=list(states.STATUSES).index(status))


class ChoiceFactory(Base):
    """A choice in a given state, with the timestamps of every state it passed through, in order."""

    class Meta:
        model = Choice

    application = factory.Maybe(
        "draft",
        yes_declaration=factory.SubFactory(ApplicationFactory),
        no_declaration=factory.SubFactory(ApplicationFactory, submitted=True),
    )
    course = factory.SubFactory(CourseFactory)
    rank = factory.Sequence(lambda n: n + 1)
    status = states.SUBMITTED
    submitted_at = factory.LazyFunction(lambda: utcnow() - timedelta(days=30))

    class Params:
        draft = factory.Trait(status=states.DRAFT, submitted_at=None)
        interview = factory.Trait(
            status=states.INTERVIEW,
            interview_at=factory.LazyAttribute(lambda o: _after(o, states.INTERVIEW)),
            interview_starts_at=factory.LazyAttribute(lambda o: _after(o, states.INTERVIEW) + timedelta(days=7)),
            interview_place="Main reception, Wootton Road campus",
        )
        offered = factory.Trait(
            status=states.OFFERED, offered_at=factory.LazyAttribute(lambda o: _after(o, states.OFFERED))
        )
        rejected = factory.Trait(
            status=states.REJECTED,
            rejected_at=factory.LazyAttribute(lambda o: _after(o, states.REJECTED)),
            rejection_reason="course-full",
        )
        accepted = factory.Trait(
            status=states.ACCEPTED,
            offered_at=factory.LazyAttribute(lambda o: _after(o, states.OFFERED)),
            accepted_at=factory.LazyAttribute(lambda o: _after(o, states.ACCEPTED)),
        )
        enrolled = factory.Trait(
            status=states.ENROLLED,
            offered_at=factory.LazyAttribute(lambda o: _after(o, states.OFFERED)),
            accepted_at=factory.LazyAttribute(lambda o: _after(o, states.ACCEPTED)),
            enrolled_at=factory.LazyAttribute(lambda o: _after(o, states.ENROLLED)),
        )


# September Guarantee: what advisers record, their caseloads and follow-ups.

from application import guarantee_models  # noqa: E402  (appended section)


class ExternalOfferFactory(Base):
    class Meta:
        model = guarantee_models.ExternalOffer
        exclude = ("learner", "entry_year")

    learner = factory.SubFactory(LearnerFactory)
    entry_year = factory.SubFactory(EntryYearFactory)
    learner_id = factory.SelfAttribute("learner.id")
    entry_year_id = factory.SelfAttribute("entry_year.id")
    activity_code = "310"
    provider_name = "Thames Valley Engineering Ltd"
    provider_ukprn = "10012345"
    course = "Engineering technician apprenticeship"
    offered_on = factory.LazyAttribute(lambda o: date(o.entry_year.year, 5, 12))
    source = "provider"


class NotAppropriateFactory(Base):
    class Meta:
        model = guarantee_models.NotAppropriateRecord
        exclude = ("learner", "entry_year")

    learner = factory.SubFactory(LearnerFactory)
    entry_year = factory.SubFactory(EntryYearFactory)
    learner_id = factory.SelfAttribute("learner.id")
    entry_year_id = factory.SelfAttribute("entry_year.id")
    reason = "moved-away"
    detail = "Moved to Cardiff with family."
    recorded_on = factory.LazyAttribute(lambda o: date(o.entry_year.year, 6, 1))


class AdviserContactFactory(Base):
    class Meta:
        model = guarantee_models.AdviserContact
        exclude = ("learner", "entry_year")

    learner = factory.SubFactory(LearnerFactory)
    entry_year = factory.SubFactory(EntryYearFactory)
    learner_id = factory.SelfAttribute("learner.id")
    entry_year_id = factory.SelfAttribute("entry_year.id")
    contacted_on = factory.LazyAttribute(lambda o: date(o.entry_year.year, 4, 20))
    method = "phone"
    outcome = "spoke"
    note = "Talked through college and apprenticeship options."


class CaseloadAssignmentFactory(Base):
    """An adviser's school; pass `area=...` (and `school=None`) for a whole area."""

    class Meta:
        model = guarantee_models.CaseloadAssignment

    adviser = factory.SubFactory(UserFactory, adviser=True)
    school = factory.SubFactory(SchoolFactory)
    area = None


class FollowUpFactory(Base):
    class Meta:
        model = guarantee_models.FollowUp
        exclude = ("entry_year",)

    learner = factory.SubFactory(LearnerFactory, fsm=True)
    entry_year = factory.SubFactory(EntryYearFactory)
    entry_year_id = factory.SelfAttribute("entry_year.id")
    reason = "not-applied"
    reason_key = factory.LazyAttribute(lambda o: o.reason)
    priority_group = "fsm"
