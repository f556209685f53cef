"""The life of a mediation session as one explicit state machine, free of Flask and the database.

A session is booked scheduled. Until it starts, anyone on the case may move or cancel it (the
operations add a cut-off before the start for the parties); only the mediator or staff record how
it went: started, then completed, or a no-show. Completed, cancelled and no-show are final.
"""

from dataclasses import dataclass
from enum import StrEnum

from mediation.disputes.lifecycle import Actor


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[SessionStatus]
    target: SessionStatus
    actors: frozenset[Actor]
    needs_reason: bool = False


def _t(action, sources, target, actors, needs_reason=False) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors), needs_reason)


S = SessionStatus
ANYONE_ON_THE_CASE = tuple(Actor)
STAFF_SIDE = (Actor.STAFF, Actor.MEDIATOR)
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        # Moving keeps the session scheduled; its invitation changes (a new SEQUENCE).
        _t("reschedule", [S.SCHEDULED], S.SCHEDULED, ANYONE_ON_THE_CASE, needs_reason=True),
        _t("cancel", [S.SCHEDULED], S.CANCELLED, ANYONE_ON_THE_CASE, needs_reason=True),
        _t("start", [S.SCHEDULED], S.IN_PROGRESS, STAFF_SIDE),
        _t("complete", [S.IN_PROGRESS], S.COMPLETED, STAFF_SIDE),
        _t("mark_no_show", [S.SCHEDULED], S.NO_SHOW, STAFF_SIDE, needs_reason=True),
    )
}
# Sessions that still hold their time and can be joined.
LIVE = frozenset({S.SCHEDULED, S.IN_PROGRESS})
TERMINAL = frozenset({S.COMPLETED, S.CANCELLED, S.NO_SHOW})
# What the mediator or staff record of how a session went, by the status it sets.
RECORDED = {S.IN_PROGRESS: "start", S.COMPLETED: "complete", S.NO_SHOW: "mark_no_show"}


class IllegalTransition(Exception):
    def __init__(self, status: SessionStatus, action: str):
        super().__init__(f"cannot {action} a session that is {status}")
        self.status = status
        self.action = action


class NotPermitted(Exception):
    def __init__(self, action: str):
        super().__init__(f"you may not {action} this session")
        self.action = action


class ReasonRequired(Exception):
    pass


def next_status(
    status: SessionStatus, action: str, actors: set[Actor], reason: str | None = None
) -> SessionStatus:
    """Return the status a session moves to when `actors` perform `action` on it.

    Who may act is checked first: someone who may never take the action learns only that.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise IllegalTransition(status, action)
    if not transition.actors & actors:
        raise NotPermitted(action)
    if status not in transition.sources:
        raise IllegalTransition(status, action)
    if transition.needs_reason and not (reason and reason.strip()):
        raise ReasonRequired(action)
    return transition.target


def allows(status: SessionStatus, action: str) -> bool:
    """Tell whether `action` can be taken from `status` at all (by someone)."""
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.sources
