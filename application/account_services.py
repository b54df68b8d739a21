"""Learner accounts: activation codes, creating an account, registering from outside the area, one-time email links.

Each use case is one function that validates, writes and commits, or raises `AccountRefused` with a message for the
form field to show. Mail is queued in the same transaction as the change that causes it.
"""

import csv
import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from application.models import AccountToken, CohortEntry, Learner, School
from core import audit
from core.auth.passwords import hash_password
from core.auth.services import find_user_by_email
from core.extensions import db
from core.mailqueue import queue_mail
from core.models import User
from core.roles import LEARNER
from core.timeutil import utcnow
from prospectus.models import EntryYear

# No I, L, O, S, 0, 1 or 5, which are easily misread on a printed slip.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
CODE_LENGTH = 9

ACTIVATION_MISMATCH = "The code and date of birth do not match our records. Check them with your school."
EMAIL_TAKEN = "An account already uses this email address. Sign in, or reset your password if you have forgotten it"
RESET_PASSWORD = "reset-password"
VERIFY_EMAIL = "verify-email"
LINK_PATHS = {RESET_PASSWORD: "/reset-password/", VERIFY_EMAIL: "/confirm-your-email/"}
YOUNGEST_AGE, OLDEST_AGE = 13, 25


class AccountRefused(Exception):
    """A request that cannot be done; `field` names the form field the message belongs to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class LinkInvalid(Exception):
    """An emailed link that is unknown, expired or already used."""


# Activation codes


def format_code(characters: str) -> str:
    return "-".join(characters[i : i + 3] for i in range(0, len(characters), 3))


def normalise_code(text: str | None) -> str | None:
    """What a learner typed ('kx7 p2q9mt') as a stored code ('KX7-P2Q-9MT'), or None if it cannot be one."""
    characters = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    if len(characters) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in characters):
        return None
    return format_code(characters)


def new_activation_code(taken: set[str]) -> str:
    """A random code not in `taken`, which it is added to."""
    while True:
        code = format_code("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))
        if code not in taken:
            taken.add(code)
            return code


# Creating an account with a code


def learner_for_activation(code_text: str, date_of_birth: date) -> Learner:
    """The cohort learner this code and date of birth belong to. Wrong code and wrong date look the same."""
    code = normalise_code(code_text)
    learner = code and db.session.scalar(select(Learner).where(Learner.activation_code == code))
    if not learner or learner.date_of_birth != date_of_birth or _has_account(learner):
        raise AccountRefused("code", ACTIVATION_MISMATCH)
    return learner


def _has_account(learner: Learner) -> bool:
    return db.session.scalar(select(User.id).where(User.learner_id == learner.id)) is not None


def _check_email_free(email: str) -> str:
    email = email.strip().lower()
    if find_user_by_email(email) is not None:
        raise AccountRefused("email", EMAIL_TAKEN)
    return email


def _learner_user(learner: Learner, email: str, password: str) -> User:
    user = User(
        email=email, name=learner.full_name, password_hash=hash_password(password), role=LEARNER, learner=learner
    )
    db.session.add(user)
    db.session.flush()
    return user


def _commit_account() -> None:
    """Commit a new account; a twin request that won the race (same code or same email) makes this one refused."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AccountRefused("email", EMAIL_TAKEN) from None


def create_learner_account(code_text: str, date_of_birth: date, email: str, password: str) -> User:
    """Give a cohort learner their account: the code is used up, and a link to confirm the email is queued."""
    learner = learner_for_activation(code_text, date_of_birth)
    email = _check_email_free(email)
    learner.activation_code = None
    learner.activated_at = utcnow()
    learner.email = email
    user = _learner_user(learner, email, password)
    audit.record("learner-account-created", subject=user, actor=user)
    _queue_verification(user)
    _commit_account()
    return user


# Registering without a code


@dataclass(frozen=True)
class Registration:
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def date_of_birth_problem(born: date, today: date) -> str | None:
    if born >= today:
        return "Date of birth must be in the past"
    if not YOUNGEST_AGE <= age_on(born, today) <= OLDEST_AGE:
        return f"Check your date of birth: Pathways is for young people aged {YOUNGEST_AGE + 1} to {OLDEST_AGE}"
    return None


