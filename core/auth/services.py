"""Signing in and accepting invitations."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from core import audit
from core.auth.passwords import check_password, hash_password
from core.extensions import db
from core.models import Invitation, User
from core.timeutil import utcnow


class InvitationInvalid(Exception):
    """The link is unknown, used or expired."""


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The user if the email and password match an active account. Unknown and wrong look the same to the caller."""
    user = find_user_by_email(email)
    if user is None or not check_password(user.password_hash, password) or not user.active:
        audit.record("sign-in-failed", email_domain=email.rpartition("@")[2][:100])
        db.session.commit()
        return None
    user.last_signed_in_at = utcnow()
    audit.record("sign-in", subject=user, actor=user)
    db.session.commit()
    return user


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(user: User, invited_by: User | None) -> str:
    """Make an invitation and return its token. The caller queues the email and commits."""
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(hours=current_app.config["INVITATION_LIFETIME_HOURS"])
    db.session.add(
        Invitation(
            user=user,
            token_hash=_hash_token(token),
            invited_by_id=invited_by.id if invited_by else None,
            expires_at=utcnow() + lifetime,
        )
    )
    return token


def invitation_for(token: str) -> Invitation:
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _hash_token(token)))
    if invitation is None or invitation.used_at is not None or invitation.expires_at < utcnow():
        raise InvitationInvalid
    return invitation


def accept_invitation(token: str, password: str) -> User:
    invitation = invitation_for(token)
    invitation.used_at = utcnow()
    invitation.user.password_hash = hash_password(password)
    audit.record("invitation-accepted", subject=invitation.user, actor=invitation.user)
    db.session.commit()
    return invitation.user
