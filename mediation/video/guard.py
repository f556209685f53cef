"""Per-connection protection for signaling: payload shape and size, and a rate limit."""

import json
import time


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
