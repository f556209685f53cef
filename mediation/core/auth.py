"""Bearer-token authentication for the API and role checks shared by pages and API."""

from functools import wraps

from flask import abort, g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.accounts.models import User
from mediation.accounts.tokens import user_from_token
from mediation.core.errors import Forbidden, Unauthorized


def load_api_user() -> None:
    """Resolve the request's bearer token into g.api_user; cookies are never used by the API."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            _l("Send 'Authorization: Bearer <token>'; obtain a token from POST /api/v1/tokens."),
            code="token_missing",
        )
    g.api_user = user_from_token(token.strip())


def api_user() -> User:
    return g.api_user


def require_roles(user: User, *roles: str) -> None:
    if user.role not in roles:
        raise Forbidden(_l("Your role may not do this."))


def roles_required(*roles: str):
    """Guard a page so only logged-in users with one of these roles reach it."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from mediation.extensions import login

                return login.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
