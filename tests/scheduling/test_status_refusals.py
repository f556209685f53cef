"""Scheduling operations refuse what the session table refuses, with the same error codes."""

from datetime import UTC, datetime

import pytest
import time_machine

from mediation.core.errors import Conflict, Forbidden
from mediation.disputes.lifecycle import Actor
from mediation.scheduling import operations
from mediation.scheduling.lifecycle import SessionStatus

MONDAY_MORNING = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
STAFF = {Actor.STAFF}


@pytest.fixture
def session(assigned, book):
    return book(assigned())


def _code(excinfo) -> str:
    return excinfo.value.code


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_completed_session_cannot_be_cancelled(session, coordinator):
    operations.set_session_status(session, SessionStatus.IN_PROGRESS, STAFF, coordinator)
    operations.set_session_status(session, SessionStatus.COMPLETED, STAFF, coordinator)
    with pytest.raises(Conflict) as refused:
        operations.cancel_session(session, "改期", STAFF, coordinator)
    assert _code(refused) == "not_live" and session.status == SessionStatus.COMPLETED


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_cancelled_session_cannot_be_moved(session, coordinator, free_slot):
    operations.cancel_session(session, "当事人生病", STAFF, coordinator)
    slot = free_slot(session.dispute, 3)
    with pytest.raises(Conflict) as refused:
        operations.reschedule_session(session, slot.start, slot.end, "再约", STAFF, coordinator)
    assert _code(refused) == "not_live"


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_session_that_never_started_cannot_be_completed(session, coordinator):
    with pytest.raises(Conflict) as refused:
        operations.set_session_status(session, SessionStatus.COMPLETED, STAFF, coordinator)
    assert _code(refused) == "illegal_status" and session.status == SessionStatus.SCHEDULED


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_started_session_is_not_a_no_show(session, coordinator):
    operations.set_session_status(session, SessionStatus.IN_PROGRESS, STAFF, coordinator)
    with pytest.raises(Conflict) as refused:
        operations.set_session_status(session, SessionStatus.NO_SHOW, STAFF, coordinator, "未到")
    assert _code(refused) == "illegal_status" and session.status == SessionStatus.IN_PROGRESS


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_cancelling_is_not_a_status_one_records(session, coordinator):
    with pytest.raises(Conflict) as refused:
        operations.set_session_status(session, SessionStatus.CANCELLED, STAFF, coordinator, "x")
    assert _code(refused) == "illegal_status" and session.status == SessionStatus.SCHEDULED


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_someone_not_on_the_case_cannot_cancel(session):
    with pytest.raises(Forbidden):
        operations.cancel_session(session, "不想来", set(), None)
    assert session.status == SessionStatus.SCHEDULED
