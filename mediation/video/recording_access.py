"""Who may play a recording back: the case's mediator and the staff whose scope holds the case."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.errors import NotFound
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.roster.models import Mediator
from mediation.scheduling.models import MediationSession
from mediation.video.access import is_case_staff, mediator_seat_of
from mediation.video.models import VideoRoom
from mediation.video.recording_models import Recording


def mediates_case(user: User, room: VideoRoom) -> bool:
    """The mediator who ran the room, or the one the case is assigned to now."""
    if mediator_seat_of(room, user) is not None:
        return True
    session = db.session.get(MediationSession, room.session_id)
    if session is None:
        return False
    mediator_id = db.session.scalar(
        select(Dispute.mediator_id).where(Dispute.id == session.dispute_id)
    )
    mediator = db.session.get(Mediator, mediator_id) if mediator_id else None
    return mediator is not None and mediator.user_id == user.id


def may_play(user: User, room: VideoRoom) -> bool:
    return mediates_case(user, room) or is_case_staff(user, room)


def find_recording(user: User, recording_id: int) -> Recording:
    """Return a kept recording the user may play; anything else is a 404 that tells nothing."""
    recording = db.session.get(Recording, recording_id)
    room = db.session.get(VideoRoom, recording.room_id) if recording else None
    if recording is None or room is None or not recording.kept or not may_play(user, room):
        raise NotFound(_l("There is no such recording."))
    return recording


PENDING = ("composing", "failed")


def playable_recordings(user: User, room: VideoRoom) -> list[Recording]:
    """The room's kept recordings, for those who may play them (nobody else sees the list).

    The SFU's recordings not yet composed, or whose composing failed, are listed too, so the
    mediator sees where they stand.
    """
    if not may_play(user, room):
        return []
    query = select(Recording).where(Recording.room_id == room.id).order_by(Recording.id)
    return [r for r in db.session.scalars(query) if r.kept or r.state in PENDING]
