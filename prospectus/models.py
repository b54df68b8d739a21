"""Areas, providers, entry years and courses: the area-wide prospectus."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import _in_list
from core.timeutil import utcnow
from prospectus.reference import (
    AGE_GROUPS,
    COURSE_STATUSES,
    LEVELS,
    NCCIS_OFFER_TYPES,
    PROVIDER_TYPES,
    QUALIFICATION_TYPES,
    SSA_TIER1,
    SSA_TIER2,
    STUDY_MODES,
)

DRAFT = "draft"
PUBLISHED = "published"
WITHDRAWN = "withdrawn"

# A course cannot be published without these; a draft may leave them blank.
REQUIRED_TO_PUBLISH = (
    "title",
    "provider_course_code",
    "qualification_type",
    "level",
    "ssa_tier1",
    "age_group",
    "study_mode",
    "start_date",
    "duration",
    "entry_requirements",
    "description",
    "nccis_offer_code",
)


class Area(db.Model):
    """A travel-to-learn area (consortium) of the county."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str | None] = mapped_column(Text)

    providers = relationship("Provider", back_populates="area", order_by="Provider.name")


class Provider(db.Model):
    __tablename__ = "providers"
    __table_args__ = (
        CheckConstraint("urn IS NOT NULL OR ukprn IS NOT NULL", name="identified_by_urn_or_ukprn"),
        CheckConstraint("urn IS NULL OR length(urn) = 6", name="urn_six_digits"),
        CheckConstraint("ukprn IS NULL OR (length(ukprn) = 8 AND ukprn LIKE '1%')", name="ukprn_eight_digits"),
        CheckConstraint(_in_list("provider_type", PROVIDER_TYPES), name="provider_type_known"),
        CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="coordinates_together"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    urn: Mapped[str | None] = mapped_column(String(6), unique=True)
    ukprn: Mapped[str | None] = mapped_column(String(8), unique=True)
    provider_type: Mapped[str] = mapped_column(String(40))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="RESTRICT"), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(8))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))
    telephone: Mapped[str | None] = mapped_column(String(30))
    description: Mapped[str | None] = mapped_column(Text)
    lldd_support: Mapped[str | None] = mapped_column(Text)
    transport: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    area = relationship("Area", back_populates="providers")
    courses = relationship("Course", back_populates="provider", order_by="Course.title")
    staff = relationship("User", back_populates="provider")

    @property
    def type_label(self) -> str:
        return PROVIDER_TYPES[self.provider_type]

    @property
    def identifier(self) -> str:
        return self.urn or self.ukprn


class EntryYear(db.Model):
    """One cycle: the September that courses start, and the council's dates for it."""

    __tablename__ = "entry_years"
    __table_args__ = (
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_plausible"),
        CheckConstraint("applications_open < main_deadline", name="opens_before_deadline"),
        CheckConstraint("main_deadline <= guarantee_deadline", name="deadline_before_guarantee"),
        CheckConstraint("max_choices BETWEEN 1 AND 10", name="max_choices_range"),
        CheckConstraint("response_working_days BETWEEN 1 AND 60", name="response_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    applications_open: Mapped[date] = mapped_column(Date)
    main_deadline: Mapped[date] = mapped_column(Date)
    guarantee_deadline: Mapped[date] = mapped_column(Date)
    max_choices: Mapped[int] = mapped_column(default=5)
    response_working_days: Mapped[int] = mapped_column(default=20)
    # Targeted follow-up: FSM learners always; the council may add looked-after learners and those with an EHC plan.
    follow_up_fsm: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    follow_up_looked_after: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    follow_up_ehcp: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    checkpoint_dates: Mapped[list] = mapped_column(db.JSON, default=list, server_default=text("'[]'"))

    courses = relationship("Course", back_populates="entry_year")

    @property
    def label(self) -> str:
        return f"September {self.year}"


def _published_requires_fields() -> str:
    return "status <> 'published' OR (" + " AND ".join(f"{name} IS NOT NULL" for name in REQUIRED_TO_PUBLISH) + ")"


class Course(db.Model):
    __tablename__ = "courses"
    __table_args__ = (
        UniqueConstraint("provider_id", "entry_year_id", "provider_course_code", name="uq_courses_provider_code"),
        CheckConstraint(_in_list("status", COURSE_STATUSES), name="status_known"),
        CheckConstraint(_in_list("qualification_type", QUALIFICATION_TYPES), name="qualification_type_known"),
        CheckConstraint(_in_list("level", LEVELS), name="level_known"),
        CheckConstraint(_in_list("ssa_tier1", SSA_TIER1), name="ssa_tier1_known"),
        CheckConstraint(_in_list("ssa_tier2", SSA_TIER2), name="ssa_tier2_known"),
        CheckConstraint(_in_list("age_group", AGE_GROUPS), name="age_group_known"),
        CheckConstraint(_in_list("study_mode", STUDY_MODES), name="study_mode_known"),
        CheckConstraint(_in_list("nccis_offer_code", NCCIS_OFFER_TYPES), name="nccis_offer_code_known"),
        CheckConstraint("places IS NULL OR places >= 0", name="places_not_negative"),
        CheckConstraint(_published_requires_fields(), name="published_is_complete"),
        Index("ix_courses_listing", "entry_year_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="CASCADE"), index=True)
    entry_year_id: Mapped[int] = mapped_column(ForeignKey("entry_years.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(200))
    provider_course_code: Mapped[str | None] = mapped_column(String(40))
    qualification_type: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[str | None] = mapped_column(String(4))
    ssa_tier1: Mapped[str | None] = mapped_column(String(4))
    ssa_tier2: Mapped[str | None] = mapped_column(String(5))
    age_group: Mapped[str | None] = mapped_column(String(12))
    study_mode: Mapped[str | None] = mapped_column(String(12))
    start_date: Mapped[date | None] = mapped_column(Date)
    duration: Mapped[str | None] = mapped_column(String(60))
    entry_requirements: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    venue_postcode: Mapped[str | None] = mapped_column(String(8))
    places: Mapped[int | None]
    costs: Mapped[str | None] = mapped_column(Text)
    bursaries: Mapped[str | None] = mapped_column(Text)
    nccis_offer_code: Mapped[str | None] = mapped_column(String(3))
    apprenticeship_standard: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10), default=DRAFT)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]

    provider = relationship("Provider", back_populates="courses")
    entry_year = relationship("EntryYear", back_populates="courses")

    __mapper_args__ = {"version_id_col": version}

    @property
    def missing_to_publish(self) -> list[str]:
        return [name for name in REQUIRED_TO_PUBLISH if getattr(self, name) in (None, "")]

    def label(self, field: str) -> str | None:
        """The words people see for a coded field, such as level '3' -> 'Level 3'."""
        lists = {
            "qualification_type": QUALIFICATION_TYPES,
            "level": LEVELS,
            "ssa_tier1": SSA_TIER1,
            "ssa_tier2": SSA_TIER2,
            "age_group": AGE_GROUPS,
            "study_mode": STUDY_MODES,
            "nccis_offer_code": NCCIS_OFFER_TYPES,
            "status": COURSE_STATUSES,
        }
        value = getattr(self, field)
        return lists[field].get(value) if value is not None else None
