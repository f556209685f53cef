"""The session state machine: every legal move, the refused ones, and the final statuses."""

import pytest

from mediation.disputes.lifecycle import Actor
from mediation.scheduling.lifecycle import (
    LIVE,
    RECORDED,
    TERMINAL,
    TRANSITIONS,
    IllegalTransition,
    NotPermitted,
    ReasonRequired,
    SessionStatus,
    allows,
    next_status,
)

S = SessionStatus
PARTIES = {Actor.APPLICANT, Actor.RESPONDENT}
LEGAL = [
    ("reschedule", S.SCHEDULED, S.SCHEDULED),
    ("cancel", S.SCHEDULED, S.CANCELLED),
    ("start", S.SCHEDULED, S.IN_PROGRESS),
    ("complete", S.IN_PROGRESS, S.COMPLETED),
    ("mark_no_show", S.SCHEDULED, S.NO_SHOW),
]


@pytest.mark.parametrize(("action", "source", "target"), LEGAL)
def test_every_legal_transition_reaches_its_status(action, source, target):
    assert next_status(source, action, {Actor.STAFF}, "a reason") == target


def test_the_table_holds_exactly_the_legal_transitions():
    table = {(t.action, s, t.target) for t in TRANSITIONS.values() for s in t.sources}
    assert table == set(LEGAL)


ILLEGAL = [
    (action, status)
    for action, transition in TRANSITIONS.items()
    for status in SessionStatus
    if status not in transition.sources
]


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_an_action_from_any_other_status_is_refused(action, status):
    with pytest.raises(IllegalTransition):
        next_status(status, action, {Actor.STAFF, Actor.MEDIATOR}, "a reason")
    assert not allows(status, action)


def test_an_unknown_action_is_refused():
    with pytest.raises(IllegalTransition):
        next_status(S.SCHEDULED, "teleport", {Actor.STAFF})
    assert not allows(S.SCHEDULED, "teleport")


@pytest.mark.parametrize("status", sorted(TERMINAL))
def test_a_final_status_has_no_way_out(status):
    assert [t.action for t in TRANSITIONS.values() if status in t.sources] == []


def test_the_final_statuses_are_those_that_are_not_live():
    assert TERMINAL == set(SessionStatus) - LIVE
    assert LIVE == {S.SCHEDULED, S.IN_PROGRESS}


@pytest.mark.parametrize("action", ["start", "complete", "mark_no_show"])
def test_only_the_mediator_or_staff_record_how_a_session_went(action):
    source = next(iter(TRANSITIONS[action].sources))
    with pytest.raises(NotPermitted):
        next_status(source, action, PARTIES, "a reason")
    assert next_status(source, action, {Actor.MEDIATOR}, "a reason")


@pytest.mark.parametrize("action", ["reschedule", "cancel"])
def test_a_party_may_move_or_cancel_a_scheduled_session(action):
    assert next_status(S.SCHEDULED, action, {Actor.RESPONDENT}, "有事") in LIVE | {S.CANCELLED}


def test_someone_not_on_the_case_is_refused_before_the_status_is_looked_at():
    with pytest.raises(NotPermitted):
        next_status(S.COMPLETED, "cancel", set(), "a reason")


@pytest.mark.parametrize("action", ["reschedule", "cancel", "mark_no_show"])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_moving_cancelling_or_a_no_show_needs_a_reason(action, reason):
    with pytest.raises(ReasonRequired):
        next_status(S.SCHEDULED, action, {Actor.STAFF}, reason)


def test_starting_and_completing_need_no_reason():
    assert next_status(S.SCHEDULED, "start", {Actor.MEDIATOR}) == S.IN_PROGRESS
    assert next_status(S.IN_PROGRESS, "complete", {Actor.MEDIATOR}) == S.COMPLETED


def test_each_recorded_status_is_the_target_of_its_action():
    assert {status: TRANSITIONS[a].target for status, a in RECORDED.items()} == {
        s: s for s in RECORDED
    }


def test_a_status_read_from_the_database_is_a_plain_string_that_still_matches():
    assert allows("scheduled", "start") and S.SCHEDULED == "scheduled"
