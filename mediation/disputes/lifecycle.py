"""The dispute lifecycle as one explicit state machine, free of Flask and the database."""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    AWAITING_CONSENT = "awaiting_consent"
    CONSENTED = "consented"
    DECLINED = "declined"
    STOPPED = "stopped"  # a party asked to stop before an agreement (art. 23)
    ASSIGNED = "assigned"
    SCHEDULED = "scheduled"
    IN_MEDIATION = "in_mediation"
    SETTLED = "settled"
    NOT_SETTLED = "not_settled"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class Actor(StrEnum):
    """The capacity in which someone acts on a dispute."""

    STAFF = "staff"  # coordinator or admin
    MEDIATOR = "mediator"  # the mediator assigned to the dispute
    APPLICANT = "applicant"
    RESPONDENT = "respondent"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[State]
    target: State
    actors: frozenset[Actor]
    needs_reason: bool = False


def _t(action, sources, target, actors, needs_reason=False) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors), needs_reason)


S, A = State, Actor
OPEN_BEFORE_OUTCOME = (
    S.SUBMITTED,
    S.ACCEPTED,
    S.AWAITING_CONSENT,
    S.CONSENTED,
    S.ASSIGNED,
    S.SCHEDULED,
    S.IN_MEDIATION,
)
# From acceptance up to an agreement, either party may ask to stop (People's Mediation Law art. 23).
STOPPABLE = OPEN_BEFORE_OUTCOME[1:]
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("accept", [S.SUBMITTED], S.ACCEPTED, [A.STAFF]),
        _t("reject", [S.SUBMITTED], S.REJECTED, [A.STAFF], needs_reason=True),
        _t("request_consent", [S.ACCEPTED], S.AWAITING_CONSENT, [A.STAFF]),
        # The respondent may answer as soon as the case is accepted: acceptance texts them.
        _t("consent", [S.ACCEPTED, S.AWAITING_CONSENT], S.CONSENTED, [A.RESPONDENT, A.STAFF]),
        _t(
            "decline",
            [S.ACCEPTED, S.AWAITING_CONSENT],
            S.DECLINED,
            [A.RESPONDENT, A.STAFF],
            needs_reason=True,
        ),
        _t("assign", [S.CONSENTED], S.ASSIGNED, [A.STAFF]),
        _t("unassign", [S.ASSIGNED], S.CONSENTED, [A.STAFF], needs_reason=True),
        _t("schedule", [S.ASSIGNED], S.SCHEDULED, [A.STAFF, A.MEDIATOR]),
        _t("unschedule", [S.SCHEDULED], S.ASSIGNED, [A.STAFF, A.MEDIATOR], True),
        _t("start", [S.SCHEDULED], S.IN_MEDIATION, [A.STAFF, A.MEDIATOR]),
        _t("adjourn", [S.IN_MEDIATION], S.ASSIGNED, [A.STAFF, A.MEDIATOR]),
        _t("settle", [S.IN_MEDIATION], S.SETTLED, [A.STAFF, A.MEDIATOR]),
        _t("fail", [S.IN_MEDIATION], S.NOT_SETTLED, [A.STAFF, A.MEDIATOR], True),
        _t("withdraw", OPEN_BEFORE_OUTCOME, S.WITHDRAWN, [A.APPLICANT, A.STAFF], True),
        _t("stop", STOPPABLE, S.STOPPED, [A.APPLICANT, A.RESPONDENT, A.STAFF], True),
        _t(
            "close",
            [S.SETTLED, S.NOT_SETTLED, S.WITHDRAWN, S.REJECTED, S.DECLINED, S.STOPPED],
            S.CLOSED,
            [A.STAFF, A.MEDIATOR],
        ),
    )
}
TERMINAL = frozenset({S.CLOSED})
# Attempts a party ended (declined, withdrawn, stopped): nothing more is scheduled for them.
ENDED_BY_A_PARTY = frozenset({S.DECLINED, S.WITHDRAWN, S.STOPPED})


class IllegalTransition(Exception):
    def __init__(self, state: State, action: str):
        super().__init__(f"cannot {action} a dispute that is {state}")
        self.state = state
        self.action = action


class NotPermitted(Exception):
    def __init__(self, action: str):
        super().__init__(f"you may not {action} this dispute")
        self.action = action


class ReasonRequired(Exception):
    pass


def next_state(state: State, action: str, actors: set[Actor], reason: str | None = None) -> State:
    """Return the state a dispute moves to when `actors` perform `action` on it."""
    if action not in TRANSITIONS:
        raise IllegalTransition(state, action)
    transition = TRANSITIONS[action]
    if state not in transition.sources:
        raise IllegalTransition(state, action)
    if not transition.actors & actors:
        raise NotPermitted(action)
    if transition.needs_reason and not (reason and reason.strip()):
        raise ReasonRequired(action)
    return transition.target


def available_actions(state: State, actors: set[Actor]) -> list[str]:
    """List the actions `actors` may take from `state`, in the table's order."""
    return [t.action for t in TRANSITIONS.values() if state in t.sources and t.actors & actors]
