"""The VideoRoom requests the server makes: rooms, publishers, subscribers, the allowed list.

Every room is made with a secret (needed to edit, kick or destroy it), a pin (needed to join)
and an allowed list of join tokens (Janus itself refuses a join without one of them), all
known to the server only. Rooms are not permanent: a Janus restart loses them, and the server
makes them again when next needed.
"""

from mediation.video.sfu.identifiers import JanusRoom
from mediation.video.sfu.janus import JanusError, JanusSession

ROOM_EXISTS = 427
NO_SUCH_ROOM = 426
NO_SUCH_FEED = 428
# Up to this many people may publish in one place: a session's seats with room to spare.
PUBLISHERS = 16


def create_room(
    session: JanusSession, handle_id: int, room: JanusRoom, admin_key: str, allowed: list[str]
) -> bool:
    """Create a place's room with its secret, pin and allowed tokens; False if it existed."""
    try:
        session.request(
            handle_id,
            {
                "request": "create",
                "room": room.number,
                "admin_key": admin_key,
                "description": f"mediation {room.video_room_id} {room.place}",
                "secret": room.secret,
                "pin": room.pin,
                "allowed": allowed,
                "is_private": True,
                "publishers": PUBLISHERS,
                "notify_joining": False,
                "require_pvtid": True,
                "audiocodec": "opus",
                "videocodec": "vp8",
                "permanent": False,
            },
        )
    except JanusError as error:
        if error.code == ROOM_EXISTS:
            return False
        raise
    return True


def destroy_room(session: JanusSession, handle_id: int, room: JanusRoom) -> bool:
    """Destroy a place's room (everyone in it is hung up); False if it was not there."""
    try:
        session.request(
            handle_id,
            {"request": "destroy", "room": room.number, "secret": room.secret, "permanent": False},
        )
    except JanusError as error:
        if error.code == NO_SUCH_ROOM:
            return False
        raise
    return True


def set_allowed(
    session: JanusSession, handle_id: int, room: JanusRoom, add: list[str], remove: list[str]
) -> None:
    """Add tokens to a room's allowed list and take others off it."""
    for action, tokens in (("add", add), ("remove", remove)):
        if tokens:
            session.request(
                handle_id,
                {
                    "request": "allowed",
                    "room": room.number,
                    "secret": room.secret,
                    "action": action,
                    "allowed": tokens,
                },
            )


def _listed(session: JanusSession, handle_id: int, room: JanusRoom) -> list[dict]:
    """Janus's list of a room's participants ([] when the room is not there)."""
    try:
        data = session.request(
            handle_id, {"request": "listparticipants", "room": room.number, "secret": room.secret}
        )
    except JanusError as error:
        if error.code == NO_SUCH_ROOM:
            return []
        raise
    return data.get("participants", [])


def publishers(session: JanusSession, handle_id: int, room: JanusRoom) -> list[int]:
    """Return the feed ids publishing in a room now ([] when the room is not there)."""
    return [int(p["id"]) for p in _listed(session, handle_id, room) if p.get("publisher")]


def participants(session: JanusSession, handle_id: int, room: JanusRoom) -> list[int]:
    """Return every participant's id in a room, publishing or not."""
    return [int(p["id"]) for p in _listed(session, handle_id, room)]


def kick(session: JanusSession, handle_id: int, room: JanusRoom, feed: int) -> None:
    """Put a participant out of a room; one already gone is fine."""
    try:
        session.request(
            handle_id, {"request": "kick", "room": room.number, "secret": room.secret, "id": feed}
        )
    except JanusError as error:
        if error.code not in (NO_SUCH_ROOM, NO_SUCH_FEED):
            raise


def join_publisher(
    session: JanusSession, handle_id: int, room: JanusRoom, token: str, feed: int
) -> int:
    """Join a room as a publisher under a chosen feed id; return the private id Janus gave."""
    data, _jsep = session.message(
        handle_id,
        {
            "request": "join",
            "ptype": "publisher",
            "room": room.number,
            "pin": room.pin,
            "token": token,
            "id": feed,
        },
    )
    return int(data.get("private_id") or 0)


def publish(session: JanusSession, handle_id: int, offer: dict) -> dict:
    """Configure a joined publisher with the browser's offer; return Janus's answer."""
    _data, jsep = session.message(
        handle_id, {"request": "configure", "audio": True, "video": True}, jsep=offer
    )
    if jsep.get("type") != "answer":
        raise JanusError(0, "janus sent no answer")
    return {"type": "answer", "sdp": jsep["sdp"]}


def leave(session: JanusSession, handle_id: int) -> None:
    """Stop publishing and leave the room (the handle stays, to be detached)."""
    try:
        session.message(handle_id, {"request": "leave"})
    except JanusError:
        # Not in a room any more (kicked, or the room was destroyed): nothing to leave.
        pass


def subscribe(
    session: JanusSession,
    handle_id: int,
    room: JanusRoom,
    token: str,
    private_id: int,
    feeds: list[int],
) -> dict:
    """Join a room as a subscriber to some feeds; return Janus's offer for them."""
    _data, jsep = session.message(
        handle_id,
        {
            "request": "join",
            "ptype": "subscriber",
            "room": room.number,
            "pin": room.pin,
            "token": token,
            "private_id": private_id,
            "use_msid": True,
            "streams": [{"feed": feed} for feed in feeds],
        },
    )
    if jsep.get("type") != "offer":
        raise JanusError(0, "janus sent no offer")
    return {"type": "offer", "sdp": jsep["sdp"]}


def start(session: JanusSession, handle_id: int, answer: dict) -> None:
    """Start a subscription with the browser's answer to Janus's offer."""
    session.message(handle_id, {"request": "start"}, jsep=answer)


def record(session: JanusSession, handle_id: int, room: JanusRoom, rec_dir: str | None) -> bool:
    """Record every publisher of a room into `rec_dir`, or stop with None; False if no room.

    The folder is set first, so the files of one recording never join another's.
    """
    try:
        if rec_dir is not None:
            session.request(
                handle_id,
                {
                    "request": "edit",
                    "room": room.number,
                    "secret": room.secret,
                    "new_rec_dir": rec_dir,
                    "permanent": False,
                },
            )
        session.request(
            handle_id,
            {
                "request": "enable_recording",
                "room": room.number,
                "secret": room.secret,
                "record": rec_dir is not None,
            },
        )
    except JanusError as error:
        if error.code == NO_SUCH_ROOM:
            return False
        raise
    return True
