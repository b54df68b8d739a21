"""Password hashing with Argon2id."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

# Verifying against this when the email is unknown takes as long as a real check, so timing does not reveal accounts.
_DUMMY_HASH = _hasher.hash("not a real password")

MINIMUM_LENGTH = 12


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """What is wrong with a new password, in words a user can act on, or None."""
    if len(password) < MINIMUM_LENGTH:
        return f"Password must be {MINIMUM_LENGTH} characters or more"
    if len(password) > 200:
        return "Password must be 200 characters or fewer"
    if password.lower() in {"passwordpassword", "password1234", "123456789012"}:
        return "Password is too easy to guess: choose a longer phrase"
    return None