def check_registration(details: Registration) -> None:
    problem = date_of_birth_problem(details.date_of_birth, utcnow().date())
    if problem:
        raise AccountRefused("date_of_birth", problem)


def register_learner(details: Registration, email: str, password: str) -> User:
    """An account for a learner outside the cohort: no UPN and no cohort entry until an adviser matches them."""
    check_registration(details)
    email = _check_email_free(email)
    learner = Learner(
        upn=None,
        given_name=details.given_name,
        family_name=details.family_name,
        date_of_birth=details.date_of_birth,
        home_postcode=details.postcode,
        email=email,
        activated_at=utcnow(),
    )
    db.session.add(learner)
    user = _learner_user(learner, email, password)
    audit.record("learner-registered", subject=user, actor=user)
    _queue_verification(user)
    _commit_account()
    return user


# Emailed links


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue_link(user: User, purpose: str, lifetime: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(user_id=user.id, purpose=purpose, token_hash=_hash_token(token), expires_at=utcnow() + lifetime)
    )
    return current_app.config["BASE_URL"].rstrip("/") + LINK_PATHS[purpose] + token


def _valid_token(token: str, purpose: str) -> AccountToken:
    found = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == _hash_token(token), AccountToken.purpose == purpose)
    )
    if found is None or found.used_at is not None or found.expires_at < utcnow():
        raise LinkInvalid
    return found


