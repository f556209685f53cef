"""Callbacks other domains register with disputes, so that disputes imports none of them.

Scheduling registers, for example, ``on_attempt_ended(cancel_booked_sessions)`` so a decline,
a withdrawal or a request to stop cancels the case's booked sessions and tells everyone, without
disputes importing scheduling. Callbacks run inside the same transaction as the act.
Hand-offs registers ``on_liaison_scope(liaison_dispute_ids)``: the cases a liaison may see.
Video registers ``on_party_sessions(sessions_of_party)`` and ``on_party_join(join_link_for_party)``:
the sessions a party's case page lists, and the way from the page into a party's own seat.
"""

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from mediation.core.errors import NotFound

_ended: list[Callable] = []
_liaison_scopes: list[Callable] = []
_party_sessions: list[Callable] = []
_party_joins: list[Callable] = []


def on_attempt_ended(callback: Callable) -> Callable:
    """Register callback(dispute, reason, actor_user) for when a party ends the attempt."""
    _ended.append(callback)
    return callback


def attempt_ended(dispute, reason: str | None, actor_user) -> None:
    for callback in _ended:
        callback(dispute, reason, actor_user)


def on_liaison_scope(callback: Callable) -> Callable:
    """Register callback(user) returning a query of dispute ids a liaison may also see."""
    _liaison_scopes.append(callback)
    return callback


def liaison_scopes(user) -> list:
    return [callback(user) for callback in _liaison_scopes]


def on_party_sessions(callback: Callable) -> Callable:
    """Register callback(party, now) returning the sessions the party's case page lists."""
    _party_sessions.append(callback)
    return callback


def party_sessions(party, now) -> list:
    return [session for callback in _party_sessions for session in callback(party, now)]


def on_party_join(callback: Callable) -> Callable:
    """Register callback(party, session_id, now) returning the party's join link, or raising."""
    _party_joins.append(callback)
    return callback


def party_join_link(party, session_id: int, now) -> str:
    if not _party_joins:
        raise NotFound(_l("There is no such session in this case."))
    return _party_joins[0](party, session_id, now)
