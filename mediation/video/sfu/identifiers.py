"""The Janus identifiers of a video session's places, derived, never stored, never sent out.

Each place but the lobby has one VideoRoom room. Its number, secret and pin, each seat's join
token there and each connection's feed id are HMACs of the app's SECRET_KEY over what they
name, so every server process arrives at the same values without a table or a Redis key to
keep them in, and nobody without the key can guess one. The browsers see only `feed_label`, an
opaque name for a connection's feed in one place: it changes with the place and the connection,
so a label seen in one place names nothing in another.
"""

import hashlib
import hmac
from dataclasses import dataclass

from mediation.video.permissions import CAUCUSES, JOINT

# The places that have a room in Janus; the lobby has none.
SFU_PLACES = (JOINT, *CAUCUSES)
# Janus takes numeric ids as JSON numbers: keep them within a double's exact integers.
ID_BITS = 52


@dataclass(frozen=True)
class JanusRoom:
    video_room_id: int
    place: str
    number: int
    secret: str
    pin: str


def _mac(key: str, *parts: object) -> bytes:
    message = "\x1f".join(str(p) for p in ("sfu", *parts)).encode()
    return hmac.new(key.encode(), message, hashlib.sha256).digest()


def _number(digest: bytes) -> int:
    return int.from_bytes(digest[:8], "big") % (2**ID_BITS - 1) + 1


def janus_room(key: str, video_room_id: int, place: str) -> JanusRoom:
    """Return the Janus room of one place of a video session."""
    if place not in SFU_PLACES:
        raise ValueError(f"{place!r} has no room in Janus")
    return JanusRoom(
        video_room_id,
        place,
        _number(_mac(key, "room", video_room_id, place)),
        _mac(key, "secret", video_room_id, place).hex(),
        _mac(key, "pin", video_room_id, place).hex()[:24],
    )


def seat_token(key: str, room: JanusRoom, seat_id: int) -> str:
    """Return the token a seat joins one place's room with (in its `allowed` list)."""
    return _mac(key, "token", room.video_room_id, room.place, seat_id).hex()


def janus_feed(key: str, room: JanusRoom, seat_id: int, since: str | None) -> int:
    """Return the feed id a connection publishes under in one place's room."""
    return _number(_mac(key, "feed", room.video_room_id, room.place, seat_id, since))


def feed_label(key: str, room: JanusRoom, seat_id: int, since: str | None) -> str:
    """Return the opaque name the browsers know that feed by."""
    return "f" + _mac(key, "label", room.video_room_id, room.place, seat_id, since).hex()[:20]


def has_room(place: str | None) -> bool:
    return place in SFU_PLACES
