"""Setting rooms up for sessions, and reading back who attended."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, NotFound, ValidationFailed
from mediation.disputes.models import Party
from mediation.extensions import db
from mediation.video import livestate
from mediation.video.attendance import ARRIVALS, DEPARTURES, attended_seconds
from mediation.video.models import AttendanceEvent, RoomParticipant, VideoRoom
from mediation.video.presence import log_attendance


def room_for_session(session_id: int) -> VideoRoom | None:
    return db.session.scalar(select(VideoRoom).where(VideoRoom.session_id == session_id))


def get_room(room_id: int) -> VideoRoom:
    room = db.session.get(VideoRoom, room_id)
    if room is None:
        raise NotFound(_l("There is no such video room."))
    return room


def open_room(
    session_id: int,
    starts_at: datetime,
    ends_at: datetime,
    mediator_user: User,
    parties: Iterable[Party],
    observers: Iterable[User] = (),
) -> VideoRoom:
    """Create or update the room of a session, with a seat for the mediator and each party.

    Seats of people no longer on the session are withdrawn (their links stop working); a seat
    given back gets a fresh link.
    """
    if ends_at <= starts_at:
        raise ValidationFailed(
            _l("The session must end after it starts."), fields={"ends_at": [_l("Too early.")]}
        )
    room = room_for_session(session_id)
    created = room is None
    if room is None:
        room = VideoRoom(session_id=session_id)
        db.session.add(room)
    elif room.state == "ended":
        raise Conflict(_l("This session's video room has already ended."))
    config = current_app.config
    room.opens_at = starts_at - timedelta(minutes=config["VIDEO_ROOM_OPENS_MINUTES_BEFORE"])
    room.closes_at = ends_at + timedelta(minutes=config["VIDEO_ROOM_CLOSES_MINUTES_AFTER"])

    wanted: dict[tuple, dict] = {
        ("user", mediator_user.id, "mediator"): {
            "role": "mediator",
            "side": None,
            "display_name": mediator_user.name,
            "user_id": mediator_user.id,
        }
    }
    for party in parties:
        wanted[("party", party.id, "party")] = {
            "role": "party",
            "side": party.side,
            "display_name": party.name,
            "user_id": party.user_id,
            "party_id": party.id,
        }
    for user in observers:
        wanted[("user", user.id, "observer")] = {
            "role": "observer",
            "side": None,
            "display_name": user.name,
            "user_id": user.id,
        }
    for seat in list(room.participants):
        key = (
            ("party", seat.party_id, seat.role)
            if seat.party_id
            else ("user", seat.user_id, seat.role)
        )
        values = wanted.pop(key, None)
        if values is None:
            if not seat.removed:
                seat.removed = True
                seat.withdraw_links()
            continue
        if seat.removed:
            seat.removed = False
            seat.withdraw_links()
        seat.display_name = values["display_name"]
        seat.side = values["side"]
        seat.user_id = values["user_id"]
    for values in wanted.values():
        room.participants.append(RoomParticipant(**values))
    db.session.flush()
    livestate.changed(db.session, room.id)
    record_event(
        "video.room_opened" if created else "video.room_updated",
        "video_room",
        room.id,
        session_id=session_id,
        opens_at=room.opens_at.isoformat(),
        closes_at=room.closes_at.isoformat(),
        participants=[p.id for p in room.participants if not p.removed],
    )
    return room


def rooms_of(user: User, now: datetime) -> list[VideoRoom]:
    """Return the rooms a user mediates that have not ended or closed, soonest first."""
    query = (
        select(VideoRoom)
        .join(RoomParticipant)
        .where(
            RoomParticipant.user_id == user.id,
            RoomParticipant.role == "mediator",
            RoomParticipant.removed.is_(False),
            VideoRoom.state != "ended",
            VideoRoom.closes_at > now,
        )
        .order_by(VideoRoom.opens_at)
    )
    return list(db.session.scalars(query))


def mediator_seat(room: VideoRoom, user: User) -> RoomParticipant:
    """Return the mediator's seat in a room for this user, or 404."""
    for seat in room.participants:
        if seat.role == "mediator" and seat.user_id == user.id and not seat.removed:
            return seat
    raise NotFound(_l("There is no such video room."))


def attendance_events(room: VideoRoom) -> list[AttendanceEvent]:
    return list(
        db.session.scalars(
            select(AttendanceEvent)
            .where(AttendanceEvent.room_id == room.id)
            .order_by(AttendanceEvent.at, AttendanceEvent.id)
        )
    )


def attendance_report(room: VideoRoom, now: datetime | None = None) -> list[dict]:
    """Return who attended, for how long, and when they first joined and last left."""
    events = attendance_events(room)
    until = room.ended_at or now or utcnow()
    seconds = attended_seconds(((e.participant_id, e.kind, e.at) for e in events), until)
    report = []
    for seat in room.participants:
        mine = [e for e in events if e.participant_id == seat.id]
        joins = [e.at for e in mine if e.kind in ARRIVALS]
        leaves = [e.at for e in mine if e.kind in DEPARTURES]
        report.append(
            {
                "participant": seat,
                "seconds": round(seconds.get(seat.id, 0.0)),
                "first_joined": joins[0] if joins else None,
                "last_left": leaves[-1] if leaves else None,
                "admitted": any(e.kind == "admit" for e in mine),
                "by_phone": any(e.kind == "phone_join" for e in mine),
            }
        )
    return report


def find_seat(room: VideoRoom, participant_id: int) -> RoomParticipant:
    """Return a live seat of this room, or 404."""
    for seat in room.participants:
        if seat.id == participant_id and not seat.removed:
            return seat
    raise NotFound(_l("There is no such participant in this room."))


def reissue_link(seat: RoomParticipant, user: User) -> str | None:
    """Withdraw a seat's join link and make a new one; return the connection to close.

    Raising the seat's version invalidates every link issued before; a person connected
    through the old link is taken out and comes back with the new one.
    """
    if seat.room.state == "ended":
        raise Conflict(_l("This session's video room has already ended."))
    seat.withdraw_links()
    sid = seat.sid
    if sid is not None:
        log_attendance(seat, "leave")
        seat.sid = None
    db.session.flush()
    livestate.changed(db.session, seat.room_id)
    record_event(
        "video.link_reissued",
        "video_room",
        seat.room_id,
        actor_id=user.id,
        participant=seat.id,
        version=seat.link_version,
    )
    return sid
