"""/api/v1: slots, sessions (book, move, cancel, status, invitation), availability, rooms, feed."""

from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.api.spec import file_response
from mediation.core.audit import events_for
from mediation.core.auth import api_user, load_api_user, require_roles
from mediation.core.errors import NotFound
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.schemas import HistoryEventSchema
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.scheduling import availability, feeds, operations
from mediation.scheduling.access import find_session
from mediation.scheduling.ical import ics_response
from mediation.scheduling.schemas import (
    AvailabilityInSchema,
    AvailabilityOutSchema,
    BookingInSchema,
    CancelInSchema,
    FeedOutSchema,
    RescheduleInSchema,
    RoomInSchema,
    RoomOutSchema,
    SessionOutSchema,
    SlotQuerySchema,
    SlotSchema,
    StatusInSchema,
)

blp = Blueprint("api_scheduling", __name__, description="Scheduling")
blp.before_request(load_api_user)
SECURITY = [{"bearerAuth": []}]


@blp.route("/disputes/<code>/slots", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.arguments(SlotQuerySchema, location="query")
@blp.response(200, SlotSchema(many=True))
def free_slots(args: dict, code: str):
    """The free slots of the dispute's mediator (and a room), earliest first."""
    return operations.free_slots_for(find_visible(api_user(), code), args["room_id"])


@blp.route("/disputes/<code>/sessions", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(BookingInSchema)
@blp.response(201, SessionOutSchema)
def book(data: dict, code: str):
    """Book a session; a time taken meanwhile gets 409 with the slots still free."""
    user = api_user()
    dispute = find_visible(user, code)
    session = operations.book_session(
        dispute,
        data["start"],
        data["end"],
        data["mode"],
        data["room_id"],
        actors_for(user, dispute),
        user,
    )
    db.session.commit()
    return session


@blp.route("/sessions/<int:session_id>", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, SessionOutSchema)
def read(session_id: int):
    """Read one session."""
    return find_session(api_user(), session_id)


@blp.route("/sessions/<int:session_id>/history", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, HistoryEventSchema(many=True))
def history(session_id: int):
    """The audit events of one session, oldest first."""
    return events_for("session", find_session(api_user(), session_id).id)


def _actors(session):
    return actors_for(api_user(), session.dispute)


@blp.route("/sessions/<int:session_id>/reschedule", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(RescheduleInSchema)
@blp.response(200, SessionOutSchema)
def reschedule(data: dict, session_id: int):
    """Move a session, with a reason."""
    session = find_session(api_user(), session_id)
    operations.reschedule_session(
        session, data["start"], data["end"], data["reason"], _actors(session), api_user()
    )
    db.session.commit()
    return session


@blp.route("/sessions/<int:session_id>/cancel", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(CancelInSchema)
@blp.response(200, SessionOutSchema)
def cancel(data: dict, session_id: int):
    """Cancel a session, with a reason."""
    session = find_session(api_user(), session_id)
    operations.cancel_session(session, data["reason"], _actors(session), api_user())
    db.session.commit()
    return session


@blp.route("/sessions/<int:session_id>/status", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(StatusInSchema)
@blp.response(200, SessionOutSchema)
def set_status(data: dict, session_id: int):
    """Mark a session in progress, completed or a no-show."""
    session = find_session(api_user(), session_id)
    operations.set_session_status(
        session, data["status"], _actors(session), api_user(), data["reason"]
    )
    db.session.commit()
    return session


@blp.route("/sessions/<int:session_id>/invite.ics", methods=["GET"])
@blp.doc(security=SECURITY, responses=file_response("text/calendar", "The invitation (iCalendar)"))
def invitation(session_id: int):
    """The session's invitation (METHOD:REQUEST, or CANCEL once cancelled)."""
    session = find_session(api_user(), session_id)
    return ics_response(session)


def _my_mediator() -> Mediator:
    mediator = db.session.scalar(select(Mediator).where(Mediator.user_id == api_user().id))
    if mediator is None:
        raise NotFound(_l("You are not a mediator."))
    return mediator


@blp.route("/availability", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, AvailabilityOutSchema)
def read_availability():
    """Your weekly hours and booking rules (mediators)."""
    return availability.availability_of(_my_mediator())


@blp.route("/availability", methods=["PUT"])
@blp.doc(security=SECURITY)
@blp.arguments(AvailabilityInSchema)
@blp.response(200, AvailabilityOutSchema)
def save_availability(data: dict):
    """Replace your weekly hours and booking rules (mediators)."""
    saved = availability.save_availability(_my_mediator(), data, api_user())
    db.session.commit()
    return saved


@blp.route("/rooms", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, RoomOutSchema(many=True))
def list_rooms():
    """The active mediation rooms of your organisation and those below it."""
    return availability.rooms_for(api_user())


@blp.route("/rooms", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(RoomInSchema)
@blp.response(201, RoomOutSchema)
def add_room(data: dict):
    """Register a mediation room at a station or the centre (staff)."""
    require_roles(api_user(), Role.COORDINATOR, Role.ADMIN)
    room = availability.add_room(
        data["organisation_id"], data["name"], data["capacity"], api_user()
    )
    db.session.commit()
    return room


@blp.route("/calendar-feed", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.response(201, FeedOutSchema)
def new_feed():
    """Issue your private calendar feed address; any earlier address stops working."""
    feed = feeds.renew_feed(api_user())
    db.session.commit()
    return {"url": feeds.feed_url(feed)}
