"""Room versions: when a process must reload a room's membership before relaying.

The relay decides from a per-process copy of each room's members (who is where, and which
connection is whose). Every change to membership marks its room in the database session; when
that session commits, the room's version goes up in this process and, with ``REDIS_URL``, a
message on a Redis channel raises it in every other process too. A relay whose copy carries an
older version reloads the room once; otherwise it touches neither the database nor Redis.

Nothing is stored in Redis: a process that loses its subscription treats every room as changed
once it subscribes again.
"""

import logging
import time

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

CHANNEL = "mediation:video:rooms"
_PENDING = "video_rooms_changed"

log = logging.getLogger(__name__)
_versions: dict[int, int] = {}
# Raised whenever this process may have missed messages: every cached room is then stale.
_epoch = [0]
_publishers: dict[str, object] = {}


def version(room_id: int) -> tuple[int, int]:
    """Return the version a cached copy of a room must carry to be current."""
    return _epoch[0], _versions.get(room_id, 0)


def bump(room_ids) -> None:
    for room_id in room_ids:
        _versions[room_id] = _versions.get(room_id, 0) + 1


def bump_all() -> None:
    _epoch[0] += 1


def changed(session: Session, room_id: int) -> None:
    """Note that a room's membership changes when this session commits."""
    session.info.setdefault(_PENDING, set()).add(room_id)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    rooms = session.info.pop(_PENDING, None)
    if not rooms:
        return
    bump(rooms)
    url = current_app.config.get("REDIS_URL") if has_app_context() else None
    if url:
        _publish(url, rooms)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _publish(url: str, rooms) -> None:
    import redis

    try:
        client = _publishers.get(url)
        if client is None:
            client = _publishers[url] = redis.Redis.from_url(url)
        client.publish(CHANNEL, ",".join(str(r) for r in sorted(rooms)))
    except redis.RedisError:
        # Other processes cannot be told; they reload when their subscription recovers.
        log.exception("could not publish a room change")


def listen(url: str, stop=None) -> None:
    """Raise room versions as other processes announce changes; run as a background task."""
    import redis

    while stop is None or not stop.is_set():
        try:
            pubsub = redis.Redis.from_url(url).pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(CHANNEL)
            bump_all()
            for message in pubsub.listen():
                data = message.get("data")
                if isinstance(data, bytes):
                    bump(int(part) for part in data.split(b",") if part.isdigit())
        except (redis.RedisError, OSError):
            log.warning("room change subscription lost; resubscribing", exc_info=True)
        bump_all()
        time.sleep(1)
