"""Pages: the join page a participant reaches by link, and the mediator's console."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from mediation.accounts.models import Role
from mediation.core.auth import roles_required
from mediation.core.db import utcnow
from mediation.core.errors import DomainError
from mediation.video import operations, permissions
from mediation.video.links import join_token, join_url, participant_from_token

bp = Blueprint("video", __name__, url_prefix="/video")


def _room_page(seat, token: str, console: bool):
    room = seat.room
    now = utcnow()
    return render_template(
        "video/room.html",
        seat=seat,
        room=room,
        token=token,
        console=console,
        not_yet=now < room.opens_at,
        closed=room.state == "ended" or now > room.closes_at,
        places=permissions.PLACES,
    )


@bp.get("/join/<token>")
def join(token: str):
    try:
        seat = participant_from_token(token)
    except DomainError as error:
        return render_template("video/link_problem.html", message=str(error)), error.status
    return _room_page(seat, token, console=seat.role == "mediator")


@bp.get("/rooms")
@roles_required(Role.MEDIATOR)
def my_rooms():
    """The mediator's rooms that have not ended, soonest first, each with its console."""
    return render_template("video/my_rooms.html", rooms=operations.rooms_of(current_user, utcnow()))


@bp.get("/rooms/<int:room_id>/console")
@roles_required(Role.MEDIATOR)
def console(room_id: int):
    room = operations.get_room(room_id)
    seat = operations.mediator_seat(room, current_user)
    return _room_page(seat, join_token(seat), console=True)


@bp.get("/rooms/<int:room_id>/attendance")
@roles_required(Role.MEDIATOR, Role.COORDINATOR, Role.ADMIN)
def attendance(room_id: int):
    room = operations.get_room(room_id)
    if current_user.role == Role.MEDIATOR:
        operations.mediator_seat(room, current_user)
    links = None
    if room.state != "ended":
        links = {s.id: join_url(s) for s in room.participants if not s.removed}
    return render_template(
        "video/attendance.html",
        room=room,
        report=operations.attendance_report(room),
        links=links,
    )


@bp.get("/sessions/<int:session_id>")
@roles_required(Role.MEDIATOR, Role.COORDINATOR, Role.ADMIN)
def for_session(session_id: int):
    room = operations.room_for_session(session_id)
    if room is None:
        abort(404)
    return attendance(room.id)
