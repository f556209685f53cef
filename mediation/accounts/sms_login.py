"""Service layer for SMS-code log-in and registration. Operations flush, never commit.

A party proves they hold a mobile with a 6-digit code texted to it: that registers them on
first use, logs them in, records the proof on the account and claims the cases filed with the
number. Staff accounts keep their passwords.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from mediation.accounts import hooks, otp
from mediation.accounts.models import LoginCode, Role, User
from mediation.accounts.operations import revoke_tokens
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Forbidden, TooManyAttempts, Unauthorized, ValidationFailed
from mediation.core.notify import text_mobile
from mediation.extensions import db


@dataclass(frozen=True)
class CodeSent:
    expires_at: datetime
    resend_after: int  # seconds until this number may ask for another code
    account_exists: bool


@dataclass
class CodeLogIn:
    user: User
    created: bool
    claimed: list = field(default_factory=list)  # what the hooks claimed: party rows
    # A password set before the number was ever proved was dropped (see log_in_with_code).
    password_cleared: bool = False


def _config() -> tuple[int, int, otp.SendRule]:
    config = current_app.config
    rule = otp.SendRule(config["SMS_CODE_RESEND_SECONDS"], config["SMS_CODE_MAX_PER_HOUR"])
    return config["SMS_CODE_TTL_MINUTES"], config["SMS_CODE_MAX_TRIES"], rule


def _account(mobile: str) -> User | None:
    user = db.session.scalar(select(User).where(User.mobile == mobile))
    if user is not None and not user.active:
        raise Forbidden(
            _l(
                "This account cannot log in. Call 12348 or visit the justice office of "
                "your township."
            ),
            code="account_closed",
        )
    if user is not None and user.role != Role.PARTY and user.password_hash:
        raise Forbidden(
            _l("This account logs in with its password, not with a code."),
            code="password_required",
        )
    return user


def _live_row(mobile: str) -> LoginCode | None:
    # Locked on PostgreSQL, so two requests for one number take turns.
    return db.session.scalar(select(LoginCode).where(LoginCode.mobile == mobile).with_for_update())


def _too_many(reason: otp.Wait, seconds: int) -> TooManyAttempts:
    if reason == otp.Wait.HOURLY_LIMIT:
        return TooManyAttempts(
            _l(
                "Too many codes were sent to this number in the last hour. "
                "Ask again in %(minutes)s min."
            ),
            retry_after=seconds,
            params={"minutes": math.ceil(seconds / 60)},
        )
    return TooManyAttempts(
        _l("A code was sent to this number just now. Wait %(seconds)s seconds to ask again."),
        retry_after=seconds,
        params={"seconds": seconds},
    )


def send_code(
    mobile: str, new_code: Callable[[], str] = otp.new_code, purpose: str = "log_in"
) -> CodeSent:
    """Text a new code to a mobile, replacing any earlier one, within the per-number limits.

    A "log_in" code opens a party's account; a "confirm" code proves, on a case page or for a
    signature, that the person holds the number, whoever's account it is.
    """
    ttl_minutes, _max_tries, rule = _config()
    if purpose == "log_in":
        user = _account(mobile)
    else:
        user = db.session.scalar(select(User).where(User.mobile == mobile))
    now = utcnow()
    row = _live_row(mobile)
    if row is not None:
        refusal = rule.refusal(row.sent_at, row.window_started_at, row.sends_in_window, now)
        if refusal is not None:
            raise _too_many(*refusal)
    code = new_code()
    window_started_at, sends = rule.counts_after_send(
        row.window_started_at if row else None, row.sends_in_window if row else 0, now
    )
    values = {
        "code_hash": otp.hash_code(current_app.config["SECRET_KEY"], mobile, code),
        "sent_at": now,
        "expires_at": now + timedelta(minutes=ttl_minutes),
        "tries": 0,
        "used_at": None,
        "window_started_at": window_started_at,
        "sends_in_window": sends,
    }
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.add(LoginCode(mobile=mobile, **values))
        except IntegrityError:
            # Another request for this number inserted first: it is the code that just went.
            raise _too_many(otp.Wait.TOO_SOON, rule.interval_seconds) from None
    else:
        for name, value in values.items():
            setattr(row, name, value)
        db.session.flush()
    if purpose == "log_in":
        subject = _l("Log-in code")
        body = _l(
            "Your log-in code for people's mediation is %(code)s. It works for %(minutes)s "
            "minutes. Never tell anyone this code; staff will never ask for it.",
            code=code,
            minutes=ttl_minutes,
        )
    else:
        subject = _l("Confirmation code")
        body = _l(
            "Your confirmation code for people's mediation is %(code)s. Entering it confirms "
            "it is you (for example to agree or to sign). It works for %(minutes)s minutes. "
            "Never tell anyone this code; staff will never ask for it.",
            code=code,
            minutes=ttl_minutes,
        )
    text_mobile(mobile, subject, body)
    return CodeSent(values["expires_at"], rule.interval_seconds, user is not None)


def _refuse(message, code: str, **params) -> Unauthorized:
    # Field messages are shown as they are, so this one is filled in now.
    text = message % params if params else message
    return Unauthorized(message, {"code": [text]}, code=code, params=params)


def _check_code(row: LoginCode | None, mobile: str, code: str, now: datetime) -> None:
    """Raise the reason a code does not open this number's account; count a wrong one."""
    ttl_minutes, max_tries, _rule = _config()
    if row is None:
        raise _refuse(_l("No code was sent to this number. Ask for a code first."), "no_code")
    if row.used_at is not None:
        raise _refuse(_l("This code has been used already. Ask for a new one."), "code_used")
    if row.tries >= max_tries:
        raise _refuse(
            _l("Too many wrong codes: this code no longer works. Ask for a new one."),
            "code_exhausted",
        )
    if row.expires_at <= now:
        raise _refuse(
            _l("The code has expired (codes work for %(minutes)s minutes). Ask for a new one."),
            "code_expired",
            minutes=ttl_minutes,
        )
    if otp.code_matches(current_app.config["SECRET_KEY"], mobile, code, row.code_hash):
        return
    # Counted in SQL, so wrong codes racing from two addresses both count.
    row.tries = LoginCode.tries + 1
    db.session.flush()
    db.session.refresh(row, ["tries"])
    left = max_tries - row.tries
    if left <= 0:
        raise _refuse(
            _l("Too many wrong codes: this code no longer works. Ask for a new one."),
            "code_exhausted",
        )
    raise _refuse(_l("The code is wrong. %(left)s tries left."), "wrong_code", left=left)


