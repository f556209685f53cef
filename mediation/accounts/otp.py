"""SMS one-time codes as rules: drawing, hashing and how often a number may get one.

Plain Python with no request and no database, so each rule is tested directly.
"""

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

CODE_DIGITS = 6


def new_code() -> str:
    """Draw a 6-digit code from the operating system's secure source."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(secret: str, mobile: str, code: str) -> str:
    """Return the HMAC-SHA256 of a number and its code, so a stored hash works for one number."""
    message = f"{mobile}:{code}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def code_matches(secret: str, mobile: str, code: str, stored_hash: str) -> bool:
    """Whether a code entered for a number is the one whose hash is stored, in constant time."""
    return hmac.compare_digest(hash_code(secret, mobile, code), stored_hash)


class Wait(StrEnum):
    TOO_SOON = "too_soon"  # the last code went out less than the interval ago
    HOURLY_LIMIT = "hourly_limit"  # the window's sends are used up


@dataclass(frozen=True)
class SendRule:
    interval_seconds: int  # at least this long between two codes to one number
    per_window: int  # at most this many codes to one number in a window
    window: timedelta = timedelta(hours=1)

    def refusal(
        self, last_sent_at: datetime, window_started_at: datetime, sends: int, now: datetime
    ) -> tuple[Wait, int] | None:
        """Return why a number must wait and for how many seconds, or None if it may have one."""
        window_ends = window_started_at + self.window
        if now < window_ends and sends >= self.per_window:
            return Wait.HOURLY_LIMIT, _seconds(window_ends - now)
        next_allowed = last_sent_at + timedelta(seconds=self.interval_seconds)
        if now < next_allowed:
            return Wait.TOO_SOON, _seconds(next_allowed - now)
        return None

    def counts_after_send(
        self, window_started_at: datetime | None, sends: int, now: datetime
    ) -> tuple[datetime, int]:
        """Return the window's start and its count once a code goes out at `now`."""
        if window_started_at is None or now >= window_started_at + self.window:
            return now, 1
        return window_started_at, sends + 1


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))
