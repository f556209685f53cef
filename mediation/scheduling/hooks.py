"""Callbacks other domains register to hear that a session was booked, moved or closed.

Video registers, for example, ``on_session_booked(sync_room)`` so a video or hybrid session gets
its room, without scheduling importing video. Callbacks run inside the same transaction as the
change, before the invitations go out (so an invitation can carry the room's join link).
"""

from collections.abc import Callable

_booked: list[Callable] = []
_moved: list[Callable] = []
_closed: list[Callable] = []


def on_session_booked(callback: Callable) -> Callable:
    """Register callback(session) for when a session is booked."""
    _booked.append(callback)
    return callback


def on_session_moved(callback: Callable) -> Callable:
    """Register callback(session) for when a session moves to another time or room."""
    _moved.append(callback)
    return callback


def on_session_closed(callback: Callable) -> Callable:
    """Register callback(session, status) for when a session is cancelled or a no-show."""
    _closed.append(callback)
    return callback


def session_booked(session) -> None:
    for callback in _booked:
        callback(session)


def session_moved(session) -> None:
    for callback in _moved:
        callback(session)


def session_closed(session, status: str) -> None:
    for callback in _closed:
        callback(session, status)
