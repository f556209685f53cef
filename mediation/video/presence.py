"""Live operations on a room: connections, moves, chat, consent. They flush, never commit.

Where each person is and which connection is theirs live in the database rows, so every server
process decides from the same facts; every change marks its room (mediation.video.livestate) so
each process's relay copy is reloaded after the commit.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from mediation.core.audit import record_event
from mediation.core.db import MAX_ROW_ID, utcnow
from mediation.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mediation.extensions import db
from mediation.video import hooks, livestate
from mediation.video import permissions as rules
from mediation.video.models import (
    AttendanceEvent,
    ChatMessage,
    RecordingConsent,
    RoomParticipant,
    VideoRoom,
)

CHAT_MAX = 1000


def member(seat: RoomParticipant) -> rules.Member:
    since = seat.connected_at.isoformat() if seat.connected_at and seat.sid else None
    return rules.Member(
        seat.id, seat.role, seat.side, seat.place, seat.sid is not None, seat.display_name, since
    )


def seats(room_id: int) -> list[RoomParticipant]:
    query = select(RoomParticipant).where(
        RoomParticipant.room_id == room_id, RoomParticipant.removed.is_(False)
    )
    return list(db.session.scalars(query.order_by(RoomParticipant.id)))


def live_members(room_id: int) -> list[tuple[rules.Member, str | None]]:
    """Return (member, connection id) for a room in one light query: the relay's hot path."""
    rows = db.session.execute(
        select(
            RoomParticipant.id,
            RoomParticipant.role,
            RoomParticipant.side,
            RoomParticipant.place,
            RoomParticipant.sid,
            RoomParticipant.display_name,
            RoomParticipant.connected_at,
        ).where(RoomParticipant.room_id == room_id, RoomParticipant.removed.is_(False))
    )
    return [
        (rules.Member(i, r, s, p, sid is not None, n, at.isoformat() if at and sid else None), sid)
        for i, r, s, p, sid, n, at in rows
    ]


def log_attendance(seat: RoomParticipant, kind: str, actor: RoomParticipant | None = None) -> None:
    db.session.add(
        AttendanceEvent(
            room_id=seat.room_id,
            participant_id=seat.id,
            kind=kind,
            place=seat.place,
            actor_id=actor.id if actor else None,
            at=utcnow(),
        )
    )


def check_open(room: VideoRoom, now: datetime) -> None:
    if room.state == "ended" or now > room.closes_at:
        raise Forbidden(_l("This video room has closed."), code="room_closed")
    if now < room.opens_at:
        raise Forbidden(
            _l("The room opens at %(time)s."),
            code="room_not_open",
            params={"time": room.opens_at.isoformat()},
            opens_at=room.opens_at.isoformat(),
        )


def connect_seat(seat: RoomParticipant, sid: str, now: datetime | None = None) -> str | None:
    """Make sid this participant's connection and place them; return the connection replaced."""
    now = now or utcnow()
    check_open(seat.room, now)
    previous = seat.sid
    if previous is not None:
        log_attendance(seat, "leave")
    seat.place = rules.first_place(seat.role, seat.place)
    seat.sid = sid
    seat.connected_at = now
    log_attendance(seat, "join")
    livestate.changed(db.session, seat.room_id)
    db.session.flush()
    _maybe_start(seat.room)
    return previous


