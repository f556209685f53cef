"""Consented recordings: open one, take its numbered chunks, save it with its hash. Flush only.

The mediator's browser records and uploads while it records (docs/signaling.md, "Recording").
Every chunk is checked against the consent of everyone present with the mediator; a missing or
withdrawn yes refuses it and stops the recording, keeping what had arrived before.
"""

import hashlib
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, DomainError, Forbidden, ValidationFailed
from mediation.extensions import db
from mediation.video import presence
from mediation.video import recording_rules as rules
from mediation.video.models import RoomParticipant, VideoRoom
from mediation.video.recording_models import Recording, RecordingChunk
from mediation.video.recording_store import RecordingStore
from mediation.video.sfu import rules as sfu_rules

REFUSALS = {
    rules.WITHDRAWN: _l("Someone present has withdrawn their agreement: recording stopped."),
    rules.MISSING: _l("Someone present has not agreed to recording: recording stopped."),
    rules.NOT_IN_ROOM: _l("Recording needs the mediator in the joint session or a caucus."),
}


class RecordingTooLarge(DomainError):
    status = 413
    code = "recording_too_large"


def store() -> RecordingStore:
    return RecordingStore(current_app.config["RECORDING_DIR"])


def _refusal(room: VideoRoom, recorder: RoomParticipant) -> str | None:
    members = [presence.member(s) for s in room.participants if not s.removed]
    return rules.refusal(presence.member(recorder), members, presence.consents(room.id))


def require_mediator(seat: RoomParticipant) -> None:
    if seat.role != "mediator":
        raise Forbidden(_l("Only the mediator can do this."), code="not_mediator")


def open_recording(seat: RoomParticipant, mime_type: object = None) -> Recording:
    """Begin a recording for the mediator; one still open in the room is cut short first."""
    require_mediator(seat)
    room = seat.room
    if room.state == "ended":
        raise Conflict(_l("This video room has ended."), code="room_ended")
    config = current_app.config
    mode = sfu_rules.mode_of(config.get("VIDEO_SFU"))
    if sfu_rules.uses_sfu(mode, len(room.participants), config["SFU_THRESHOLD"]):
        raise Conflict(
            _l("This session runs on the video server, which records it itself."),
            code="recorded_on_sfu",
        )
    code = _refusal(room, seat)
    if code is not None:
        raise Conflict(REFUSALS[code], code=code)
    for previous in open_recordings(room.id):
        stop_recording(previous, "restarted")
    mime = mime_type if isinstance(mime_type, str) and 0 < len(mime_type) <= 60 else "video/webm"
    recording = Recording(room_id=room.id, participant_id=seat.id, mime_type=mime)
    db.session.add(recording)
    db.session.flush()
    record_event("video.recording_opened", "video_room", room.id, recording=recording.id)
    return recording


def open_recordings(room_id: int) -> list[Recording]:
    """The room's open recordings made by the mediator's browser (the SFU's stop by consent)."""
    query = select(Recording).where(
        Recording.room_id == room_id, Recording.state == "open", Recording.source == "browser"
    )
    return list(db.session.scalars(query.order_by(Recording.id)))


def held(recording: Recording) -> list[int]:
    """The numbers of the chunks stored so far, in order."""
    return [chunk.seq for chunk in recording.chunks]


def require_open(recording: Recording) -> None:
    # One the SFU records takes no chunks: Janus writes its files.
    if recording.state != "open" or recording.source != "browser":
        raise Conflict(_l("This recording has stopped."), code="recording_stopped")


def refuse_without_consent(recording: Recording, seat: RoomParticipant) -> None:
    """Stop the recording and raise when anyone present has not said yes (or said no)."""
    code = _refusal(seat.room, seat)
    if code is None:
        return
    stop_recording(recording, code)
    raise Conflict(REFUSALS[code], code=code)


