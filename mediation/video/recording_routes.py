"""The recording upload (by the mediator's join link) and playback (signed in).

The upload is authenticated by the mediator's join token in the path, the same credential the
room page and the signaling connection use; no cookie is involved, so it takes no CSRF token.
"""

from flask import Blueprint, jsonify, request, send_file
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.core.errors import Conflict, DomainError, NotFound
from mediation.extensions import csrf, db
from mediation.video import recordings
from mediation.video.links import participant_from_token
from mediation.video.recording_access import find_recording
from mediation.video.recording_models import Recording

bp = Blueprint("recordings", __name__, url_prefix="/video")
csrf.exempt(bp)


@bp.errorhandler(DomainError)
def _json_error(error: DomainError):
    """The upload is read by the room page's script: every refusal in JSON, with its code."""
    db.session.rollback()
    body = error.to_dict()
    body["error"]["message"] = str(error)
    return jsonify(body), error.status


def _seat(join_token: str):
    seat = participant_from_token(join_token)
    recordings.require_mediator(seat)
    return seat


def _own(seat, recording_id: int) -> Recording:
    recording = db.session.get(Recording, recording_id)
    if recording is None or recording.room_id != seat.room_id:
        raise NotFound(_l("There is no such recording."))
    return recording


def _status(recording: Recording, status: int = 200):
    body = {"id": recording.id, "state": recording.state, "chunks": recordings.held(recording)}
    if recording.sha256:
        body.update(sha256=recording.sha256, bytes=recording.size)
    return jsonify(body), status


def _consented(recording: Recording, seat) -> None:
    """Refuse without everyone's yes; the stop that comes with the refusal is kept."""
    try:
        recordings.refuse_without_consent(recording, seat)
    except Conflict:
        db.session.commit()
        raise


@bp.post("/join/<join_token>/recordings")
def start(join_token: str):
    """Open a recording, if everyone present agreed."""
    seat = _seat(join_token)
    body = request.get_json(silent=True)
    mime = body.get("mime_type") if isinstance(body, dict) else None
    recording = recordings.open_recording(seat, mime)
    db.session.commit()
    return _status(recording, 201)


@bp.get("/join/<join_token>/recordings/<int:recording_id>")
def status(join_token: str, recording_id: int):
    """Say which chunks the server holds, for a browser resuming after a dropped connection."""
    return _status(_own(_seat(join_token), recording_id))


@bp.put("/join/<join_token>/recordings/<int:recording_id>/chunks/<int:seq>")
def put_chunk(join_token: str, recording_id: int, seq: int):
    """Store one numbered chunk once; a repeat is answered as stored."""
    seat = _seat(join_token)
    recording = _own(seat, recording_id)
    recordings.require_open(recording)
    _consented(recording, seat)
    stored = recordings.store_chunk(recording, seq, request.get_data(cache=False))
    db.session.commit()
    return jsonify({"seq": seq, "stored": stored, "chunks": len(recording.chunks)})


@bp.post("/join/<join_token>/recordings/<int:recording_id>/finish")
def finish(join_token: str, recording_id: int):
    """Put the chunks together, hash the file and file it with the case."""
    seat = _seat(join_token)
    recording = _own(seat, recording_id)
    body = request.get_json(silent=True)
    recordings.finish_recording(recording, body.get("chunks") if isinstance(body, dict) else None)
    db.session.commit()
    return _status(recording)


@bp.get("/recordings/<int:recording_id>")
def play(recording_id: int):
    """Play a recording back (ranges allowed), for the case's mediator and staff only."""
    recording = find_recording(current_user, recording_id)
    path = recordings.store().path(recording.filename or "")
    if not path.is_file():
        raise NotFound(_l("There is no such recording."))
    return send_file(
        path,
        mimetype=recording.mime_type.split(";")[0],
        conditional=True,
        download_name=recording.filename,
        max_age=0,
    )
