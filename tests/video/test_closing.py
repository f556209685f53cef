"""Rooms end at their closing time by themselves, and the session's status follows."""

from datetime import timedelta

from sqlalchemy import select

from mediation.core.audit import AuditEvent
from mediation.core.db import utcnow
from mediation.extensions import db
from mediation.scheduling.models import MediationSession
from mediation.video import namespace, sessions
from mediation.video.models import AttendanceEvent
from mediation.video.namespace import NAMESPACE
from mediation.video.tasks import close_expired_rooms
from tests.video.conftest import error_codes, events
from tests.video.test_signaling import signal


def session_of(room) -> MediationSession:
    return db.session.get(MediationSession, room.session_id)


def past_closing(room) -> None:
    room.closes_at = utcnow() - timedelta(minutes=1)
    db.session.flush()


def test_a_started_room_past_closing_time_ends_and_completes_its_session(call):  # noqa: F811
    room, s, clients = call
    assert session_of(room).status == "in_progress"
    past_closing(room)
    open_sids = sessions.end_expired_rooms()
    assert room.state == "ended" and room.ended_at is not None
    assert session_of(room).status == "completed"
    assert len(open_sids) == 3
    assert all(seat.sid is None for seat in room.participants)
    leaves = db.session.scalars(
        select(AttendanceEvent.participant_id).where(
            AttendanceEvent.room_id == room.id, AttendanceEvent.kind == "leave"
        )
    ).all()
    assert sorted(leaves) == sorted(seat.id for seat in s.values())
    closed = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.subject_type == "video_room",
            AuditEvent.subject_id == room.id,
            AuditEvent.action == "video.room_closed",
        )
    ).all()
    assert [e.data["reason"] for e in closed] == ["closing_time"]
    # A second scheduler, or the next run, finds nothing left to do.
    assert sessions.end_expired_rooms() == []


def test_a_room_that_never_started_ends_and_leaves_the_session_scheduled(create_room):
    room = create_room()
    past_closing(room)
    assert sessions.end_expired_rooms() == []
    assert room.state == "ended"
    assert session_of(room).status == "scheduled"


def test_open_rooms_are_left_alone(call, create_room):  # noqa: F811
    room, s, clients = call
    waiting = create_room()
    assert sessions.end_expired_rooms() == []
    assert room.state == "started" and waiting.state == "waiting"


def test_the_scheduled_job_tells_those_still_connected_and_disconnects_them(call):  # noqa: F811
    room, s, clients = call
    past_closing(room)
    assert close_expired_rooms() == {"closed_connections": 3}
    for client in clients.values():
        assert not client.is_connected(NAMESPACE)
        # What arrived before the disconnect (the test client refuses to list it afterwards).
        ended = [p["args"][0] for p in client.queue if p["name"] == "ended"]
        assert [e["message"] for e in ended] == ["该视频房间已关闭。"]


def test_the_relay_stops_at_closing_time_without_being_told(call, monkeypatch):  # noqa: F811
    """Without Redis a server process hears nothing from the scheduler: the clock decides."""
    room, s, clients = call
    signal(clients["applicant"], s["mediator"])
    assert len(events(clients["mediator"], "signal")) == 1
    later = room.closes_at.timestamp() + 1
    monkeypatch.setattr(namespace.time, "time", lambda: later)
    signal(clients["applicant"], s["mediator"])
    assert error_codes(clients["applicant"]) == ["room_closed"]
    assert events(clients["mediator"], "signal") == []
