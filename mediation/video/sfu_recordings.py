"""Recordings made by the SFU: started and stopped by consent, then composed. Flush only.

When a session runs on the SFU and the mediator has asked to record, Janus records the joint
room's publishers (never a caucus) while everyone present there has said yes; the first
missing or withdrawn yes stops it (docs/signaling.md, "Recording on the SFU"). Janus writes
raw files under SFU_RECORDING_DIR/<recording id>/; once stopped, the scheduler composes them
into one file in the case file (RECORDING_DIR) with its SHA-256 on the audit chain, and only
then removes the raw files.
"""

import hashlib
import logging
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import or_, select, update

from mediation.core.audit import record_event
from mediation.extensions import db
from mediation.video import recording_rules as rules
from mediation.video import recordings
from mediation.video.models import VideoRoom
from mediation.video.permissions import JOINT, Member, present
from mediation.video.recording_models import Recording
from mediation.video.sfu import composition
from mediation.video.sfu.gateway import Gateway

log = logging.getLogger(__name__)
NOT_ASKED = "not_asked"
# Janus closes its files when told to stop; composing waits this long after the stop.
SETTLE = timedelta(seconds=5)
# A composing recording claimed longer ago than this was left by a process that died.
CLAIM_TIMEOUT = timedelta(minutes=30)
CONSENT_STOPS = (rules.WITHDRAWN, rules.MISSING, "consent")


def raw_dir(recording_id: int) -> Path:
    return Path(current_app.config["SFU_RECORDING_DIR"]) / str(recording_id)


def recording_now(room_id: int) -> Recording | None:
    query = select(Recording).where(
        Recording.room_id == room_id, Recording.source == "sfu", Recording.state == "open"
    )
    return db.session.scalars(query.order_by(Recording.id)).first()


def follow_consent(
    room: VideoRoom, members: list[Member], consents: dict, gateway: Gateway
) -> bool:
    """Start or stop Janus's recording of the joint room so it matches consent now.

    A stop (stop_recording) also turns the room's recording off: the mediator asks again.
    Return whether anything changed.
    """
    code = rules.sfu_refusal(members, consents) if room.recording else NOT_ASKED
    if room.state == "ended":
        code = "ended"
    current = recording_now(room.id)
    if code is None and current is None:
        _start(room, members, gateway)
        return True
    if code is not None and current is not None:
        recordings.stop_recording(current, code)
        gateway.record(room.id, None)
        return True
    return False


def _start(room: VideoRoom, members: list[Member], gateway: Gateway) -> None:
    mediator = next(m for m in present(members, JOINT) if m.is_mediator)
    recording = Recording(room_id=room.id, participant_id=mediator.id, source="sfu")
    db.session.add(recording)
    db.session.flush()
    folder = raw_dir(recording.id)
    folder.mkdir(parents=True, exist_ok=True)
    # Janus runs as a user of its own in the app's group (docs/deployment.md).
    folder.chmod(0o2770)
    try:
        recorded = gateway.record(room.id, str(folder.resolve()))
    except Exception:
        recordings.stop_recording(recording, "sfu_unavailable")
        raise
    if not recorded:
        # Nobody has published yet: the room is made, and recording asked again, next time.
        db.session.delete(recording)
        db.session.flush()
        return
    record_event(
        "video.recording_opened", "video_room", room.id, recording=recording.id, source="sfu"
    )


def stop_ended() -> int:
    """Stop the SFU recordings of rooms that ended with nobody there to see it (their closing).

    Janus stops writing when the room's last publisher goes; composing waits SETTLE after this.
    """
    query = (
        select(Recording)
        .join(VideoRoom, VideoRoom.id == Recording.room_id)
        .where(Recording.source == "sfu", Recording.state == "open", VideoRoom.state == "ended")
    )
    left = list(db.session.scalars(query))
    for recording in left:
        recordings.stop_recording(recording, "ended")
    return len(left)


def claimable(now: datetime) -> list[int]:
    """Return the composing recordings no live process is working on, settled and due."""
    query = select(Recording.id).where(
        Recording.source == "sfu",
        Recording.state == "composing",
        Recording.finished_at <= now - SETTLE,
        or_(Recording.claimed_at.is_(None), Recording.claimed_at <= now - CLAIM_TIMEOUT),
    )
    return list(db.session.scalars(query.order_by(Recording.id)))


def claim(recording_id: int, now: datetime) -> bool:
    """Take one composing recording on; False when another process has it."""
    done = db.session.execute(
        update(Recording)
        .where(
            Recording.id == recording_id,
            Recording.state == "composing",
            or_(Recording.claimed_at.is_(None), Recording.claimed_at <= now - CLAIM_TIMEOUT),
        )
        .values(claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def compose_recording(recording: Recording, now: datetime) -> None:
    """Convert and compose one stopped recording into the case file; keep raw files on failure."""
    config = current_app.config
    folder = raw_dir(recording.id)
    work = folder / "converted"
    shutil.rmtree(work, ignore_errors=True)
    converted = composition.convert(folder, work, config["JANUS_PP_REC"])
    store = recordings.store()
    store.root.mkdir(parents=True, exist_ok=True)
    name = f"recording-{recording.id}.webm"
    try:
        composition.compose(converted.tracks, store.path(name), config["FFMPEG"])
    except composition.CompositionFailed as error:
        shutil.rmtree(work, ignore_errors=True)
        something = bool(converted.bad or converted.tracks)
        if not something:
            # Janus wrote nothing (nobody sent media): there is nothing to keep.
            shutil.rmtree(folder, ignore_errors=True)
        _finish(recording, "failed" if something else "stopped")
        record_event(
            "video.recording_failed",
            "video_room",
            recording.room_id,
            recording=recording.id,
            bad_files=len(converted.bad),
            error=str(error)[-200:],
        )
        return
    recording.filename = name
    recording.size = store.path(name).stat().st_size
    recording.sha256 = _sha256(store.path(name))
    days = config["RECORDING_RETENTION_DAYS"]
    recording.expires_at = now + timedelta(days=days) if days > 0 else None
    _finish(recording, "stopped" if recording.stop_reason in CONSENT_STOPS else "saved")
    record_event(
        "video.recording_saved",
        "video_room",
        recording.room_id,
        recording=recording.id,
        sha256=recording.sha256,
        bytes=recording.size,
        tracks=len(converted.tracks),
        bad_files=len(converted.bad),
        reason=recording.stop_reason,
        source="sfu",
    )
    # The raw files go only when every one of them made it into the composite.
    shutil.rmtree(work if converted.bad else folder, ignore_errors=True)


def _finish(recording: Recording, state: str) -> None:
    recording.state = state
    recording.claimed_at = None
    db.session.flush()
