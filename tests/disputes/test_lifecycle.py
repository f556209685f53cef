import pytest

from mediation.disputes.lifecycle import (
    TRANSITIONS,
    Actor,
    IllegalTransition,
    NotPermitted,
    ReasonRequired,
    State,
    available_actions,
    next_state,
)

ALL = {Actor.STAFF, Actor.MEDIATOR, Actor.APPLICANT, Actor.RESPONDENT}
LEGAL = {
    (State.SUBMITTED, "accept"): State.ACCEPTED,
    (State.SUBMITTED, "reject"): State.REJECTED,
    (State.ACCEPTED, "request_consent"): State.AWAITING_CONSENT,
    (State.ACCEPTED, "consent"): State.CONSENTED,
    (State.ACCEPTED, "decline"): State.DECLINED,
    (State.AWAITING_CONSENT, "consent"): State.CONSENTED,
    (State.AWAITING_CONSENT, "decline"): State.DECLINED,
    (State.CONSENTED, "assign"): State.ASSIGNED,
    (State.ASSIGNED, "unassign"): State.CONSENTED,
    (State.ASSIGNED, "schedule"): State.SCHEDULED,
    (State.SCHEDULED, "unschedule"): State.ASSIGNED,
    (State.SCHEDULED, "start"): State.IN_MEDIATION,
    (State.IN_MEDIATION, "adjourn"): State.ASSIGNED,
    (State.IN_MEDIATION, "settle"): State.SETTLED,
    (State.IN_MEDIATION, "fail"): State.NOT_SETTLED,
    **{
        (s, "withdraw"): State.WITHDRAWN
        for s in (
            State.SUBMITTED,
            State.ACCEPTED,
            State.AWAITING_CONSENT,
            State.CONSENTED,
            State.ASSIGNED,
            State.SCHEDULED,
            State.IN_MEDIATION,
        )
    },
    **{
        (s, "stop"): State.STOPPED
        for s in (
            State.ACCEPTED,
            State.AWAITING_CONSENT,
            State.CONSENTED,
            State.ASSIGNED,
            State.SCHEDULED,
            State.IN_MEDIATION,
        )
    },
    **{
        (s, "close"): State.CLOSED
        for s in (
            State.SETTLED,
            State.NOT_SETTLED,
            State.WITHDRAWN,
            State.REJECTED,
            State.DECLINED,
            State.STOPPED,
        )
    },
}


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_pair_of_state_and_action(state, action):
    if (state, action) in LEGAL:
        assert next_state(state, action, ALL, reason="因为") == LEGAL[(state, action)]
    else:
        with pytest.raises(IllegalTransition):
            next_state(state, action, ALL, reason="因为")


def test_closed_is_final():
    assert available_actions(State.CLOSED, ALL) == []


def test_unknown_action_is_illegal():
    with pytest.raises(IllegalTransition):
        next_state(State.SUBMITTED, "teleport", ALL)


def test_only_the_respondent_or_staff_answer_for_consent():
    assert next_state(State.AWAITING_CONSENT, "consent", {Actor.RESPONDENT}) == State.CONSENTED
    with pytest.raises(NotPermitted):
        next_state(State.AWAITING_CONSENT, "consent", {Actor.APPLICANT})


def test_declining_ends_the_attempt():
    assert available_actions(State.DECLINED, {Actor.STAFF}) == ["close"]
    assert available_actions(State.DECLINED, {Actor.RESPONDENT}) == []


def test_parties_cannot_accept_their_own_case():
    with pytest.raises(NotPermitted):
        next_state(State.SUBMITTED, "accept", {Actor.APPLICANT})


@pytest.mark.parametrize("action", ["reject", "withdraw"])
def test_some_actions_need_a_reason(action):
    with pytest.raises(ReasonRequired):
        next_state(State.SUBMITTED, action, {Actor.STAFF}, reason="   ")


def test_actions_offered_match_the_actor():
    assert available_actions(State.SUBMITTED, {Actor.APPLICANT}) == ["withdraw"]
    assert available_actions(State.AWAITING_CONSENT, {Actor.RESPONDENT}) == [
        "consent",
        "decline",
        "stop",
    ]
    assert available_actions(State.SCHEDULED, {Actor.MEDIATOR}) == ["unschedule", "start"]


def test_the_respondent_may_answer_straight_after_acceptance():
    assert available_actions(State.ACCEPTED, {Actor.RESPONDENT}) == ["consent", "decline", "stop"]
    assert next_state(State.ACCEPTED, "consent", {Actor.RESPONDENT}) == State.CONSENTED
    with pytest.raises(NotPermitted):
        next_state(State.ACCEPTED, "decline", {Actor.APPLICANT}, reason="不想")


@pytest.mark.parametrize("side", [Actor.APPLICANT, Actor.RESPONDENT])
def test_either_party_may_ask_to_stop_with_a_reason_before_an_agreement(side):
    assert next_state(State.IN_MEDIATION, "stop", {side}, reason="不想调了") == State.STOPPED
    with pytest.raises(ReasonRequired):
        next_state(State.SCHEDULED, "stop", {side}, reason=" ")
    with pytest.raises(IllegalTransition):
        next_state(State.SETTLED, "stop", {side}, reason="不想调了")


def test_the_mediator_cannot_stop_in_a_partys_name():
    with pytest.raises(NotPermitted):
        next_state(State.SCHEDULED, "stop", {Actor.MEDIATOR}, reason="x")
