"""Service layer for accounts. Operations flush, never commit."""

import math
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.accounts.throttling import LockRule
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, TooManyAttempts, Unauthorized
from mediation.core.i18n import local_time_text
from mediation.core.notify import language_of, notify
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
    """Return the active user with these credentials, or raise Unauthorized or TooManyAttempts.

    Failed attempts are counted on the account, whatever address they come from; the edge
    commits that count even though the request is refused.
    """
    user = db.session.scalar(select(User).where(User.mobile == mobile))
    now = utcnow()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        raise _locked(user, now)
    if user is None or not user.check_password(password):
        if user is not None:
            _count_failure(user, now)
            if user.locked_until is not None and user.locked_until > now:
                raise _locked(user, now)
        raise Unauthorized(_l("The mobile number or password is wrong."), code="bad_credentials")
    if not user.active:
        raise Unauthorized(_l("The mobile number or password is wrong."), code="bad_credentials")
    if user.failed_logins or user.locked_until is not None:
        user.failed_logins = 0
        user.locked_until = None
        db.session.flush()
    return user


def _lock_rule() -> LockRule:
    config = current_app.config
    return LockRule(
        config["LOGIN_LOCK_AFTER"], config["LOGIN_LOCK_MINUTES"], config["LOGIN_LOCK_MAX_MINUTES"]
    )


def _count_failure(user: User, now: datetime) -> None:
    # Counted in SQL, so attempts racing from two addresses both count.
    user.failed_logins = User.failed_logins + 1
    db.session.flush()
    db.session.refresh(user, ["failed_logins"])
    rule = _lock_rule()
    lock = rule.lock_for(user.failed_logins)
    if lock is None:
        return
    user.locked_until = now + lock
    db.session.flush()
    record_event(
        "user.locked",
        "user",
        user.id,
        failures=user.failed_logins,
        until=user.locked_until.isoformat(),
    )
    if rule.locks_first_time(user.failed_logins):
        notify(
            user,
            _l("Your account was locked after wrong passwords"),
            _l(
                "Someone entered a wrong password for your account %(n)s times in a row. "
                "Log-in is paused until %(time)s. If this was not you, call 12348 or visit "
                "the justice office of your township.",
                n=user.failed_logins,
                time=local_time_text(user.locked_until, user.timezone, language_of(user)),
            ),
        )


def _locked(user: User, now: datetime) -> TooManyAttempts:
    seconds = math.ceil((user.locked_until - now).total_seconds())
    return TooManyAttempts(
        _l(
            "Too many wrong passwords for this account. Try again after %(time)s "
            "(in %(minutes)s min).",
        ),
        retry_after=seconds,
        params={
            "time": local_time_text(user.locked_until, user.timezone),
            "minutes": math.ceil(seconds / 60),
        },
    )


def revoke_tokens(user: User) -> None:
    """Invalidate every API token issued to a user so far."""
    user.token_version += 1
    db.session.flush()
    record_event("user.tokens_revoked", "user", user.id, actor_id=user.id)
