"""Where a case stands on its steps, and what its viewer may do now: plain values, no database."""

import pytest
from flask_babel import force_locale

from mediation.disputes.lifecycle import State, available_actions
from mediation.disputes.progress import (
    STEPS,
    Move,
    StepStatus,
    case_progress,
    next_actions,
)
from mediation.disputes.rights import shown_to_party

# One letter per step, Application to Case closed: done, current, upcoming, stopped, skipped.
LETTERS = {
    "d": StepStatus.DONE,
    "c": StepStatus.CURRENT,
    "u": StepStatus.UPCOMING,
    "s": StepStatus.STOPPED,
    "k": StepStatus.SKIPPED,
}
# Each state of the lifecycle with the moves that led there, and the steps it shows.
EVERY_STATE = {
    State.SUBMITTED: ([], "cuuuuuuu"),
    State.ACCEPTED: ([Move("submitted", "accepted")], "dcuuuuuu"),
    State.AWAITING_CONSENT: ([Move("accepted", "awaiting_consent")], "ddcuuuuu"),
    State.CONSENTED: ([Move("awaiting_consent", "consented")], "ddcuuuuu"),
    State.ASSIGNED: ([Move("consented", "assigned")], "dddcuuuu"),
    State.SCHEDULED: ([Move("assigned", "scheduled")], "ddddcuuu"),
    State.IN_MEDIATION: ([Move("scheduled", "in_mediation")], "dddddcuu"),
    State.SETTLED: ([Move("in_mediation", "settled")], "ddddddcu"),
    State.NOT_SETTLED: ([Move("in_mediation", "not_settled", "差距太大")], "ddddddcu"),
    State.REJECTED: ([Move("submitted", "rejected", "不属于调解范围")], "dskkkkkk"),
    State.DECLINED: ([Move("awaiting_consent", "declined", "不愿调解")], "ddskkkkk"),
    State.WITHDRAWN: ([Move("scheduled", "withdrawn", "已私了")], "dddddskk"),
    State.STOPPED: ([Move("accepted", "stopped", "不想继续")], "ddskkkkk"),
    State.CLOSED: ([Move("in_mediation", "settled"), Move("settled", "closed")], "dddddddc"),
}


def statuses(progress) -> str:
    letter_of = {status: letter for letter, status in LETTERS.items()}
    return "".join(letter_of[step.status] for step in progress.steps)


def test_every_state_of_the_lifecycle_has_its_place_on_the_steps():
    assert set(EVERY_STATE) == set(State)


@pytest.mark.parametrize("state", list(State))
def test_a_state_shows_its_steps(state):
    moves, expected = EVERY_STATE[state]
    progress = case_progress(state, moves, None)
    assert [step.key for step in progress.steps] == [key for key, _ in STEPS]
    assert statuses(progress) == expected


@pytest.mark.parametrize("state", [s for s in State if s != State.CLOSED])
def test_the_step_the_case_is_at_names_its_state(state):
    moves, _ = EVERY_STATE[state]
    [here] = [step for step in case_progress(state, moves, None).steps if step.status.is_here]
    assert here.note == state


def test_a_withdrawal_stops_after_the_step_it_was_asked_at():
    at_submission = case_progress("withdrawn", [Move("submitted", "withdrawn", "不调了")], None)
    assert statuses(at_submission) == "dskkkkkk"
    in_mediation = case_progress("stopped", [Move("in_mediation", "stopped", "不调了")], None)
    assert statuses(in_mediation) == "ddddddsk"


def test_a_withdrawal_with_no_recorded_move_stops_at_acceptance():
    assert statuses(case_progress("withdrawn", [], None)) == "dskkkkkk"


def test_an_ended_attempt_names_how_it_ended_and_why():
    progress = case_progress("declined", [Move("awaiting_consent", "declined", "不愿调解")], None)
    assert progress.ended == State.DECLINED
    assert progress.reason == "不愿调解"
    with force_locale("en"):
        assert str(progress.ended_label) == "Declined"


def test_the_reason_on_the_dispute_wins_over_the_recorded_one():
    moves = [Move("scheduled", "stopped", "旧理由")]
    assert case_progress("stopped", moves, "新理由").reason == "新理由"


