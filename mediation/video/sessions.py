"""Rooms follow their sessions.

Booking or moving a video or hybrid session opens or updates its room, cancelling closes it (as
scheduling's hooks announce them), and the room moves the session to in progress and completed.
"""

from datetime import datetime

from flask import url_for
from sqlalchemy import select, update

from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.scheduling import hooks as scheduling_hooks
from mediation.scheduling.lifecycle import LIVE, SessionStatus, allows
from mediation.scheduling.models import MediationSession
from mediation.scheduling.operations import set_session_status
from mediation.video import hooks, livestate, operations, presence
from mediation.video.links import join_url
from mediation.video.models import RoomParticipant, VideoRoom
from mediation.video.recording_access import playable_recordings

VIDEO_MODES = ("video", "hybrid")


@scheduling_hooks.on_session_booked
@scheduling_hooks.on_session_moved
def sync_room(session) -> VideoRoom | None:
    """Open or update the room of a video or hybrid session; close it for other modes."""
    if session.mode not in VIDEO_MODES:
        close_room(session, "not_video")
        return None
    return operations.open_room(
        session.id,
        session.start_at,
        session.end_at,
        session.mediator.user,
        session.dispute.parties,
    )


@scheduling_hooks.on_session_closed
def close_room(session, reason: str) -> None:
    """End a session's room without a mediator present and withdraw every link."""
    room = operations.room_for_session(session.id)
    if room is None or room.state == "ended":
        return
    room.state = "ended"
    room.ended_at = utcnow()
    room.recording = False
    _empty(room, reason)
    for seat in room.participants:
        seat.withdraw_links()
    db.session.flush()


def _empty(room: VideoRoom, reason: str) -> list[str]:
    """Take everyone out of an ended room; return the connections that were still open."""
    open_sids = []
    for seat in room.participants:
        if seat.sid is not None:
            open_sids.append(seat.sid)
            presence.log_attendance(seat, "leave")
            seat.sid = None
    livestate.changed(db.session, room.id)
    record_event(
        "video.room_closed", "video_room", room.id, session_id=room.session_id, reason=reason
    )
    return open_sids


def end_expired_rooms(now: datetime | None = None) -> list[str]:
    """End every room past its closing time; return the connections that were still open.

    A session still in progress is completed, as when its mediator ends the room; one that
    never started stays scheduled for its mediator to record as held in person or a no-show.
    Each room is claimed by a conditional update, so two schedulers end it once.
    """
    now = now or utcnow()
    due = select(VideoRoom.id).where(VideoRoom.state != "ended", VideoRoom.closes_at <= now)
    open_sids = []
    for room_id in db.session.scalars(due).all():
        claim = (
            update(VideoRoom)
            .where(VideoRoom.id == room_id, VideoRoom.state != "ended")
            .values(state="ended", ended_at=now, recording=False)
            .execution_options(synchronize_session=False)
        )
        if not db.session.execute(claim).rowcount:
            continue
        room = db.session.get(VideoRoom, room_id)
        db.session.refresh(room)
        open_sids += _empty(room, "closing_time")
        session = _session_of(room)
        if session is not None and allows(session.status, "complete"):
            set_session_status(session, SessionStatus.COMPLETED, {Actor.STAFF}, None)
    db.session.flush()
    return open_sids


def seat_of(session, party=None, user=None) -> RoomParticipant | None:
    """Return the live seat of a party, or of a signed-in user (mediator or party)."""
    room = operations.room_for_session(session.id)
    if room is None or room.state == "ended":
        return None
    for seat in room.participants:
        if seat.removed:
            continue
        if party is not None and seat.party_id == party.id:
            return seat
        if user is not None and seat.user_id == user.id:
            return seat
    return None


def party_join_url(session, party) -> str | None:
    """Return a party's personal join link, when the session has a room with their seat."""
    seat = seat_of(session, party=party)
    return join_url(seat) if seat else None


def _session_of(room: VideoRoom) -> MediationSession | None:
    return db.session.get(MediationSession, room.session_id)


@hooks.on_room_started
def _started(room: VideoRoom) -> None:
    session = _session_of(room)
    if session is not None and allows(session.status, "start"):
        set_session_status(
            session, SessionStatus.IN_PROGRESS, {Actor.MEDIATOR}, session.mediator.user
        )


@hooks.on_room_ended
def _ended(room: VideoRoom) -> None:
    session = _session_of(room)
    if session is not None and allows(session.status, "complete"):
        set_session_status(
            session, SessionStatus.COMPLETED, {Actor.MEDIATOR}, session.mediator.user
        )


def panel(session, user=None, party=None) -> dict | None:
    """Return what a session page shows of its room: the viewer's way in and the attendance."""
    room = operations.room_for_session(session.id)
    if room is None:
        return None
    seat = seat_of(session, party=party, user=user)
    join = None
    if seat is not None and session.status in LIVE:
        join = (
            join_url(seat)
            if party is not None
            else url_for("video_join.join", session_id=session.id)
        )
    staff = user is not None and (user.is_staff or (seat is not None and seat.role == "mediator"))
    return {
        "room": room,
        "join": join,
        "console": url_for("video.console", room_id=room.id)
        if seat is not None and seat.role == "mediator" and room.state != "ended"
        else None,
        "report": operations.attendance_report(room) if staff else None,
        # Only those who may play them back are shown the recordings at all.
        "recordings": playable_recordings(user, room) if user is not None else [],
    }
