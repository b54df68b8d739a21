"""Staff accounts: inviting, re-inviting, changing and deactivating them.

An invited account has no password until its owner follows the emailed link. The invitation, the account and the
email are written in one transaction, so an invitation is never made without its email or the other way round.
"""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from core import audit
from core.auth.services import create_invitation, find_user_by_email
from core.extensions import db
from core.mailqueue import queue_mail
from core.models import Invitation, User
from core.roles import PROVIDER
from core.timeutil import utcnow
from prospectus.models import Provider

ACTIVE = "Active"
INVITED = "Invited"
INVITATION_EXPIRED = "Invitation expired"
DEACTIVATED = "Deactivated"


class Refused(Exception):
    """A change to an account that the rules do not allow; `field` names the form field the message belongs to."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class StaffMember:
    user: User
    status: str

    @property
    def can_be_reinvited(self) -> bool:
        return self.status in (INVITED, INVITATION_EXPIRED)


def _status(user: User, open_invitation_expires) -> str:
    if not user.active:
        return DEACTIVATED
    if user.password_hash is not None:
        return ACTIVE
    return INVITED if open_invitation_expires and open_invitation_expires > utcnow() else INVITATION_EXPIRED


def staff_with_status() -> list[StaffMember]:
    """Every account with its status, using one query for the latest unused invitation of each."""
    latest = (
        select(Invitation.user_id, func.max(Invitation.expires_at).label("expires_at"))
        .where(Invitation.used_at.is_(None))
        .group_by(Invitation.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(User, latest.c.expires_at)
        .options(joinedload(User.provider))
        .outerjoin(latest, latest.c.user_id == User.id)
        .order_by(func.lower(User.name), User.id)
    ).all()
    return [StaffMember(user, _status(user, expires)) for user, expires in rows]


def providers_to_choose() -> list[Provider]:
    return list(db.session.scalars(select(Provider).order_by(Provider.name, Provider.id)))


def _check_role(role: str, provider_id: int | None) -> None:
    if role == PROVIDER and provider_id is None:
        raise Refused("provider_id", "Select the provider this person works for")


def _send_invitation(user: User, invited_by: User) -> None:
    token = create_invitation(user, invited_by)
    base_url = current_app.config["BASE_URL"].rstrip("/")
    queue_mail(
        user.email,
        "invitation",
        f"You have been invited to {current_app.config['SERVICE_NAME']}",
        name=user.name,
        invited_by=invited_by.name,
        role=user.role_label,
        provider=user.provider.name if user.provider else None,
        link=f"{base_url}/invitations/{token}",
        lifetime_hours=current_app.config["INVITATION_LIFETIME_HOURS"],
    )


def _expire_open_invitations(user: User) -> None:
    db.session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None), Invitation.expires_at > utcnow())
        .values(expires_at=utcnow())
    )


def invite(name: str, email: str, role: str, provider_id: int | None, invited_by: User) -> User:
    """Make an account without a password and email its owner a link to set one."""
    duplicate = Refused("email", f"There is already an account for {email}: find it in the list instead")
    if find_user_by_email(email) is not None:
        raise duplicate
    _check_role(role, provider_id)
    user = User(name=name, email=email.lower(), role=role, provider_id=provider_id if role == PROVIDER else None)
    db.session.add(user)
    db.session.flush()
    _send_invitation(user, invited_by)
    audit.record("invitation-sent", subject=user, actor=invited_by, role=role)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise duplicate from None
    return user


def reinvite(user: User, invited_by: User) -> None:
    """Send a fresh link; any earlier link stops working."""
    if user.password_hash is not None or not user.active:
        raise Refused(None, f"{user.name} cannot be invited again: the account is already set up or deactivated")
    _expire_open_invitations(user)
    _send_invitation(user, invited_by)
    audit.record("invitation-sent", subject=user, actor=invited_by, role=user.role, again=True)
    db.session.commit()


def update_account(user: User, name: str, role: str, provider_id: int | None, changed_by: User) -> None:
    _check_role(role, provider_id)
    if user.id == changed_by.id and role != user.role:
        raise Refused("role", "You cannot change your own role: ask another member of the council team")
    new = {"name": name, "role": role, "provider_id": provider_id if role == PROVIDER else None}
    changed = sorted(key for key, value in new.items() if getattr(user, key) != value)
    for key, value in new.items():
        setattr(user, key, value)
    audit.record("account-updated", subject=user, actor=changed_by, changed=changed)
    db.session.commit()


def deactivate(user: User, deactivated_by: User) -> None:
    """Stop an account signing in, and any invitation link it has from working."""
    if user.id == deactivated_by.id:
        raise Refused(None, "You cannot deactivate your own account: ask another member of the council team")
    user.active = False
    _expire_open_invitations(user)
    audit.record("account-deactivated", subject=user, actor=deactivated_by)
    db.session.commit()
