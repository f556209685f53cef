"""Callbacks other domains register to hear that a room started or ended.

Scheduling registers, for example, ``on_room_started(lambda room: start_session(...))`` so the
session moves to in progress when the mediator admits the first party, and to completed when the
mediator ends the room. Callbacks run inside the same transaction as the change.
"""

from collections.abc import Callable

_started: list[Callable] = []
_ended: list[Callable] = []


def on_room_started(callback: Callable) -> Callable:
    """Register callback(room) for when the first admitted party joins the mediator."""
    _started.append(callback)
    return callback


def on_room_ended(callback: Callable) -> Callable:
    """Register callback(room) for when the mediator ends the room."""
    _ended.append(callback)
    return callback


def room_started(room) -> None:
    for callback in _started:
        callback(room)


def room_ended(room) -> None:
    for callback in _ended:
        callback(room)
