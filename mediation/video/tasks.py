"""Scheduled work: end rooms past their closing time; compose SFU recordings; expire old ones."""

from flask_babel import gettext as _

from mediation.core.db import utcnow
from mediation.core.scheduler import periodic
from mediation.extensions import db, socketio
from mediation.video import recordings, sessions, sfu_recordings
from mediation.video.namespace import NAMESPACE
from mediation.video.recording_models import Recording


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


@periodic("video.compose_sfu_recordings", seconds=30)
def compose_sfu_recordings() -> dict[str, int]:
    """Compose each stopped SFU recording into one file in the case file.

    Each is claimed and committed before the work, so a second scheduler leaves it alone; one
    whose claim is old (a process that died mid-way) is taken on again.
    """
    composed = 0
    if sfu_recordings.stop_ended():
        db.session.commit()
    for recording_id in sfu_recordings.claimable(utcnow()):
        now = utcnow()
        claimed = sfu_recordings.claim(recording_id, now)
        db.session.commit()
        if not claimed:
            continue
        sfu_recordings.compose_recording(db.session.get_one(Recording, recording_id), now)
        db.session.commit()
        composed += 1
    return {"composed": composed}
