"""Service layer for accounts. Operations flush, never commit."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.core.audit import record_event
from mediation.core.errors import Conflict, Unauthorized
from mediation.extensions import db


def register_party(name: str, mobile: str, password: str, locale: str | None = None) -> User:
    """Create a party account for a mainland mobile number."""
    if db.session.scalar(select(User.id).where(User.mobile == mobile)) is not None:
        raise Conflict(
            _l("An account with this mobile number exists already; log in instead."),
            {"mobile": ["already registered"]},
        )
    user = User(name=name, mobile=mobile, role=Role.PARTY, locale=locale)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_event("user.registered", "user", user.id, actor_id=user.id, role=user.role)
    return user


def authenticate(mobile: str, password: str) -> User:
    """Return the active user with these credentials or raise Unauthorized."""
    user = db.session.scalar(select(User).where(User.mobile == mobile))
    if user is None or not user.active or not user.check_password(password):
        raise Unauthorized(_l("The mobile number or password is wrong."), code="bad_credentials")
    return user


def revoke_tokens(user: User) -> None:
    """Invalidate every API token issued to a user so far."""
    user.token_version += 1
    db.session.flush()
    record_event("user.tokens_revoked", "user", user.id, actor_id=user.id)
