"""Demo data: a full working day for the demo mediator (13700000000).

On first start their "today" page, calendar and rooms have work on them, as a coordinator's and
a liaison's do.

Before the rooms are made (`sessions`): two offers waiting for their answer, and three of their
cases booked as video sessions, one later today and two on the next days; the demo call then
takes one of their cases, so a room is open at start-up. After the outcomes (`agreement`): a
case they met yesterday, settled, with its agreement written and waiting for the signatures.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.errors import DomainError
from mediation.disputes.lifecycle import Actor
from mediation.disputes.models import Dispute
from mediation.disputes.operations import transition_dispute
from mediation.extensions import db
from mediation.handoffs.timeline import local_instant, local_today
from mediation.mediators import assignment
from mediation.mediators.models import Assignment
from mediation.outcomes import demo as outcome_demo
from mediation.roster.models import Mediator
from mediation.scheduling.demo import record_booking
from mediation.scheduling.lifecycle import SessionStatus
from mediation.scheduling.models import MediationSession
from mediation.video.demo import CALL_LENGTH, CALL_STARTS_IN, DEMO_MEDIATOR_MOBILE

OFFERS = 2
BOOKED = 3
SESSION_LENGTH = timedelta(hours=1)
STAFF = {Actor.STAFF}


def _demo_mediator() -> Mediator | None:
    return db.session.scalar(
        select(Mediator)
        .join(User, User.id == Mediator.user_id)
        .where(User.mobile == DEMO_MEDIATOR_MOBILE)
    )


def _waiting_for_a_mediator() -> list[Dispute]:
    return list(
        db.session.scalars(
            select(Dispute)
            .where(Dispute.state == "consented", Dispute.mediator_id.is_(None))
            .order_by(Dispute.filed_at.desc(), Dispute.id)
            .limit(40)
        )
    )


def _offer(seeder, mediator: Mediator, disputes: list[Dispute]) -> Assignment | None:
    """Offer the next case the hard rules let this mediator take."""
    while disputes:
        dispute = disputes.pop(0)
        try:
            return assignment.assign_mediator(dispute, mediator.id, seeder.coordinator)
        except DomainError:
            continue
    return None


def _starts(seeder) -> list[datetime]:
    """Later today (on the hour after the demo call), then 10:00 on each of the next days."""
    after_call = seeder.now + CALL_STARTS_IN + CALL_LENGTH + timedelta(hours=1)
    later = after_call.replace(minute=0, second=0, microsecond=0)
    today = local_today(seeder.now)
    first = later if local_today(later) == today else local_instant(today + timedelta(days=1), 14)
    return [first] + [local_instant(today + timedelta(days=n), 10) for n in range(1, BOOKED)]


def _free_start(mediator: Mediator, start: datetime) -> datetime:
    """The first hour from `start` on at which the mediator has no session."""
    taken = db.session.execute(
        select(MediationSession.start_at, MediationSession.end_at).where(
            MediationSession.mediator_id == mediator.id,
            MediationSession.status != SessionStatus.CANCELLED,
        )
    ).all()
    while any(start < end and begin < start + SESSION_LENGTH for begin, end in taken):
        start += timedelta(hours=1)
    return start


def _book(seeder, dispute: Dispute, start: datetime, status: str) -> MediationSession:
    session = MediationSession(
        uid=f"{uuid.UUID(int=seeder.rng.getrandbits(128))}@demo.mediation",
        dispute=dispute,
        mediator_id=dispute.mediator_id,
        start_at=start,
        end_at=start + SESSION_LENGTH,
        mode="video",
        status=status,
        timezone="Asia/Shanghai",
        booked_by_id=seeder.coordinator.id,
    )
    return record_booking(session)


def sessions(seeder) -> None:
    """Offers to answer, and sessions today and this week, for the demo mediator."""
    mediator = _demo_mediator()
    if mediator is None:
        return
    waiting = _waiting_for_a_mediator()
    for _ in range(OFFERS):
        _offer(seeder, mediator, waiting)
    for start in _starts(seeder):
        offer = _offer(seeder, mediator, waiting)
        if offer is None:
            return
        assignment.accept_assignment(offer, mediator.user)
        _book(seeder, offer.dispute, _free_start(mediator, start), SessionStatus.SCHEDULED)
        transition_dispute(offer.dispute, "schedule", STAFF, seeder.coordinator)


def agreement(seeder) -> None:
    """A case met yesterday and settled: its agreement is written and waits for signatures.

    Made after the demo call has taken its case and after the outcomes, so neither touches it.
    """
    mediator = _demo_mediator()
    if mediator is None:
        return
    waiting = _waiting_for_a_mediator()
    offer = _offer(seeder, mediator, waiting)
    if offer is None:
        return
    dispute = offer.dispute
    assignment.accept_assignment(offer, mediator.user)
    yesterday = local_instant(local_today(seeder.now) - timedelta(days=1), 10)
    _book(seeder, dispute, _free_start(mediator, yesterday), SessionStatus.COMPLETED)
    for action in ("schedule", "start", "settle"):
        transition_dispute(dispute, action, STAFF, seeder.coordinator)
    outcome_demo.waiting_for_signatures(seeder, dispute)
