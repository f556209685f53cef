"""Demo data: the demo's upcoming video and hybrid sessions get their rooms and join links."""

from sqlalchemy import select

from mediation.extensions import db
from mediation.scheduling.lifecycle import SessionStatus
from mediation.scheduling.models import MediationSession
from mediation.video.sessions import VIDEO_MODES, sync_room


def seed(seeder) -> None:
    sessions = db.session.scalars(
        select(MediationSession)
        .where(
            MediationSession.mode.in_(VIDEO_MODES),
            MediationSession.status == SessionStatus.SCHEDULED,
            MediationSession.end_at > seeder.now,
        )
        .order_by(MediationSession.id)
    )
    for session in sessions:
        sync_room(session)
    db.session.flush()