def test_a_closed_case_keeps_how_its_attempt_ended():
    moves = [Move("submitted", "rejected", "不属于调解范围"), Move("rejected", "closed")]
    progress = case_progress("closed", moves, None)
    assert statuses(progress) == "dskkkkkc"
    assert progress.ended == State.REJECTED and progress.reason == "不属于调解范围"
    assert progress.steps[1].note == State.REJECTED
    assert progress.steps[-1].note == State.CLOSED


def test_a_closed_case_that_failed_shows_the_result_beside_its_step():
    moves = [Move("in_mediation", "not_settled", "差距太大"), Move("not_settled", "closed")]
    progress = case_progress("closed", moves, None)
    assert statuses(progress) == "dddddddc"
    assert progress.steps[6].note == State.NOT_SETTLED
    assert progress.ended == State.NOT_SETTLED


def test_a_settled_closed_case_has_not_ended_early():
    moves, _ = EVERY_STATE[State.CLOSED]
    progress = case_progress("closed", moves, None)
    assert progress.ended is None
    assert progress.steps[6].note == State.SETTLED


def test_an_open_case_carries_its_state_reason_as_a_note():
    progress = case_progress("consented", [Move("assigned", "consented", "调解员回避")], "回避")
    assert progress.ended is None and progress.reason == "回避"


def test_steps_not_reached_read_as_to_do():
    assert StepStatus.UPCOMING.css_class == StepStatus.SKIPPED.css_class == "todo"
    assert StepStatus.STOPPED.css_class == "stopped"


def offered(actions, state="accepted", **facts):
    defaults = dict(has_mediator=False, needs_proof=False, publicity_open=False)
    return next_actions(actions, state, **{**defaults, "mediator_open": False, **facts})


def test_acts_that_need_a_reason_come_after_those_that_do_not():
    actions = available_actions(State.SUBMITTED, {"staff"})
    assert actions == ["accept", "reject", "withdraw"]
    cards = offered(actions, "submitted").cards
    assert [c.action for c in cards] == ["accept", "reject", "withdraw"]
    actions = available_actions(State.ASSIGNED, {"staff"})
    cards = offered(actions, "assigned", has_mediator=True).cards
    assert [c.action for c in cards] == ["schedule", "unassign", "withdraw", "stop"]
    assert [c.needs_reason for c in cards] == [False, True, True, True]


def test_acts_that_end_the_attempt_warn():
    cards = offered(["consent", "decline", "stop"], "accepted").cards
    assert {c.action: c.destructive for c in cards} == {
        "consent": False,
        "decline": True,
        "stop": True,
    }
    with force_locale("en"):
        assert str(cards[0].explanation).startswith("Mediation is free and voluntary.")


def test_settling_and_failing_go_to_the_outcome_page():
    plan = offered(available_actions(State.IN_MEDIATION, {"mediator"}), "in_mediation")
    assert plan.record_outcome
    assert [c.action for c in plan.cards] == ["adjourn"]


def test_assigning_posts_to_the_mediators_pages():
    cards = offered(["assign", "withdraw"], "consented").cards
    assert [c.to_mediators for c in cards] == [True, False]


def test_a_party_confirms_their_mobile_before_their_own_acts():
    actions = shown_to_party(available_actions(State.ASSIGNED, {"respondent"}))
    plan = offered(actions, "assigned", has_mediator=True, needs_proof=True, publicity_open=True)
    assert plan.proof_needed and plan.own_acts == ("stop",)
    with force_locale("en"):
        assert [str(a) for a in plan.proof_acts] == [
            "Ask to stop the mediation",
            "ask for another mediator (recusal)",
            "choose public or not",
        ]
    assert plan.cards == ()


def test_a_party_who_has_confirmed_acts_at_once():
    plan = offered(["consent", "decline"], "accepted", mediator_open=True)
    assert not plan.proof_needed
    assert [c.action for c in plan.cards] == ["consent", "decline"]


def test_no_proof_is_asked_when_there_is_nothing_to_do():
    assert not offered([], "settled", needs_proof=True).proof_needed


@pytest.mark.parametrize(
    ("state", "has_mediator", "open_"),
    [("assigned", True, True), ("scheduled", True, True), ("assigned", False, False)]
    + [(s, True, False) for s in ("consented", "in_mediation", "settled")],
)
def test_sessions_are_booked_while_a_mediator_waits_to_begin(state, has_mediator, open_):
    assert offered([], state, has_mediator=has_mediator).booking_open is open_
