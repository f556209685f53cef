"""Who may see a video room, manage it, and be shown which of its join links."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from mediation.accounts.models import Role, User
from mediation.core.errors import NotFound
from mediation.disputes.access import visible_disputes
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.scheduling.access import visible_sessions
from mediation.scheduling.models import MediationSession
from mediation.video.models import RoomParticipant, VideoRoom


def visible_rooms(user: User) -> Select:
    """Return a query of the rooms of the sessions the user may see."""
    sessions = visible_sessions(user).with_only_columns(MediationSession.id).scalar_subquery()
    return select(VideoRoom).where(VideoRoom.session_id.in_(sessions))


def find_room(user: User, room_id: int) -> VideoRoom:
    """Return a room the user may see; anything else is a 404 that tells nothing."""
    room = db.session.scalar(visible_rooms(user).where(VideoRoom.id == room_id))
    if room is None:
        raise NotFound(_l("There is no such video room."))
    return room


def mediator_seat_of(room: VideoRoom, user: User) -> RoomParticipant | None:
    """Return the user's live mediator seat in the room, if they mediate it."""
    for seat in room.participants:
        if seat.role == "mediator" and seat.user_id == user.id and not seat.removed:
            return seat
    return None


def is_case_staff(user: User, room: VideoRoom) -> bool:
    """Tell whether the user is staff (coordinator, admin) whose scope holds the room's case."""
    if user.role not in (Role.COORDINATOR, Role.ADMIN):
        return False
    session = db.session.get(MediationSession, room.session_id)
    if session is None:
        return False
    query = visible_disputes(user).where(Dispute.id == session.dispute_id)
    return db.session.scalar(query.with_only_columns(Dispute.id)) is not None


def manages_room(user: User, room: VideoRoom) -> bool:
    """The room's mediator and the staff over its case see attendance and re-issue links."""
    return mediator_seat_of(room, user) is not None or is_case_staff(user, room)


def may_see_link(user: User, seat: RoomParticipant) -> bool:
    """A link is shown to its holder; a party's also to the mediator and the case's staff.

    The mediator's link opens the console, so nobody but the mediator is ever shown it.
    """
    if seat.removed:
        return False
    if seat.user_id is not None and seat.user_id == user.id:
        return True
    if seat.role == "mediator":
        return False
    return manages_room(user, seat.room)


def may_reissue(user: User, seat: RoomParticipant) -> bool:
    """The room's mediator and the staff over its case may withdraw a link and issue a new one."""
    return not seat.removed and manages_room(user, seat.room)
