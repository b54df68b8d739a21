"""The audit log: a declared list of events, written in the same transaction as what they record."""

from flask import has_request_context, request
from flask_login import current_user

from core.extensions import db
from core.models import AuditEvent

EVENTS = {
    "sign-in": "Signed in",
    "sign-in-failed": "Sign-in refused",
    "sign-out": "Signed out",
    "invitation-sent": "Invitation sent",
    "invitation-accepted": "Invitation accepted",
    "account-updated": "Account changed",
    "account-deactivated": "Account deactivated",
    "provider-created": "Provider added",
    "provider-updated": "Provider profile changed",
    "area-created": "Area added",
    "area-updated": "Area changed",
    "entry-year-created": "Entry year added",
    "entry-year-updated": "Entry year dates changed",
    "course-created": "Course created",
    "course-updated": "Course changed",
    "course-published": "Course published",
    "course-withdrawn": "Course withdrawn",
    "courses-copied": "Courses copied to the next entry year",
    "courses-imported": "Courses imported",
    "completeness-exported": "Completeness report downloaded",
    "course-returned-to-draft": "Withdrawn course returned to draft",
    "cohort-imported": "Cohort imported from school rolls",
    "activation-codes-downloaded": "Activation codes downloaded",
    "learner-account-created": "Learner account created with an activation code",
    "learner-registered": "Learner registered without a code",
    "learner-matched": "Self-registered learner matched to the cohort",
    "password-reset-requested": "Password reset requested",
    "password-reset": "Password changed with a reset link",
    "email-verification-sent": "Email confirmation link sent",
    "email-verified": "Email address confirmed",
    "application-submitted": "Application sent",
    "choice-submitted": "Choice sent to the provider",
    "choice-interview": "Choice: invited to interview",
    "choice-offered": "Choice: offer made",
    "choice-rejected": "Choice: unsuccessful",
    "choice-withdrawn": "Choice withdrawn by the learner",
    "choice-accepted": "Choice: offer accepted",
    "choice-declined": "Choice: offer declined",
    "choice-offer-withdrawn": "Choice: offer withdrawn by the provider",
    "choice-conditions-met": "Choice: offer conditions met",
    "choice-conditions-not-met": "Choice: offer conditions not met",
    "choice-enrolled": "Choice: learner enrolled",
    "decision-reminder-sent": "Reminder of overdue decisions sent to a provider",
    "offer-reminder-sent": "Reminder of offers awaiting a reply sent to a learner",
    "applications-exported": "Provider applications downloaded",
    "application-started": "Application started",
    "application-choice-added": "Course added to an application",
    "application-choice-removed": "Course removed from an application",
    "learner-record-viewed": "Learner's guarantee record viewed by an adviser or the council",
    "adviser-learners-exported": "List of cohort learners downloaded",
    "external-offer-recorded": "Offer made outside Pathways recorded",
    "not-appropriate-recorded": "Offer recorded as not appropriate for a learner now",
    "adviser-contact-recorded": "Contact with a learner recorded",
    "intended-destination-recorded": "Learner's intended destination recorded",
    "caseload-changed": "Adviser's caseload changed",
    "follow-up-rules-changed": "Follow-up rules and checkpoints changed",
    "nccis-export-downloaded": "NCCIS return downloaded",
    "follow-ups-refreshed": "Follow-up rules run for an entry year",
    "follow-up-closed": "Follow-up closed by hand",
    "follow-up-contact-recorded": "Contact recorded for a follow-up",
    "follow-up-viewed": "Follow-up and learner details viewed",
    "follow-up-digest-sent": "Weekly follow-up digest sent to an adviser",
    "nccis-export-written": "NCCIS return written to a file from the command line",
}


def record(event: str, subject=None, actor=None, **detail) -> AuditEvent:
    """Add an audit event to the session; the caller's commit writes it with the change itself."""
    if event not in EVENTS:
        raise ValueError(f"Undeclared audit event {event!r}")
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    if has_request_context():
        detail.setdefault("ip", request.remote_addr)
    entry = AuditEvent(
        event=event,
        actor_id=actor.id if actor is not None else None,
        subject_type=type(subject).__tablename__ if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        detail=detail,
    )
    db.session.add(entry)
    return entry