def disconnect_seat(sid: str) -> RoomParticipant | None:
    """Forget a closed connection, unless a newer one has already replaced it."""
    seat = db.session.scalar(select(RoomParticipant).where(RoomParticipant.sid == sid))
    if seat is None:
        return None
    # Conditional, so a replacing connection that won the race is never cleared.
    result = db.session.execute(
        update(RoomParticipant)
        .where(RoomParticipant.id == seat.id, RoomParticipant.sid == sid)
        .values(sid=None)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(seat)
    if result.rowcount:
        log_attendance(seat, "leave")
        livestate.changed(db.session, seat.room_id)
    db.session.flush()
    return seat


def _controller(room: VideoRoom, actor: RoomParticipant) -> None:
    if room.state == "ended":
        raise Conflict(_l("This video room has ended."), code="room_ended")
    if not rules.can_control(member(actor)):
        raise Forbidden(_l("Only the mediator can do this."), code="not_mediator")


def _target(room: VideoRoom, participant_id: object) -> RoomParticipant:
    seat = (
        db.session.get(RoomParticipant, participant_id)
        if type(participant_id) is int and 0 < participant_id <= MAX_ROW_ID
        else None
    )
    if seat is None or seat.room_id != room.id or seat.removed:
        raise NotFound(_l("That person is not in this room."), code="no_participant")
    return seat


def move_seat(actor: RoomParticipant, participant_id: object, place: object, kind: str) -> None:
    """Move one participant to a place (admit, back to the lobby, or between rooms)."""
    room = actor.room
    _controller(room, actor)
    seat = _target(room, participant_id)
    if not isinstance(place, str) or not rules.place_allowed(member(seat), place):
        raise ValidationFailed(
            _l("That person cannot go there."), fields={"place": [_l("Not allowed.")]}
        )
    if seat.role == "mediator" and place == rules.LOBBY:
        raise ValidationFailed(_l("The mediator cannot be sent to the lobby."))
    if seat.place == place:
        return
    seat.place = place
    log_attendance(seat, kind, actor)
    livestate.changed(db.session, room.id)
    record_event(f"video.{kind}", "video_room", room.id, participant=seat.id, place=place)
    db.session.flush()
    _maybe_start(room)


def apply_moves(actor: RoomParticipant, moves: dict[int, str], kind: str) -> None:
    """Carry out several moves decided by the rules (open a caucus, bring everyone back)."""
    room = actor.room
    _controller(room, actor)
    for seat in room.participants:
        place = moves.get(seat.id)
        if place and seat.place != place and not seat.removed:
            seat.place = place
            log_attendance(seat, kind, actor)
    livestate.changed(db.session, room.id)
    record_event(
        f"video.{kind}", "video_room", room.id, moves={str(k): v for k, v in moves.items()}
    )
    db.session.flush()


def remove_seat(actor: RoomParticipant, participant_id: object) -> str | None:
    """Take someone out of the room and withdraw their link; return their connection."""
    room = actor.room
    _controller(room, actor)
    seat = _target(room, participant_id)
    if seat.id == actor.id:
        raise ValidationFailed(_l("The mediator cannot remove themselves; end the room instead."))
    sid = seat.sid
    log_attendance(seat, "remove", actor)
    if sid is not None:
        log_attendance(seat, "leave", actor)
    seat.removed = True
    seat.withdraw_links()
    seat.sid = None
    seat.place = None
    livestate.changed(db.session, room.id)
    record_event("video.removed", "video_room", room.id, participant=seat.id)
    db.session.flush()
    return sid


def end_room(actor: RoomParticipant) -> list[str]:
    """End the room for everyone; return the connections to close."""
    room = actor.room
    _controller(room, actor)
    now = utcnow()
    sids = []
    for seat in room.participants:
        if seat.sid is not None:
            sids.append(seat.sid)
            log_attendance(seat, "leave", actor)
            seat.sid = None
    room.state = "ended"
    room.ended_at = now
    room.recording = False
    livestate.changed(db.session, room.id)
    record_event("video.room_ended", "video_room", room.id, session_id=room.session_id)
    hooks.room_ended(room)
    db.session.flush()
    return sids


def _maybe_start(room: VideoRoom) -> None:
    """Start the room when an admitted party first shares a place with the mediator."""
    if room.state != "waiting":
        return
    members = [member(s) for s in room.participants if not s.removed]
    mediators = [m for m in members if m.is_mediator and m.online]
    for m in members:
        if m.role == "party" and any(rules.can_signal(m, x) for x in mediators):
            room.state = "started"
            room.started_at = utcnow()
            record_event("video.room_started", "video_room", room.id, session_id=room.session_id)
            hooks.room_started(room)
            db.session.flush()
            return


def post_chat(sender: RoomParticipant, body: object) -> ChatMessage:
    """Keep a chat line for those now in the sender's place."""
    if not isinstance(body, str) or not body.strip() or len(body) > CHAT_MAX:
        raise ValidationFailed(
            _l("A message is 1 to %(n)s characters."), params={"n": CHAT_MAX}, code="bad_chat"
        )
    if sender.place in (None, rules.LOBBY):
        raise Forbidden(_l("Chat opens once you are admitted."), code="in_lobby")
    audience = [s.id for s in seats(sender.room_id) if s.sid and s.place == sender.place]
    message = ChatMessage(
        room_id=sender.room_id,
        sender_id=sender.id,
        place=sender.place,
        body=body.strip(),
        audience=audience,
        sent_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    return message


def chat_history(seat: RoomParticipant, limit: int = 200) -> list[ChatMessage]:
    """Return the chat lines this participant was there to read."""
    query = select(ChatMessage).where(ChatMessage.room_id == seat.room_id).order_by(ChatMessage.id)
    return [m for m in db.session.scalars(query) if seat.id in (m.audience or [])][-limit:]


def consents(room_id: int) -> dict[int, bool]:
    """Return each participant's latest yes or no to recording."""
    rows = db.session.scalars(
        select(RecordingConsent)
        .where(RecordingConsent.room_id == room_id)
        .order_by(RecordingConsent.id)
    )
    return {row.participant_id: row.consent for row in rows}


def record_consent(seat: RoomParticipant, consent: object) -> bool:
    """Log a yes or no; a no while recording stops the recording. Return whether it stopped."""
    if not isinstance(consent, bool):
        raise ValidationFailed(_l("Answer yes or no."), code="bad_consent")
    db.session.add(
        RecordingConsent(room_id=seat.room_id, participant_id=seat.id, consent=consent, at=utcnow())
    )
    record_event("video.consent", "video_room", seat.room_id, participant=seat.id, consent=consent)
    stopped = not consent and seat.room.recording
    if stopped:
        seat.room.recording = False
        record_event("video.recording_stopped", "video_room", seat.room_id, reason="consent")
    db.session.flush()
    return stopped


def set_recording(actor: RoomParticipant, active: object) -> None:
    """Let the mediator start local recording only when everyone present said yes."""
    room = actor.room
    _controller(room, actor)
    if not isinstance(active, bool):
        raise ValidationFailed(_l("Say whether recording starts or stops."), code="bad_recording")
    if active:
        members = [member(s) for s in room.participants if not s.removed]
        if not rules.may_record(member(actor), members, consents(room.id)):
            raise Forbidden(
                _l("Everyone present must agree to recording first."), code="no_consent"
            )
    room.recording = active
    action = "video.recording_started" if active else "video.recording_stopped"
    record_event(action, "video_room", room.id, participant=actor.id)
    db.session.flush()
