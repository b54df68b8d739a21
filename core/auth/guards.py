"""Role guards for back-office blueprints.

A blueprint calls `guard_blueprint(bp, ROLE, ...)` once, so that no route in it can be added unguarded.
"""

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user


def _refuse():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=request.full_path))
    abort(403)


def guard_blueprint(blueprint, *roles: str) -> None:
    blueprint.allowed_roles = set(roles)

    @blueprint.before_request
    def _check_role():
        if not current_user.is_authenticated or current_user.role not in roles:
            return _refuse()
        return None


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated or current_user.role not in roles:
                return _refuse()
            return view(*args, **kwargs)

        return wrapped

    return decorator
