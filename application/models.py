"""Schools, the cohort, learners' applications and their choices."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from application import states
from core.extensions import db
from core.models import _in_list
from core.timeutil import utcnow

SEN_NONE = "none"
SEN_SUPPORT = "sen-support"
EHCP = "ehcp"
SEN_STATUSES = {SEN_NONE: "No special educational needs", SEN_SUPPORT: "SEN support", EHCP: "EHC plan"}

REJECTION_REASONS = {
    "course-full": "The course is full",
    "entry-requirements": "Entry requirements not met",
    "not-suitable": "The course is not suitable for the learner's needs",
    "other": "Other reason",
}

APPLICATION_DRAFT = "draft"
APPLICATION_SUBMITTED = "submitted"


class School(db.Model):
    """A school whose Year 11 and Year 12 roll the council loads. Not every school is a provider."""

    __tablename__ = "schools"
    __table_args__ = (CheckConstraint("length(urn) = 6", name="urn_six_digits"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    urn: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"), index=True)
    postcode: Mapped[str | None] = mapped_column(String(8))

    area = relationship("Area")


class Learner(db.Model):
    """A young person. Cohort learners come from school rolls with a UPN; others register themselves.

    The activation code is kept until the learner activates their account, so that the council can hand codes out
    through schools; it works only together with the date of birth, and is cleared once used.
    """

    __tablename__ = "learners"
    __table_args__ = (
        CheckConstraint("upn IS NULL OR length(upn) = 13", name="upn_thirteen_characters"),
        CheckConstraint(_in_list("sen_status", SEN_STATUSES), name="sen_status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    upn: Mapped[str | None] = mapped_column(String(13), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    home_postcode: Mapped[str | None] = mapped_column(String(8))
    email: Mapped[str | None] = mapped_column(String(254))
    free_school_meals: Mapped[bool] = mapped_column(default=False)
    sen_status: Mapped[str] = mapped_column(String(12), default=SEN_NONE)
    looked_after: Mapped[bool] = mapped_column(default=False)
    activation_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    activated_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    cohort_entries = relationship("CohortEntry", back_populates="learner", cascade="all, delete-orphan")
    applications = relationship("Application", back_populates="learner")

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class CohortEntry(db.Model):
    """A learner's place in the Year 11 or Year 12 cohort of one entry year: who the guarantee is for."""

    __tablename__ = "cohort_entries"
    __table_args__ = (
        UniqueConstraint("learner_id", "entry_year_id", name="uq_cohort_entries_learner_year"),
        CheckConstraint("year_group IN (11, 12)", name="year_group_known"),
        Index("ix_cohort_entries_year_group", "entry_year_id", "year_group", "school_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    entry_year_id: Mapped[int] = mapped_column(ForeignKey("entry_years.id", ondelete="RESTRICT"))
    year_group: Mapped[int]
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"))

    learner = relationship("Learner", back_populates="cohort_entries")
    entry_year = relationship("EntryYear")
    school = relationship("School")


class Application(db.Model):
    """One learner's one application for one entry year."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("learner_id", "entry_year_id", name="uq_applications_learner_year"),
        CheckConstraint(_in_list("status", (APPLICATION_DRAFT, APPLICATION_SUBMITTED)), name="status_known"),
        CheckConstraint("status = 'draft' OR submitted_at IS NOT NULL", name="submitted_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    entry_year_id: Mapped[int] = mapped_column(ForeignKey("entry_years.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(10), default=APPLICATION_DRAFT)
    telephone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(300))
    postcode: Mapped[str | None] = mapped_column(String(8))
    current_school: Mapped[str | None] = mapped_column(String(200))
    support_needs: Mapped[str | None] = mapped_column(Text)
    personal_statement: Mapped[str | None] = mapped_column(Text)
    completed_sections: Mapped[list] = mapped_column(db.JSON, default=list)
    declaration_agreed_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    learner = relationship("Learner", back_populates="applications")
    entry_year = relationship("EntryYear")
    qualifications = relationship(
        "Qualification", back_populates="application", cascade="all, delete-orphan", order_by="Qualification.id"
    )
    choices = relationship("Choice", back_populates="application", order_by="Choice.rank")


class Qualification(db.Model):
    """A GCSE (grade 9-1) or other qualification, predicted or achieved."""

    __tablename__ = "qualifications"
    __table_args__ = (CheckConstraint("kind IN ('gcse', 'other')", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(120))
    grade: Mapped[str] = mapped_column(String(20))
    predicted: Mapped[bool] = mapped_column(default=True)

    application = relationship("Application", back_populates="qualifications")


class Choice(db.Model):
    """One course on one application. Its status changes only through application.states."""

    __tablename__ = "choices"
    __table_args__ = (
        UniqueConstraint("application_id", "course_id", name="uq_choices_application_course"),
        CheckConstraint(_in_list("status", states.STATUSES), name="status_known"),
        CheckConstraint("rank >= 1", name="rank_positive"),
        CheckConstraint(
            "rejection_reason IS NULL OR " + _in_list("rejection_reason", REJECTION_REASONS),
            name="rejection_reason_known",
        ),
        Index("ix_choices_course_status", "course_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="RESTRICT"))
    rank: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=states.DRAFT)
    version: Mapped[int] = mapped_column(default=1)

    submitted_at: Mapped[datetime | None]
    interview_at: Mapped[datetime | None]
    offered_at: Mapped[datetime | None]
    rejected_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    declined_at: Mapped[datetime | None]
    offer_withdrawn_at: Mapped[datetime | None]
    conditions_met_at: Mapped[datetime | None]
    conditions_not_met_at: Mapped[datetime | None]
    enrolled_at: Mapped[datetime | None]

    # UK wall-clock time, as the provider entered it and the learner reads it.
    interview_starts_at: Mapped[datetime | None]
    interview_place: Mapped[str | None] = mapped_column(String(300))
    interview_online: Mapped[bool] = mapped_column(default=False)
    rejection_reason: Mapped[str | None] = mapped_column(String(30))
    rejection_detail: Mapped[str | None] = mapped_column(Text)
    offer_withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application = relationship("Application", back_populates="choices")
    course = relationship("Course")
    conditions = relationship(
        "OfferCondition", back_populates="choice", cascade="all, delete-orphan", order_by="OfferCondition.id"
    )
    history = relationship("ChoiceEvent", back_populates="choice", order_by="ChoiceEvent.occurred_at")
    notes = relationship("ProviderNote", back_populates="choice", order_by="ProviderNote.created_at")

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        return states.STATUSES[self.status]


class OfferCondition(db.Model):
    __tablename__ = "offer_conditions"
    __table_args__ = (CheckConstraint("status IN ('pending', 'met', 'not-met')", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    choice_id: Mapped[int] = mapped_column(ForeignKey("choices.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(8), default="pending")

    choice = relationship("Choice", back_populates="conditions")


class ChoiceEvent(db.Model):
    """The history of a choice: every transition, when, and who made it."""

    __tablename__ = "choice_events"
    __table_args__ = (
        CheckConstraint(_in_list("event", states.EVENTS), name="event_known"),
        CheckConstraint(_in_list("to_status", states.STATUSES), name="to_status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    choice_id: Mapped[int] = mapped_column(ForeignKey("choices.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    detail: Mapped[dict] = mapped_column(db.JSON, default=dict)

    choice = relationship("Choice", back_populates="history")
    actor = relationship("User")


class ProviderNote(db.Model):
    """A note on a choice, visible only to the provider's staff."""

    __tablename__ = "provider_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    choice_id: Mapped[int] = mapped_column(ForeignKey("choices.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    choice = relationship("Choice", back_populates="notes")
    author = relationship("User")


class AccountToken(db.Model):
    """A one-time link for a password reset or an email check. Only a hash of the token is stored."""

    __tablename__ = "account_tokens"
    __table_args__ = (CheckConstraint("purpose IN ('reset-password', 'verify-email')", name="purpose_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
