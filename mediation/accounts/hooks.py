"""Callbacks other domains register with accounts, so that accounts imports none of them.

Disputes registers, for example, ``on_mobile_proved(claim_disputes)``: once a person proves a
mobile by an SMS code, the party rows filed with that number become theirs, without accounts
importing disputes. Callbacks run inside the same transaction as the log-in.
"""

from collections.abc import Callable

_proved: list[Callable] = []
_names: list[Callable] = []
_cases: list[Callable] = []
_moved: list[Callable] = []


def on_mobile_proved(callback: Callable) -> Callable:
    """Register callback(user) for when a user proves their mobile; it returns what it claimed."""
    _proved.append(callback)
    return callback


def mobile_proved(user) -> list:
    return [claimed for callback in _proved for claimed in callback(user)]


def on_name_on_file(callback: Callable) -> Callable:
    """Register callback(mobile) returning the name last given for this mobile, or None."""
    _names.append(callback)
    return callback


def name_on_file(mobile: str) -> str | None:
    for callback in _names:
        name = callback(mobile)
        if name:
            return name
    return None


def on_has_cases(callback: Callable) -> Callable:
    """Register callback(user) telling whether the user is a party to any case."""
    _cases.append(callback)
    return callback


def has_cases(user) -> bool:
    return any(callback(user) for callback in _cases)


def on_staff_moved(callback: Callable) -> Callable:
    """Register callback(user) for when an account moves to another organisation."""
    _moved.append(callback)
    return callback


def staff_moved(user) -> None:
    for callback in _moved:
        callback(user)
