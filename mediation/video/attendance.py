"""Who attended for how long, computed from join and leave times (pure)."""

from collections.abc import Iterable
from datetime import datetime


def attended_seconds(
    events: Iterable[tuple[int, str, datetime]], until: datetime
) -> dict[int, float]:
    """Sum each participant's connected time from (participant id, kind, at) in time order.

    A join without its leave counts until `until`.
    """
    since: dict[int, datetime] = {}
    total: dict[int, float] = {}
    for participant_id, kind, at in events:
        total.setdefault(participant_id, 0.0)
        if kind == "join":
            since.setdefault(participant_id, at)
        elif kind == "leave" and participant_id in since:
            total[participant_id] += (at - since.pop(participant_id)).total_seconds()
    for participant_id, start in since.items():
        total[participant_id] += max(0.0, (until - start).total_seconds())
    return total
