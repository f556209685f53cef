"""Signed, expiring join links, each bound to one participant of one session's room."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from mediation.core.errors import Forbidden, NotFound, Unauthorized, ValidationFailed
from mediation.core.signing import sign, unsign
from mediation.core.urls import external
from mediation.extensions import db
from mediation.video.models import RoomParticipant

SALT = "video-join"


def join_token(participant: RoomParticipant) -> str:
    """Return the join token of one participant: session, room, participant, link version."""
    return sign(
        SALT,
        {
            "s": participant.room.session_id,
            "r": participant.room_id,
            "p": participant.id,
            "v": participant.link_version,
            "n": participant.link_nonce,
        },
    )


def join_url(participant: RoomParticipant) -> str:
    """Return the absolute join link a participant opens."""
    return external("video.join", token=join_token(participant))


def participant_from_token(token: object, session_id: object = None) -> RoomParticipant:
    """Return the participant a join token names, or raise when it cannot be used.

    `session_id`, when given, must be a whole number (JSON's 7, never "7", 7.0 or true) and
    the token's session.
    """
    if session_id is not None and type(session_id) is not int:
        raise ValidationFailed(
            _l("The session number must be a whole number, such as 42."), code="bad_session_id"
        )
    if not isinstance(token, str) or not token or len(token) > 512:
        raise Unauthorized(_l("A join link is needed to enter the room."), code="token_missing")
    data = unsign(
        SALT,
        token,
        current_app.config["VIDEO_LINK_TTL"],
        expired=Unauthorized(
            _l("This join link has expired. Ask your mediator for a new one."),
            code="link_expired",
        ),
        invalid=Unauthorized(_l("This join link is not valid."), code="link_invalid"),
    )
    participant = db.session.get(RoomParticipant, data.get("p"))
    if participant is None or participant.room_id != data.get("r"):
        raise NotFound(_l("This join link is not valid."))
    if participant.room.session_id != data.get("s") or (
        session_id is not None and session_id != participant.room.session_id
    ):
        raise Forbidden(_l("This join link is for another session."), code="wrong_session")
    withdrawn = participant.link_version != data.get("v") or participant.link_nonce != data.get("n")
    if participant.removed or withdrawn:
        raise Forbidden(_l("This join link has been withdrawn."), code="link_revoked")
    return participant
