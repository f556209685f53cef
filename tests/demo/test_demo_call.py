"""The demo call: a video session open around the time the demo is seeded, and its links."""

from datetime import timedelta
from types import SimpleNamespace

import time_machine

from mediation.core.db import utcnow
from mediation.extensions import db
from mediation.video.demo import CALL_STARTS_IN, DEMO_CALL_UID, seed_call
from mediation.video.links import participant_from_token
from mediation.video.operations import room_for_session


def test_the_demo_call_opens_a_room_now_with_a_mediator_and_both_sides(create_dispute, coordinator):
    create_dispute("scheduled")
    session = seed_call(SimpleNamespace(coordinator=coordinator))
    assert session.uid == DEMO_CALL_UID and session.mode == "video"
    assert session.start_at - utcnow() <= CALL_STARTS_IN
    room = room_for_session(session.id)
    assert room.opens_at <= utcnow() < room.closes_at
    kinds = sorted(s.side or s.role for s in room.participants)
    assert kinds == ["applicant", "mediator", "respondent"]


def test_demo_logins_prints_the_three_join_links(runner, create_dispute, coordinator):
    create_dispute("scheduled")
    session = seed_call(SimpleNamespace(coordinator=coordinator))
    db.session.commit()
    result = runner.invoke(args=["demo-logins"])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines() if "/join/" in line]
    assert [line[0] for line in lines] == ["mediator", "applicant", "respondent"]
    room = room_for_session(session.id)
    for line in lines:
        seat = participant_from_token(line[-1].rsplit("/join/", 1)[1])
        assert seat.room_id == room.id


def test_demo_logins_says_when_the_demo_call_has_closed(runner, create_dispute, coordinator):
    create_dispute("scheduled")
    seed_call(SimpleNamespace(coordinator=coordinator))
    db.session.commit()
    with time_machine.travel(utcnow() + timedelta(days=1)):
        result = runner.invoke(args=["demo-logins"])
    assert "/join/" not in result.output
    assert "closed" in result.output


def test_demo_logins_without_a_demo_call_prints_the_log_ins_only(runner):
    result = runner.invoke(args=["demo-logins"])
    assert result.exit_code == 0 and "/join/" not in result.output
    assert "13700000000" in result.output


def test_the_demo_call_goes_to_a_mediator_free_for_it(create_dispute, coordinator):
    from mediation.scheduling.models import MediationSession

    busy = create_dispute("scheduled")
    free = create_dispute("scheduled")
    start = utcnow() + timedelta(minutes=30)
    db.session.add(
        MediationSession(
            uid="busy@test",
            dispute_id=busy.id,
            mediator_id=busy.mediator_id,
            start_at=start,
            end_at=start + timedelta(hours=1),
            mode="video",
        )
    )
    db.session.flush()
    session = seed_call(SimpleNamespace(coordinator=coordinator))
    assert session.dispute_id == free.id
