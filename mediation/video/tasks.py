"""Scheduled work: end the rooms whose closing time has passed; expire old recordings."""

from flask_babel import gettext as _

from mediation.core.db import utcnow
from mediation.core.scheduler import periodic
from mediation.extensions import db, socketio
from mediation.video import recordings, sessions
from mediation.video.namespace import NAMESPACE


@periodic("video.close_rooms", seconds=60)
def close_expired_rooms() -> dict[str, int]:
    """End rooms past their closing time and tell anyone still connected.

    The connections live in the server processes: with ``REDIS_URL`` the message queue carries
    the notice and the disconnect to them; without it, a person still there is refused at their
    next message.
    """
    open_sids = sessions.end_expired_rooms()
    db.session.commit()
    for sid in open_sids:
        socketio.emit(
            "ended", {"message": _("This video room has closed.")}, namespace=NAMESPACE, to=sid
        )
        if socketio.server is not None:
            socketio.server.disconnect(sid, namespace=NAMESPACE)
    return {"closed_connections": len(open_sids)}


@periodic("video.expire_recordings", seconds=3600)
def expire_recordings() -> dict[str, int]:
    """Remove recordings past RECORDING_RETENTION_DAYS, and cut short those left open."""
    now = utcnow()
    abandoned = recordings.abandon_stale(now)
    expired = recordings.expire_recordings(now)
    db.session.commit()
    return {"expired": expired, "abandoned": abandoned}