def _use_token(token: str) -> None:
    """Mark a link used in one statement, so that two requests racing with the same link cannot both use it."""
    used = db.session.execute(
        update(AccountToken)
        .where(AccountToken.token_hash == _hash_token(token), AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if used.rowcount != 1:
        db.session.rollback()
        raise LinkInvalid


def _recent_links(user: User, purpose: str) -> int:
    since = utcnow() - timedelta(hours=1)
    query = select(func.count(AccountToken.id)).where(
        AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.created_at >= since
    )
    return db.session.scalar(query)


def _queue_verification(user: User) -> None:
    hours = current_app.config["EMAIL_VERIFICATION_LIFETIME_HOURS"]
    link = _issue_link(user, VERIFY_EMAIL, timedelta(hours=hours))
    queue_mail(user.email, "verify-email", "Confirm your email address for Pathways", name=user.name, link=link)
    audit.record("email-verification-sent", subject=user, actor=user)


def resend_verification(user: User) -> bool:
    """Send a fresh confirmation link, unless several went out in the last hour. True if one was sent."""
    if user.email_verified_at is not None or _recent_links(user, VERIFY_EMAIL) >= _links_per_hour():
        return False
    _queue_verification(user)
    db.session.commit()
    return True


def verify_email(token: str) -> User:
    user = db.session.get(User, _valid_token(token, VERIFY_EMAIL).user_id)
    _use_token(token)
    user.email_verified_at = user.email_verified_at or utcnow()
    audit.record("email-verified", subject=user, actor=user)
    db.session.commit()
    return user


def _links_per_hour() -> int:
    return current_app.config["ACCOUNT_EMAILS_PER_HOUR"]


def request_password_reset(email: str) -> None:
    """Email a reset link if the address has an active account. The caller says the same thing either way."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        audit.record("password-reset-requested", found=False, email_domain=email.rpartition("@")[2][:100])
    elif _recent_links(user, RESET_PASSWORD) < _links_per_hour():
        minutes = current_app.config["PASSWORD_RESET_LIFETIME_MINUTES"]
        link = _issue_link(user, RESET_PASSWORD, timedelta(minutes=minutes))
        queue_mail(
            user.email, "reset-password", "Reset your Pathways password", name=user.name, link=link, minutes=minutes
        )
        audit.record("password-reset-requested", subject=user, found=True)
    db.session.commit()


def user_for_reset(token: str) -> User:
    found = _valid_token(token, RESET_PASSWORD)
    return db.session.get(User, found.user_id)


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link; the link, and any other reset link for the account, stop working."""
    user = user_for_reset(token)
    now = utcnow()
    _use_token(token)
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == RESET_PASSWORD, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )
    user.password_hash = hash_password(password)
    user.email_verified_at = user.email_verified_at or now  # the link reached them, so the address is theirs
    audit.record("password-reset", subject=user, actor=user)
    db.session.commit()
    return user


# Matching a self-registered learner to the cohort


def _refuse_match(self_registered: Learner, cohort_learner: Learner) -> User:
    """The account to move, or why the two records cannot be matched."""
    if self_registered.upn is not None:
        raise AccountRefused("learner", f"{self_registered.full_name} came from a school roll, not from registering")
    if cohort_learner.upn is None:
        raise AccountRefused("cohort_learner", "Choose a learner from a school roll, with a UPN")
    if _has_account(cohort_learner):
        raise AccountRefused("cohort_learner", f"{cohort_learner.full_name} already has an account")
    years = {application.entry_year_id for application in self_registered.applications}
    if years & {application.entry_year_id for application in cohort_learner.applications}:
        raise AccountRefused("cohort_learner", "Both records have an application for the same year: ask the council")
    user = db.session.scalar(select(User).where(User.learner_id == self_registered.id))
    if user is None:
        raise AccountRefused("learner", f"{self_registered.full_name} has no account to move")
    return user


def match_learner(self_registered: Learner, cohort_learner: Learner, actor: User) -> User:
    """Move a self-registered learner's account and applications onto their cohort record; the empty record goes."""
    user = _refuse_match(self_registered, cohort_learner)
    for application in list(self_registered.applications):
        application.learner = cohort_learner
    user.learner = cohort_learner
    user.name = cohort_learner.full_name
    cohort_learner.activation_code = None
    cohort_learner.activated_at = cohort_learner.activated_at or utcnow()
    cohort_learner.email = user.email
    db.session.flush()
    audit.record(
        "learner-matched", subject=user, actor=actor, registered_learner_id=self_registered.id, upn=cohort_learner.upn
    )
    db.session.delete(self_registered)
    db.session.commit()
    return user


# Handing codes out through schools


@dataclass(frozen=True)
class SchoolCohort:
    school: School
    year_11: int
    year_12: int
    accounts: int
    codes_waiting: int


def schools_in_cohort(entry_year: EntryYear) -> list[SchoolCohort]:
    """Each school with learners in the year's cohort: how many, and how many have made their account."""
    query = (
        select(
            School,
            func.count().filter(CohortEntry.year_group == 11),
            func.count().filter(CohortEntry.year_group == 12),
            func.count(User.id),
            func.count(Learner.activation_code),
        )
        .join(CohortEntry, CohortEntry.school_id == School.id)
        .join(Learner, Learner.id == CohortEntry.learner_id)
        .outerjoin(User, User.learner_id == Learner.id)
        .where(CohortEntry.entry_year_id == entry_year.id)
        .group_by(School.id)
        .order_by(School.name)
    )
    return [SchoolCohort(*row) for row in db.session.execute(query)]


def _spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def activation_codes_csv(school: School, entry_year: EntryYear, actor: User) -> str:
    """The codes of a school's learners who have no account yet, to print and hand out. The download is audited."""
    query = (
        select(Learner.upn, Learner.given_name, Learner.family_name, CohortEntry.year_group, Learner.activation_code)
        .join(CohortEntry, CohortEntry.learner_id == Learner.id)
        .where(
            CohortEntry.school_id == school.id,
            CohortEntry.entry_year_id == entry_year.id,
            Learner.activation_code.is_not(None),
        )
        .order_by(CohortEntry.year_group, Learner.family_name, Learner.given_name)
    )
    rows = db.session.execute(query).all()
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(["UPN", "Given name", "Family name", "Year group", "Activation code"])
    for upn, given_name, family_name, year_group, code in rows:
        writer.writerow([upn, _spreadsheet_safe(given_name), _spreadsheet_safe(family_name), year_group, code])
    audit.record(
        "activation-codes-downloaded", subject=school, actor=actor, entry_year=entry_year.year, codes=len(rows)
    )
    db.session.commit()
    return output.getvalue()
