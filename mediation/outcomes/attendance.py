"""Which sessions a party attended, read from the video rooms' attendance (no changes here)."""

from sqlalchemy import select

from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.scheduling.models import MediationSession
from mediation.video.models import VideoRoom
from mediation.video.operations import attendance_report, room_for_session


def mediated_by_video(dispute: Dispute) -> bool:
    """True once any session of the dispute has had a video room."""
    query = (
        select(VideoRoom.id)
        .join(MediationSession, MediationSession.id == VideoRoom.session_id)
        .where(MediationSession.dispute_id == dispute.id)
        .limit(1)
    )
    return db.session.scalar(query) is not None


def attended(room: VideoRoom, party: Party) -> bool:
    """True when the party's seat in the room joined at least once."""
    return any(
        row["participant"].party_id == party.id and row["first_joined"] is not None
        for row in attendance_report(room)
    )


def attended_sessions(dispute: Dispute, party: Party) -> list[MediationSession]:
    """The dispute's sessions with a video room that the party joined, oldest first."""
    sessions = db.session.scalars(
        select(MediationSession)
        .join(VideoRoom, VideoRoom.session_id == MediationSession.id)
        .where(MediationSession.dispute_id == dispute.id)
        .order_by(MediationSession.start_at)
    ).all()
    return [s for s in sessions if attended(room_for_session(s.id), party)]
