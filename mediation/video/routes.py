"""Pages: the join page a participant reaches by link, the mediator's console, attendance."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.accounts.models import Role
from mediation.core.auth import roles_required
from mediation.core.db import utcnow
from mediation.core.errors import DomainError, NotFound
from mediation.extensions import db, socketio
from mediation.scheduling.access import find_session
from mediation.video import access, operations, permissions, relay_notice, sessions
from mediation.video.links import join_token, join_url, participant_from_token
from mediation.video.namespace import NAMESPACE
from mediation.video.recording_access import playable_recordings

bp = Blueprint("video", __name__, url_prefix="/video")
MANAGERS = (Role.MEDIATOR, Role.COORDINATOR, Role.ADMIN)
# Scheduling's session page shows the room through this, without scheduling importing video.
bp.app_template_global("video_panel")(sessions.panel)
# Administrators hear when calls would lack STUN/TURN: in the log at start-up, on admin pages.
bp.record_once(relay_notice.check_at_start)
bp.app_template_global("ice_warning")(relay_notice.ice_warning)


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
    room = access.find_room(current_user, room_id)
    seat = operations.mediator_seat(room, current_user)
    return _room_page(seat, join_token(seat), console=True)


def _managed_room(room_id: int):
    room = access.find_room(current_user, room_id)
    if not access.manages_room(current_user, room):
        raise NotFound(_l("There is no such video room."))
    return room


def _attendance_page(room):
    links, reissuable = {}, set()
    if room.state != "ended":
        for seat in room.participants:
            if access.may_see_link(current_user, seat):
                links[seat.id] = join_url(seat)
            if access.may_reissue(current_user, seat):
                reissuable.add(seat.id)
    return render_template(
        "video/attendance.html",
        room=room,
        report=operations.attendance_report(room),
        links=links,
        reissuable=reissuable,
        recordings=playable_recordings(current_user, room),
    )


@bp.get("/rooms/<int:room_id>/attendance")
@roles_required(*MANAGERS)
def attendance(room_id: int):
    """Who attended; the links the viewer may hand out, and a way to withdraw any of them."""
    return _attendance_page(_managed_room(room_id))


@bp.get("/sessions/<int:session_id>")
@roles_required(*MANAGERS)
def for_session(session_id: int):
    session = find_session(current_user, session_id)
    room = operations.room_for_session(session.id)
    if room is None:
        raise NotFound(_l("There is no such video room."))
    return attendance(room.id)


@bp.post("/rooms/<int:room_id>/participants/<int:participant_id>/link")
@roles_required(*MANAGERS)
def reissue(room_id: int, participant_id: int):
    """Withdraw one participant's join link (a leaked one stops working) and issue a new one."""
    room = _managed_room(room_id)
    seat = operations.find_seat(room, participant_id)
    if not access.may_reissue(current_user, seat):
        raise NotFound(_l("There is no such participant in this room."))
    sid = operations.reissue_link(seat, current_user)
    db.session.commit()
    if sid is not None:
        socketio.emit(
            "replaced",
            {"message": _("Your join link was replaced; open the new one.")},
            to=sid,
            namespace=NAMESPACE,
        )
        socketio.server.disconnect(sid, namespace=NAMESPACE)
    flash(_("The old link no longer works; hand out the new one."), "success")
    return redirect(url_for("video.attendance", room_id=room.id)), 303
