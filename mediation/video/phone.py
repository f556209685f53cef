"""Phone attendance: the mediator marks a seat joined by an ordinary phone line. Flush only."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.core.audit import record_event
from mediation.core.errors import Conflict, ValidationFailed
from mediation.extensions import db
from mediation.video import livestate
from mediation.video.attendance import on_phone
from mediation.video.models import AttendanceEvent, RoomParticipant
from mediation.video.presence import _controller, _target, log_attendance


def phone_seats(room_id: int) -> set[int]:
    """Return the seats of a room now marked joined by phone."""
    rows = db.session.execute(
        select(AttendanceEvent.participant_id, AttendanceEvent.kind)
        .where(
            AttendanceEvent.room_id == room_id,
            AttendanceEvent.kind.in_(("phone_join", "phone_leave")),
        )
        .order_by(AttendanceEvent.at, AttendanceEvent.id)
    )
    return on_phone((pid, kind) for pid, kind in rows)


def mark_phone(actor: RoomParticipant, participant_id: object, joined: object) -> RoomParticipant:
    """Mark a seat joined by phone (joined true) or no longer on the phone (false)."""
    room = actor.room
    _controller(room, actor)
    if not isinstance(joined, bool):
        raise ValidationFailed(_l("Say whether the person joined by phone."), code="bad_payload")
    seat = _target(room, participant_id)
    if seat.role == "mediator":
        raise ValidationFailed(_l("The mediator runs the room and cannot join by phone."))
    calling = seat.id in phone_seats(room.id)
    if calling == joined:
        message = (
            _l("This person is already marked as joined by phone.")
            if joined
            else _l("This person is not marked as joined by phone.")
        )
        raise Conflict(message, code="phone_unchanged")
    log_attendance(seat, "phone_join" if joined else "phone_leave", actor)
    livestate.changed(db.session(), room.id)
    record_event(
        "video.phone_joined" if joined else "video.phone_left",
        "video_room",
        room.id,
        participant=seat.id,
        actor=actor.id,
    )
    db.session.flush()
    return seat
