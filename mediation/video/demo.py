"""Demo data: the demo's upcoming video and hybrid sessions get their rooms and join links.

One more video session, the demo call, starts a few minutes after the seed runs, so its room
is open at once: `flask demo-logins` prints its three join links (the mediator's console and
each party's), and three browsers make a call.
"""

from datetime import timedelta

from sqlalchemy import select

from mediation.core.db import utcnow
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.scheduling.demo import record_booking
from mediation.scheduling.lifecycle import SessionStatus
from mediation.scheduling.models import MediationSession
from mediation.video.links import join_url
from mediation.video.models import VideoRoom
from mediation.video.operations import room_for_session
from mediation.video.sessions import VIDEO_MODES, sync_room

DEMO_CALL_UID = "demo-call@demo.mediation"
DEMO_MEDIATOR_MOBILE = "13700000000"
CALL_STARTS_IN = timedelta(minutes=5)
CALL_LENGTH = timedelta(hours=2)
SIDES = {"applicant", "respondent"}


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
    seed_call(seeder)


def _call_dispute(starts_at, ends_at) -> Dispute | None:
    """A case in mediation with both sides and a mediator free then; the demo mediator's first."""
    busy = select(MediationSession.mediator_id).where(
        MediationSession.status != SessionStatus.CANCELLED,
        MediationSession.start_at < ends_at,
        MediationSession.end_at > starts_at,
    )
    query = (
        select(Dispute)
        .where(Dispute.state.in_(("scheduled", "in_mediation")), Dispute.mediator_id.is_not(None))
        .where(Dispute.mediator_id.not_in(busy))
        .order_by(Dispute.id)
    )
    candidates = [d for d in db.session.scalars(query) if {p.side for p in d.parties} >= SIDES]
    mine = [d for d in candidates if d.mediator and d.mediator.user.mobile == DEMO_MEDIATOR_MOBILE]
    found = mine or candidates
    return found[0] if found else None


def seed_call(seeder) -> MediationSession | None:
    """Book the demo call: a video session starting a few minutes from now, with its room."""
    starts_at = utcnow().replace(second=0, microsecond=0) + CALL_STARTS_IN
    dispute = _call_dispute(starts_at, starts_at + CALL_LENGTH)
    if dispute is None:
        return None
    session = MediationSession(
        uid=DEMO_CALL_UID,
        sequence=0,
        dispute=dispute,
        mediator=dispute.mediator,
        start_at=starts_at,
        end_at=starts_at + CALL_LENGTH,
        mode="video",
        status=SessionStatus.SCHEDULED,
        timezone="Asia/Shanghai",
        booked_by_id=seeder.coordinator.id,
    )
    record_booking(session)
    sync_room(session)
    db.session.flush()
    return session


def call_links() -> tuple[VideoRoom, list[tuple[str, str, str]]] | None:
    """Return the demo call's room and (role, name, join link) for its three seats."""
    session = db.session.scalar(
        select(MediationSession).where(MediationSession.uid == DEMO_CALL_UID)
    )
    room = room_for_session(session.id) if session else None
    if room is None:
        return None
    seats = [s for s in room.participants if not s.removed]
    order = {"mediator": 0, "applicant": 1, "respondent": 2}
    seats.sort(key=lambda s: order.get(s.side or s.role, 3))
    return room, [(s.side or s.role, s.display_name, join_url(s)) for s in seats]
