"""Where a case stands: its steps done, current and to come, how an attempt ended, what to do now.

Plain values in (the state, the moves the history recorded, the actions on offer), frozen
values out, with their labels as lazy gettext strings; the case page only renders them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from mediation.disputes.categories import ACTIONS, STATES
from mediation.disputes.lifecycle import TRANSITIONS, State
from mediation.disputes.rights import LIFECYCLE_ACTS

S = State
# The case's way from application to closing; consent is one step whether asked for or not.
STEPS = (
    ("submitted", _l("Application")),
    ("accepted", _l("Acceptance")),
    ("consent", _l("Consent")),
    ("assigned", _l("Mediator assigned")),
    ("scheduled", _l("Scheduling")),
    ("in_mediation", _l("Mediation")),
    ("result", _l("Result")),
    ("closed", _l("Case closed")),
)
CLOSING_STEP = len(STEPS) - 1
STEP_OF_STATE: dict[str, int] = {
    S.SUBMITTED: 0,
    S.ACCEPTED: 1,
    S.AWAITING_CONSENT: 2,
    S.CONSENTED: 2,
    S.ASSIGNED: 3,
    S.SCHEDULED: 4,
    S.IN_MEDIATION: 5,
    S.SETTLED: 6,
    S.NOT_SETTLED: 6,
    S.CLOSED: CLOSING_STEP,
}
# Where an ended attempt stops on the steps: a rejection at acceptance, a decline at consent;
# a withdrawal or a stop after the step it was asked at.
STOPPED_AT: dict[str, int] = {S.REJECTED: 1, S.DECLINED: 2}
LEFT_BY_A_PARTY = frozenset({S.WITHDRAWN, S.STOPPED})
ENDED = frozenset({S.REJECTED, S.DECLINED, S.WITHDRAWN, S.STOPPED, S.NOT_SETTLED})
# Acts that end the attempt: their buttons warn.
ENDING_TARGETS = frozenset({S.REJECTED, S.DECLINED, S.WITHDRAWN, S.STOPPED})
# Settling and failing are recorded on the outcome page, never as a bare state change.
OUTCOME_ACTS = ("settle", "fail")
# The mediators domain assigns and unassigns; those forms post there.
MEDIATOR_ACTS = frozenset({"assign", "unassign"})
EXPLANATIONS = {
    "consent": _l(
        "Mediation is free and voluntary. If you agree, a mediator will be assigned to help "
        "both sides reach an agreement."
    ),
    "decline": _l(
        "If you decline, this mediation attempt ends. The other side may still take the "
        "matter to court."
    ),
    "withdraw": _l("If you withdraw, the case stops here. You can apply again later."),
    "stop": _l(
        "Mediation is voluntary: you may stop it at any time before an agreement. This attempt "
        "then ends, booked sessions are cancelled, and the other side and the mediator are told."
    ),
    "request_consent": _l("The respondent will be asked whether they agree to mediation."),
}


class StepStatus(StrEnum):
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"
    STOPPED = "stopped"  # the step an ended attempt stopped at
    SKIPPED = "skipped"  # after a stop: a step the attempt will never reach

    @property
    def css_class(self) -> str:
        """The class the progress list styles: steps not reached all read as to do."""
        return "todo" if self in (StepStatus.UPCOMING, StepStatus.SKIPPED) else self.value

    @property
    def is_here(self) -> bool:
        return self in (StepStatus.CURRENT, StepStatus.STOPPED)


@dataclass(frozen=True)
class Move:
    """One change of state the history recorded: from, to, and the reason given."""

    source: str | None
    target: str | None
    reason: str | None = None


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    status: StepStatus
    note: str | None = None  # the state named beside the step

    @property
    def note_label(self) -> str | None:
        return STATES.get(self.note, self.note) if self.note else None


@dataclass(frozen=True)
class CaseProgress:
    steps: tuple[Step, ...]
    ended: str | None  # the state an ended attempt ended in
    reason: str | None  # why it ended, or the note on the current state

    @property
    def ended_label(self) -> str | None:
        return STATES.get(self.ended, self.ended) if self.ended else None


@dataclass(frozen=True)
class ActionCard:
    action: str
    label: str
    explanation: str | None
    needs_reason: bool
    destructive: bool
    to_mediators: bool


@dataclass(frozen=True)
class NextActions:
    """What the viewer may do now, in the order the page offers it."""

    own_acts: tuple[str, ...]  # the party's lifecycle acts among them
    proof_needed: bool  # the party must confirm their mobile before acting
    proof_acts: tuple[str, ...]  # what confirming opens, in words
    record_outcome: bool
    cards: tuple[ActionCard, ...]
    booking_open: bool


def case_progress(state: str, moves: Iterable[Move], state_reason: str | None) -> CaseProgress:
    """Place a case on its steps from its state and the moves its history recorded."""
    moves = list(moves)
    before_left = _last_source(moves, LEFT_BY_A_PARTY)
    before_close = _last_source(moves, {S.CLOSED})
    end = before_close if state == S.CLOSED else state
    stop = _stop_step(end, before_left)
    steps = tuple(
        _step(index, key, label, state, end, stop, before_close)
        for index, (key, label) in enumerate(STEPS)
    )
    if end not in ENDED:
        return CaseProgress(steps, None, state_reason)
    recorded = next((m.reason for m in reversed(moves) if m.target == end and m.reason), None)
    return CaseProgress(steps, end, state_reason or recorded)


def next_actions(
    actions: Sequence[str],
    state: str,
    *,
    has_mediator: bool,
    needs_proof: bool,
    publicity_open: bool,
    mediator_open: bool,
) -> NextActions:
    """Arrange the actions on offer: a proof first if needed, the outcome, then one card each."""
    own_acts = tuple(a for a in actions if a in LIFECYCLE_ACTS)
    mediator_in_place = state in (S.ASSIGNED, S.SCHEDULED) and has_mediator
    proof_acts = [ACTIONS[a] for a in own_acts]
    if mediator_in_place:
        proof_acts.append(_l("ask for another mediator (recusal)"))
    if publicity_open:
        proof_acts.append(_l("choose public or not"))
    if mediator_open:
        proof_acts.append(_l("choose the mediator"))
    on_page = [a for a in actions if a not in OUTCOME_ACTS]
    if needs_proof:
        on_page = [a for a in on_page if a not in LIFECYCLE_ACTS]
    # Acts that need a reason come last: they open a form rather than act at once.
    on_page.sort(key=_needs_reason)
    return NextActions(
        own_acts=own_acts,
        proof_needed=needs_proof and bool(own_acts or publicity_open or mediator_open),
        proof_acts=tuple(proof_acts),
        record_outcome=any(a in actions for a in OUTCOME_ACTS),
        cards=tuple(_card(a) for a in on_page),
        booking_open=mediator_in_place,
    )


def _last_source(moves: list[Move], targets) -> str | None:
    return next((m.source for m in reversed(moves) if m.target in targets), None)


def _stop_step(end: str | None, before_left: str | None) -> int | None:
    if end in STOPPED_AT:
        return STOPPED_AT[end]
    if end in LEFT_BY_A_PARTY:
        return STEP_OF_STATE.get(before_left or "", 0) + 1
    return None


def _status(index: int, state: str, stop: int | None) -> StepStatus:
    if stop is None:
        reached = STEP_OF_STATE.get(state, 0)
        if index == reached:
            return StepStatus.CURRENT
        return StepStatus.DONE if index < reached else StepStatus.UPCOMING
    if index < stop:
        return StepStatus.DONE
    if index == stop:
        return StepStatus.STOPPED
    # An ended attempt that was then closed is at its last step, past the ones it skipped.
    if index == CLOSING_STEP and state == S.CLOSED:
        return StepStatus.CURRENT
    return StepStatus.SKIPPED


def _step(index, key, label, state, end, stop, before_close) -> Step:
    status = _status(index, state, stop)
    note = None
    if status == StepStatus.STOPPED:
        note = end
    elif status == StepStatus.CURRENT:
        note = state
    elif status == StepStatus.DONE and key == "result":
        note = before_close
    return Step(key, label, status, note)


def _needs_reason(action: str) -> bool:
    return action in TRANSITIONS and TRANSITIONS[action].needs_reason


def _card(action: str) -> ActionCard:
    transition = TRANSITIONS.get(action)
    return ActionCard(
        action=action,
        label=ACTIONS.get(action, action),
        explanation=EXPLANATIONS.get(action),
        needs_reason=_needs_reason(action),
        destructive=transition is not None and transition.target in ENDING_TARGETS,
        to_mediators=action in MEDIATOR_ACTS,
    )
