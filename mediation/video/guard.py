"""Per-connection protection for signaling: payload shape and size, and a rate limit.

`screen` is shared by the relay's hot path, which runs with no Flask context, and by every
other event's handler, so both refuse the same things in the same words.
"""

import json
import time
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from socketio.exceptions import ConnectionRefusedError

from mediation.core.errors import DomainError


class Refusal(NamedTuple):
    """Why an event was refused: a stable code and words for the person (translated lazily)."""

    code: str
    message: object


NOT_CONNECTED = Refusal("not_connected", _l("Connect with a join link first."))
RATE_LIMITED = Refusal("rate_limited", _l("Too many messages; some were dropped."))
BAD_PAYLOAD = Refusal("bad_payload", _l("Send one JSON object."))
TOO_LARGE = Refusal("too_large", _l("The message is too large."))
# Dropped without a word: a throttled connection hears about it at most once a second.
DROPPED = Refusal("dropped", "")


def connection_refused(error: DomainError) -> ConnectionRefusedError:
    """Return the refusal of a connection, carrying {code, message, ...} as an object.

    python-socketio sends its first argument as the packet's text `message` and the second as
    its `data`, which the browser's client hands over as `connect_error`'s `err.data`.
    """
    message = str(error)
    return ConnectionRefusedError(message, {"code": error.code, "message": message, **error.extra})


class TokenBucket:
    """Allow `rate` events a second on average and bursts up to `burst`."""

    __slots__ = ("rate", "burst", "tokens", "stamp", "warned_at")

    def __init__(self, rate: float, burst: int):
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()
        self.warned_at = 0.0

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def should_warn(self) -> bool:
        """Tell the client it is being throttled at most once a second, never once per drop."""
        now = time.monotonic()
        if now - self.warned_at >= 1:
            self.warned_at = now
            return True
        return False


def payload_size(data: object) -> int:
    """Return the size of a payload as JSON, or -1 when it is not JSON at all."""
    try:
        return len(json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    except (TypeError, ValueError):
        return -1


def screen(bucket: TokenBucket, data: object, extra: tuple, max_bytes: int) -> Refusal | None:
    """Take one token and check an event's payload: None when it may go on."""
    if not bucket.take():
        return RATE_LIMITED if bucket.should_warn() else DROPPED
    if data is None:
        data = {}
    size = payload_size(data)
    if extra or not isinstance(data, dict) or size < 0:
        return BAD_PAYLOAD
    if size > max_bytes:
        return TOO_LARGE
    return None