def store_chunk(recording: Recording, seq: int, content: bytes) -> bool:
    """Keep one chunk unless it is already here; return whether it was new.

    The same number sent again with the same bytes is a repeat after a lost answer; with other
    bytes it is a mistake and refused.
    """
    require_open(recording)
    if not 0 <= seq < rules.MAX_CHUNKS:
        raise ValidationFailed(_l("There is no such chunk number."), code="bad_chunk")
    if not content:
        raise ValidationFailed(_l("A chunk cannot be empty."), code="empty_chunk")
    digest = hashlib.sha256(content).hexdigest()
    existing = next((c for c in recording.chunks if c.seq == seq), None)
    if existing is not None:
        if existing.sha256 != digest:
            raise Conflict(
                _l("Chunk %(n)s was already sent with other content."),
                params={"n": seq},
                code="chunk_differs",
            )
        return False
    limit = current_app.config["RECORDING_MAX_BYTES"]
    if recording.size + len(content) > limit:
        raise RecordingTooLarge(_l("The recording has reached its size limit; finish it."))
    store().put_chunk(recording.id, seq, content)
    recording.chunks.append(RecordingChunk(seq=seq, size=len(content), sha256=digest))
    recording.size += len(content)
    db.session.flush()
    return True


def _save(recording: Recording, seqs: list[int], state: str, reason: str | None) -> None:
    now = utcnow()
    recording.state = state
    recording.stop_reason = reason
    recording.finished_at = now
    days = current_app.config["RECORDING_RETENTION_DAYS"]
    if seqs:
        name, size, digest = store().assemble(recording.id, seqs)
        recording.filename, recording.size, recording.sha256 = name, size, digest
        recording.expires_at = now + timedelta(days=days) if days > 0 else None
    else:
        store().drop_chunks(recording.id)
        recording.size = 0
    recording.chunks.clear()
    record_event(
        "video.recording_saved",
        "video_room",
        recording.room_id,
        recording=recording.id,
        sha256=recording.sha256,
        bytes=recording.size,
        chunks=len(seqs),
        reason=reason,
    )
    db.session.flush()


def finish_recording(recording: Recording, total: object) -> Recording:
    """Put the chunks 0..total-1 together; refuse, naming them, while any is missing."""
    require_open(recording)
    if type(total) is not int or not 0 < total <= rules.MAX_CHUNKS:
        raise ValidationFailed(
            _l("Say how many chunks the recording has."),
            fields={"chunks": [_l("A whole number above 0.")]},
        )
    missing = rules.missing_chunks(held(recording), total)
    if missing:
        raise Conflict(
            _l("Some chunks have not arrived yet."), code="chunks_missing", missing=missing
        )
    if len(recording.chunks) != total:
        raise ValidationFailed(_l("More chunks arrived than the recording has."), code="bad_chunk")
    _save(recording, list(range(total)), "saved", None)
    return recording


def stop_recording(recording: Recording, reason: str) -> None:
    """Cut an open recording short, keeping the chunks that play from its start."""
    if recording.state != "open":
        return
    if recording.source == "sfu":
        # Janus holds the files: the scheduler composes them (mediation/video/sfu_recordings.py).
        recording.state, recording.stop_reason = "composing", reason
        recording.finished_at = utcnow()
        record_event(
            "video.recording_composing", "video_room", recording.room_id, recording=recording.id
        )
    else:
        _save(recording, rules.contiguous(held(recording)), "stopped", reason)
    room = db.session.get(VideoRoom, recording.room_id)
    if room is not None and room.recording:
        room.recording = False
        record_event("video.recording_stopped", "video_room", room.id, reason=reason)
        db.session.flush()


def stop_room_recordings(room_id: int, reason: str) -> None:
    """Cut short every open recording of a room (a withdrawal, the room's end)."""
    for recording in open_recordings(room_id):
        stop_recording(recording, reason)


def expire_recordings(now: datetime) -> int:
    """Remove the files of recordings past their retention; the row and its hash stay."""
    due = db.session.scalars(
        select(Recording).where(Recording.expires_at.is_not(None), Recording.expires_at <= now)
    ).all()
    for recording in due:
        if recording.filename:
            store().remove(recording.filename)
        recording.filename = None
        recording.expires_at = None
        recording.state = "expired"
        record_event(
            "video.recording_expired",
            "video_room",
            recording.room_id,
            recording=recording.id,
            sha256=recording.sha256,
        )
    db.session.flush()
    return len(due)


def abandon_stale(now: datetime, after: timedelta = timedelta(days=1)) -> int:
    """Cut short recordings left open (a browser closed mid-way) a day after they began."""
    stale = db.session.scalars(
        select(Recording).where(Recording.state == "open", Recording.started_at <= now - after)
    ).all()
    for recording in stale:
        stop_recording(recording, "abandoned")
    return len(stale)
