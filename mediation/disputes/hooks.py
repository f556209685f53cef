"""Callbacks other domains register to hear that a party ended a case's mediation attempt.

Scheduling registers, for example, ``on_attempt_ended(cancel_booked_sessions)`` so a decline,
a withdrawal or a request to stop cancels the case's booked sessions and tells everyone, without
disputes importing scheduling. Callbacks run inside the same transaction as the act.
"""

from collections.abc import Callable

_ended: list[Callable] = []


def on_attempt_ended(callback: Callable) -> Callable:
    """Register callback(dispute, reason, actor_user) for when a party ends the attempt."""
    _ended.append(callback)
    return callback


def attempt_ended(dispute, reason: str | None, actor_user) -> None:
    for callback in _ended:
        callback(dispute, reason, actor_user)
