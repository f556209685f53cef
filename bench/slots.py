"""Time the slot search: one mediator over 60 days with 50, 500 and 5,000 bookings, and a township.

Run with `.venv/bin/python bench/slots.py`; it needs no database (slot search is pure).
"""

import random
import sys
import timeit
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mediation.scheduling import slots  # noqa: E402

NOW = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
RULES = slots.Rules(zone="Asia/Shanghai", min_notice=0, horizon_days=60, buffer_after=15)
TOWNSHIP_MEDIATORS = 25


def bookings(count: int, rng: random.Random) -> list[tuple[datetime, datetime]]:
    """Spread `count` one-hour bookings over the 60 days (they may overlap, as busy time)."""
    starts = sorted(NOW + timedelta(minutes=30 * rng.randrange(60 * 48)) for _ in range(count))
    return [(start, start + timedelta(hours=1)) for start in starts]


def milliseconds(function, repeat: int) -> float:
    return min(timeit.repeat(function, number=1, repeat=repeat)) * 1000


def main() -> None:
    rng = random.Random(4)
    print("slot search, one mediator, 60-day horizon (best of runs)")
    for count in (0, 50, 500, 5000):
        busy = bookings(count, rng)
        elapsed = milliseconds(lambda busy=busy: slots.free_slots(RULES, busy, NOW), 30)
        found = len(slots.free_slots(RULES, busy, NOW))
        print(f"  {count:>5} bookings: {elapsed:7.2f} ms  ({found} free slots)")
    township = [bookings(200, rng) for _ in range(TOWNSHIP_MEDIATORS)]
    elapsed = milliseconds(lambda: [slots.free_slots(RULES, busy, NOW) for busy in township], 5)
    print(f"  township, {TOWNSHIP_MEDIATORS} mediators x 200 bookings: {elapsed:7.2f} ms")


if __name__ == "__main__":
    main()
