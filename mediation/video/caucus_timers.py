"""Caucus timers in the database: set, extend, clear, and the sweep that ends them. Flush only.

Every server process may sweep; a timer's end and its warning are each claimed with a
conditional write, so only one process acts on them.
"""

from datetime import datetime
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, delete, select, update

from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, ValidationFailed
from mediation.extensions import db
from mediation.video import caucus, livestate
from mediation.video.models import CaucusTimer, RoomParticipant, VideoRoom
from mediation.video.presence import _controller, log_attendance, member, seats

REFUSALS = {
    "bad_minutes": _l("A caucus timer runs 1 to 60 minutes."),
    "bad_place": _l("Choose a private room for the timer."),
    "caucus_empty": _l("Nobody is in that private room."),
    "no_timer": _l("That private room has no timer running."),
    "too_long": _l("A caucus cannot be extended beyond two hours."),
}


def now() -> datetime:
    """Return the instant every timer decision is taken at (the one clock tests pin)."""
    return utcnow()


def _plain(row: CaucusTimer) -> caucus.Timer:
    return caucus.Timer(row.place, row.started_at, row.ends_at)


def _refused(error: caucus.TimerRefused) -> ValidationFailed | Conflict:
    message = REFUSALS[error.code]
    if error.code in ("no_timer", "caucus_empty"):
        return Conflict(message, code=error.code)
    return ValidationFailed(message, code=error.code, fields={"minutes": [message]})


def timer_rows(room_id: int) -> dict[str, CaucusTimer]:
    rows = db.session.scalars(select(CaucusTimer).where(CaucusTimer.room_id == room_id))
    return {row.place: row for row in rows}


def timers(room_id: int) -> dict[str, caucus.Timer]:
    """Return the running timers of a room by place."""
    return {place: _plain(row) for place, row in timer_rows(room_id).items()}


def set_timer(actor: RoomParticipant, place: object, minutes: object, at: datetime) -> caucus.Timer:
    """Give a caucus a timer of so many minutes from now, replacing any it had."""
    room = actor.room
    _controller(room, actor)
    try:
        timer = caucus.set_timer(place, minutes, [member(s) for s in seats(room.id)], at)
    except caucus.TimerRefused as error:
        raise _refused(error) from None
    row = timer_rows(room.id).get(timer.place)
    if row is None:
        row = CaucusTimer(room_id=room.id, place=timer.place)
        db.session.add(row)
    row.started_at, row.ends_at, row.warned_at = timer.started_at, timer.ends_at, None
    livestate.changed(db.session(), room.id)
    record_event(
        "video.caucus_timer_set",
        "video_room",
        room.id,
        place=timer.place,
        minutes=minutes,
        ends_at=timer.ends_at.isoformat(),
    )
    db.session.flush()
    return timer


def extend_timer(
    actor: RoomParticipant, place: object, minutes: object, at: datetime
) -> caucus.Timer:
    """Add minutes to a caucus's running timer."""
    room = actor.room
    _controller(room, actor)
    row = timer_rows(room.id).get(place) if isinstance(place, str) else None
    if row is None:
        raise _refused(caucus.TimerRefused("no_timer"))
    try:
        timer = caucus.extend_timer(_plain(row), minutes, at)
    except caucus.TimerRefused as error:
        raise _refused(error) from None
    row.ends_at = timer.ends_at
    if timer.warn_at > at:
        row.warned_at = None
    livestate.changed(db.session(), room.id)
    record_event(
        "video.caucus_timer_extended",
        "video_room",
        room.id,
        place=timer.place,
        minutes=minutes,
        ends_at=timer.ends_at.isoformat(),
    )
    db.session.flush()
    return timer


def clear_timer(actor: RoomParticipant, place: object) -> None:
    """Stop a caucus's timer; the caucus goes on untimed."""
    room = actor.room
    _controller(room, actor)
    row = timer_rows(room.id).get(place) if isinstance(place, str) else None
    if row is None:
        raise _refused(caucus.TimerRefused("no_timer"))
    db.session.delete(row)
    livestate.changed(db.session(), room.id)
    record_event("video.caucus_timer_cleared", "video_room", room.id, place=row.place)
    db.session.flush()


def drop_abandoned(room: VideoRoom) -> None:
    """Remove the timers of caucuses nobody is in any more."""
    rows = timer_rows(room.id)
    members = [member(s) for s in seats(room.id)]
    for place in caucus.abandoned({p: _plain(r) for p, r in rows.items()}, members):
        db.session.delete(rows[place])
        livestate.changed(db.session(), room.id)
    db.session.flush()


def _changed_rows(statement: Any) -> int:
    """Run a conditional write; return how many rows it changed (0: another process won)."""
    return cast(CursorResult, db.session.execute(statement)).rowcount


def claim_warnings(at: datetime) -> list[tuple[int, caucus.Timer]]:
    """Claim the warnings now due; return (room id, timer) for each this process claimed."""
    candidates = db.session.scalars(
        select(CaucusTimer).where(CaucusTimer.warned_at.is_(None), CaucusTimer.ends_at > at)
    ).all()
    claimed = []
    for row in candidates:
        if not caucus.warnings_due([_plain(row)], at):
            continue
        won = _changed_rows(
            update(CaucusTimer)
            .where(CaucusTimer.id == row.id, CaucusTimer.warned_at.is_(None))
            .values(warned_at=at)
            .execution_options(synchronize_session=False)
        )
        if won:
            claimed.append((row.room_id, _plain(row)))
    db.session.flush()
    return claimed


def expire_due(at: datetime) -> list[tuple[int, str, list[int]]]:
    """End every timer that has run out: its caucus goes back to the joint room.

    Return (room id, place, who was moved) for each timer this process ended.
    """
    rows = db.session.scalars(select(CaucusTimer).where(CaucusTimer.ends_at <= at)).all()
    ended = []
    for row in rows:
        room_id, place, ends_at = row.room_id, row.place, row.ends_at
        won = _changed_rows(
            delete(CaucusTimer)
            .where(CaucusTimer.id == row.id, CaucusTimer.ends_at == ends_at)
            .execution_options(synchronize_session=False)
        )
        db.session.expunge(row)
        if not won:
            continue
        room = db.session.get(VideoRoom, room_id)
        if room is None or room.state == "ended":
            continue
        everyone = seats(room_id)
        moves = caucus.expiry_moves(place, [member(s) for s in everyone])
        for seat in everyone:
            if seat.id in moves:
                seat.place = moves[seat.id]
                log_attendance(seat, "timer")
        livestate.changed(db.session(), room_id)
        record_event(
            "video.caucus_timer_expired",
            "video_room",
            room_id,
            place=place,
            moves={str(k): v for k, v in moves.items()},
        )
        ended.append((room_id, place, sorted(moves)))
    db.session.flush()
    return ended
