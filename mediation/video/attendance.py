"""Who attended for how long, computed from join and leave times (pure).

A participant attends by video (join, leave) or by an ordinary phone line the mediator marks
(phone_join, phone_leave); time on either, or both at once, counts once.
"""

from collections.abc import Iterable
from datetime import datetime

# Each way of attending: the event that starts it and the one that ends it.
CHANNELS = {"join": ("video", True), "leave": ("video", False)}
CHANNELS |= {"phone_join": ("phone", True), "phone_leave": ("phone", False)}
ARRIVALS = ("join", "phone_join")
DEPARTURES = ("leave", "phone_leave")


def attended_seconds(
    events: Iterable[tuple[int, str, datetime]], until: datetime
) -> dict[int, float]:
    """Sum each participant's attended time from (participant id, kind, at) in time order.

    A join without its leave counts until `until`.
    """
    on: dict[int, set[str]] = {}
    since: dict[int, datetime] = {}
    total: dict[int, float] = {}
    for participant_id, kind, at in events:
        total.setdefault(participant_id, 0.0)
        if kind not in CHANNELS:
            continue
        channel, starts = CHANNELS[kind]
        ways = on.setdefault(participant_id, set())
        if starts:
            if not ways:
                since[participant_id] = at
            ways.add(channel)
        elif channel in ways:
            ways.discard(channel)
            if not ways:
                total[participant_id] += (at - since.pop(participant_id)).total_seconds()
    for participant_id, start in since.items():
        total[participant_id] += max(0.0, (until - start).total_seconds())
    return total


def on_phone(events: Iterable[tuple[int, str]]) -> set[int]:
    """Return who is on the phone now, from (participant id, kind) in time order."""
    calling: set[int] = set()
    for participant_id, kind in events:
        if kind == "phone_join":
            calling.add(participant_id)
        elif kind == "phone_leave":
            calling.discard(participant_id)
    return calling
