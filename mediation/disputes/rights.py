"""The parties' own acts (People's Mediation Law art. 23): which there are, and what they decide.

Plain Python, no request and no database: the operations in mediation/disputes/acts.py read
the recorded acts and ask these rules what they add up to.
"""

from collections.abc import Iterable
from enum import StrEnum

from mediation.disputes.lifecycle import TRANSITIONS, Actor, State


class PartyActKind(StrEnum):
    CONSENT = "consent"  # agree to mediation
    DECLINE = "decline"  # refuse mediation; the attempt ends
    WITHDRAW = "withdraw"  # the applicant withdraws the application
    STOP = "stop"  # ask to stop mediation before an agreement; the attempt ends
    PUBLICITY = "publicity"  # ask for the mediation to be public or not
    MEDIATOR_CHOICE = "mediator_choice"  # name (or accept) a mediator
    RECUSAL = "recusal"  # ask for the mediator to step aside
    KEEP_MEDIATOR = "keep_mediator"  # agree to keep a mediator who disclosed a conflict


class Publicity(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"


# Acts that move the dispute through its lifecycle: the act's name is the transition's.
LIFECYCLE_ACTS = frozenset(
    {PartyActKind.CONSENT, PartyActKind.DECLINE, PartyActKind.WITHDRAW, PartyActKind.STOP}
)
PARTY_ACTORS = frozenset({Actor.APPLICANT, Actor.RESPONDENT})
# A mediator can be named until one is assigned; publicity asked for until mediation begins.
CHOOSING_MEDIATOR = frozenset(
    {State.SUBMITTED, State.ACCEPTED, State.AWAITING_CONSENT, State.CONSENTED}
)
CHOOSING_PUBLICITY = CHOOSING_MEDIATOR | {State.ASSIGNED, State.SCHEDULED}


def sides_for(action: str) -> tuple[str, ...]:
    """The sides whose party may do a lifecycle act (consent: the respondent's)."""
    if action not in TRANSITIONS:
        return ()
    actors = TRANSITIONS[action].actors & PARTY_ACTORS
    return tuple(side for side in ("applicant", "respondent") if Actor(side) in actors)


def shown_to_party(actions: list[str]) -> list[str]:
    """Trim a party's available acts to one way out: decline before stop, stop before withdraw.

    A respondent asked to consent declines rather than stops; an applicant whose case is under
    way stops the mediation rather than withdrawing; the lifecycle still takes either.
    """
    shown = list(actions)
    if "decline" in shown and "stop" in shown:
        shown.remove("stop")
    if "stop" in shown and "withdraw" in shown:
        shown.remove("withdraw")
    return shown


def is_public(wishes: Iterable[str | None]) -> bool:
    """Mediation is public only when every party asked for it; silence means not public."""
    wishes = list(wishes)
    return bool(wishes) and all(wish == Publicity.PUBLIC for wish in wishes)


def joint_choice(choices: Iterable[int | None]) -> int | None:
    """The mediator every party named, or None when anyone named nobody or someone else."""
    named = set(choices)
    if len(named) != 1:
        return None
    (only,) = named
    return only