def _use(row: LoginCode, now: datetime) -> None:
    """Spend a checked code; of two requests racing with it, only one spends it."""
    used = db.session.execute(
        update(LoginCode)
        .where(LoginCode.id == row.id, LoginCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:
        raise _refuse(_l("This code has been used already. Ask for a new one."), "code_used")
    db.session.expire(row)


def confirm_code(mobile: str, code: str) -> datetime:
    """Check and spend a code texted to a mobile; return when it was proved.

    A wrong code counts towards the code's tries, which the edge commits even though it
    refuses; any other refusal changes nothing.
    """
    now = utcnow()
    row = _live_row(mobile)
    _check_code(row, mobile, code, now)
    _use(row, now)
    return now


def log_in_with_code(
    mobile: str, code: str, name: str | None = None, locale: str | None = None
) -> CodeLogIn:
    """Check a mobile's code; register the party on first use and claim their cases.

    A wrong code counts towards the code's tries, which the edge commits even though it
    refuses; any other refusal changes nothing.
    """
    user = _account(mobile)
    now = utcnow()
    row = _live_row(mobile)
    _check_code(row, mobile, code, now)
    if user is None:
        name = name or hooks.name_on_file(mobile)
        if not name:
            # Asked only after a right code, so a stranger cannot learn who filed with it.
            message = _l("Enter your full name to create your account.")
            raise ValidationFailed(message, {"name": [message]}, code="name_required")
    _use(row, now)
    created = user is None
    cleared = False
    if not created and user.mobile_verified_at is None and user.password_hash:
        # Whoever set this password never proved the number; the phone's holder now takes the
        # account, so the password and every session and token issued with it stop working
        # before any case is claimed into the account.
        user.password_hash = None
        cleared = True
        revoke_tokens(user)
        record_event("user.password_cleared", "user", user.id, actor_id=user.id)
    if created:
        user = User(name=name, mobile=mobile, role=Role.PARTY, locale=locale)
        db.session.add(user)
        db.session.flush()
        record_event(
            "user.registered", "user", user.id, actor_id=user.id, role=user.role, method="sms_code"
        )
    user.mobile_verified_at = now
    db.session.flush()
    record_event("user.mobile_verified", "user", user.id, actor_id=user.id, method="sms_code")
    return CodeLogIn(user, created, hooks.mobile_proved(user), cleared)
