"""Bearer-token authentication for the API and role checks shared by pages and API.

Which user a token names is the accounts domain's to say: the app factory hands its reader to
`use_token_reader`, as it hands Flask-Login its user loader, so this module imports no domain.
"""

from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.core.errors import Forbidden, Unauthorized
from mediation.core.people import Person
from mediation.extensions import login

READER_KEY = "mediation.api_user_reader"


def use_token_reader(app: Flask, read_token: Callable[[str], Person]) -> None:
    """Say how the API turns a bearer token into its user, or raises Unauthorized."""
    app.extensions[READER_KEY] = read_token


def load_api_user() -> None:
    """Resolve the request's bearer token into g.api_user; cookies are never used by the API."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            _l("Send 'Authorization: Bearer <token>'; obtain a token from POST /api/v1/tokens."),
            code="token_missing",
        )
    g.api_user = current_app.extensions[READER_KEY](token.strip())


def api_user() -> Person:
    return g.api_user


def require_roles(user: Person, *roles: str) -> None:
    if user.role not in roles:
        raise Forbidden(_l("Your role may not do this."))


def roles_required(*roles: str):
    """Guard a page so only logged-in users with one of these roles reach it."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
