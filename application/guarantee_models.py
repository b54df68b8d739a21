"""What careers advisers record for the September Guarantee, and the follow-ups the council's rules open."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import _in_list
from core.timeutil import utcnow
from prospectus.reference import NCCIS_OFFER_TYPES

OFFER_SOURCES = {
    "provider": "The provider told us",
    "learner": "The young person or their family told us",
    "school": "The school told us",
    "other": "Another source",
}

NOT_APPROPRIATE_REASONS = {
    "moved-away": "Moved out of the area",
    "custody": "In custody",
    "illness": "Unable to take part because of illness",
    "pregnancy": "Unable to take part because of pregnancy or parenting",
    "other": "Another reason",
}

CONTACT_METHODS = {
    "phone": "Phone call",
    "text": "Text message",
    "email": "Email",
    "face-to-face": "Face to face",
    "home-visit": "Home visit",
    "letter": "Letter",
}

CONTACT_OUTCOMES = {
    "spoke": "Spoke to the young person",
    "spoke-family": "Spoke to a parent or carer",
    "message-left": "Left a message",
    "no-answer": "No answer",
    "appointment": "Appointment booked",
    "declined-help": "Did not want help",
}

FOLLOW_UP_REASONS = {
    "not-applied": "Has not applied by the main deadline",
    "all-choices-ended": "Every choice ended without an offer",
    "declined-only-offer": "Declined their only offer",
    "no-offer-at-checkpoint": "Still has no offer at a checkpoint",
}

PRIORITY_GROUPS = {
    "fsm": "Free school meals",
    "looked-after": "Looked after",
    "ehcp": "EHC plan",
}


class CaseloadAssignment(db.Model):
    """A school or a whole area that a careers adviser looks after."""

    __tablename__ = "caseload_assignments"
    __table_args__ = (
        CheckConstraint("(school_id IS NULL) <> (area_id IS NULL)", name="school_or_area"),
        UniqueConstraint("adviser_id", "school_id", "area_id", name="uq_caseload_assignments_adviser_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))

    adviser = relationship("User")
    school = relationship("School")
    area = relationship("Area")


class _AdviserRecord:
    """Columns every adviser record shares: whose it is, for which cycle, and who wrote it when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    entry_year_id: Mapped[int] = mapped_column(ForeignKey("entry_years.id", ondelete="RESTRICT"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExternalOffer(_AdviserRecord, db.Model):
    """An offer made outside Pathways, recorded by an adviser."""

    __tablename__ = "external_offers"
    __table_args__ = (
        CheckConstraint(_in_list("activity_code", NCCIS_OFFER_TYPES), name="activity_code_known"),
        CheckConstraint(_in_list("source", OFFER_SOURCES), name="source_known"),
        CheckConstraint("provider_ukprn IS NULL OR length(provider_ukprn) = 8", name="ukprn_eight_digits"),
    )

    activity_code: Mapped[str] = mapped_column(String(3))
    provider_name: Mapped[str] = mapped_column(String(200))
    provider_ukprn: Mapped[str | None] = mapped_column(String(8))
    course: Mapped[str | None] = mapped_column(String(200))
    offered_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(10))

    recorded_by = relationship("User")


class NotAppropriateRecord(_AdviserRecord, db.Model):
    """An adviser's record that an offer is not appropriate for the learner now."""

    __tablename__ = "not_appropriate_records"
    __table_args__ = (CheckConstraint(_in_list("reason", NOT_APPROPRIATE_REASONS), name="reason_known"),)

    reason: Mapped[str] = mapped_column(String(12))
    detail: Mapped[str | None] = mapped_column(Text)
    recorded_on: Mapped[date] = mapped_column(Date)

    recorded_by = relationship("User")


class AdviserContact(_AdviserRecord, db.Model):
    __tablename__ = "adviser_contacts"
    __table_args__ = (
        CheckConstraint(_in_list("method", CONTACT_METHODS), name="method_known"),
        CheckConstraint(_in_list("outcome", CONTACT_OUTCOMES), name="outcome_known"),
    )

    contacted_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(12))
    outcome: Mapped[str] = mapped_column(String(14))
    note: Mapped[str | None] = mapped_column(Text)
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("follow_ups.id", ondelete="SET NULL"), index=True)

    recorded_by = relationship("User")


class IntendedDestination(_AdviserRecord, db.Model):
    """What the learner means to do next, as they told their adviser."""

    __tablename__ = "intended_destinations"
    __table_args__ = (CheckConstraint(_in_list("activity_code", NCCIS_OFFER_TYPES), name="activity_code_known"),)

    activity_code: Mapped[str] = mapped_column(String(3))
    detail: Mapped[str | None] = mapped_column(Text)

    recorded_by = relationship("User")


class FollowUp(db.Model):
    """Extra help for a priority learner, opened by the council's rules and closed by an offer or by hand.

    `reason_key` is the reason plus, for checkpoints, the date: opening is idempotent, one reason, one follow-up.
    """

    __tablename__ = "follow_ups"
    __table_args__ = (
        UniqueConstraint("learner_id", "entry_year_id", "reason_key", name="uq_follow_ups_learner_reason"),
        CheckConstraint(_in_list("reason", FOLLOW_UP_REASONS), name="reason_known"),
        CheckConstraint(_in_list("priority_group", PRIORITY_GROUPS), name="priority_group_known"),
        CheckConstraint("closed_at IS NULL OR closed_reason IS NOT NULL", name="closed_has_reason"),
        Index("ix_follow_ups_open", "entry_year_id", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    entry_year_id: Mapped[int] = mapped_column(ForeignKey("entry_years.id", ondelete="RESTRICT"))
    reason: Mapped[str] = mapped_column(String(24))
    reason_key: Mapped[str] = mapped_column(String(40))
    priority_group: Mapped[str] = mapped_column(String(12))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    closed_reason: Mapped[str | None] = mapped_column(String(300))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    learner = relationship("Learner")
    closed_by = relationship("User")
    contacts = relationship("AdviserContact", order_by="AdviserContact.contacted_on")
