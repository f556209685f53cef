"""Proofs, kept in the browser's session, that it holds a mobile: a texted code typed here.

A party confirms their number on the case page before consenting, answering or signing; the
proof lasts MOBILE_PROOF_MINUTES, so a phone left unlocked later cannot sign in their name.
"""

from datetime import datetime, timedelta

from flask import current_app, session

from mediation.accounts import assurance, sms_login
from mediation.core.db import utcnow

SESSION_KEY = "mobile_proofs"


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["MOBILE_PROOF_MINUTES"])


def remember_proof(mobile: str, at: datetime) -> None:
    """Note in the session that this browser proved `mobile` at `at`; older proofs lapse."""
    kept = {
        number: when
        for number, when in session.get(SESSION_KEY, {}).items()
        if datetime.fromisoformat(when) + _window() > at
    }
    kept[mobile] = at.isoformat()
    session[SESSION_KEY] = kept


def proved_recently(mobile: str | None, now: datetime | None = None) -> bool:
    """Whether this browser proved `mobile` within the proof window."""
    if not mobile:
        return False
    when = session.get(SESSION_KEY, {}).get(mobile)
    if when is None:
        return False
    return datetime.fromisoformat(when) + _window() > (now or utcnow())


def online_assurance(mobile: str | None) -> assurance.Assurance:
    """The assurance of what this browser does for the holder of `mobile` now."""
    return assurance.online(proved_recently(mobile))


def send_confirmation(mobile: str) -> sms_login.CodeSent:
    """Text a confirmation code to `mobile` (the limits of log-in codes apply)."""
    return sms_login.send_code(mobile, purpose="confirm")


def confirm_mobile(mobile: str, code: str) -> datetime:
    """Check the code typed for `mobile` and remember the proof in this session."""
    at = sms_login.confirm_code(mobile, code)
    remember_proof(mobile, at)
    return at
