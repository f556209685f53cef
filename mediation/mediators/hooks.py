"""Callbacks other domains register with mediators, so that mediators imports none of them.

Outcomes registers ``on_satisfaction(satisfaction_of)``: a studio's record shows how many
parties rated its team's mediations and their mean score, without mediators importing outcomes.
"""

from collections.abc import Callable

_satisfaction: list[Callable] = []


def on_satisfaction(callback: Callable) -> Callable:
    """Register callback(mediator_ids) returning (how many ratings, their mean score)."""
    _satisfaction.append(callback)
    return callback


def satisfaction(mediator_ids: list[int]) -> tuple[int, float]:
    """Return how many parties rated these mediators' mediations, and the mean score (1-5)."""
    if not _satisfaction:
        return 0, 0.0
    return _satisfaction[0](mediator_ids)
