"""Demo data for scheduling: availability for the mediators, rooms at stations, sessions."""

import uuid
from datetime import time, timedelta

from sqlalchemy import select

from mediation.core.audit import record_event
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.scheduling import slots
from mediation.scheduling.availability import _to_json
from mediation.scheduling.lifecycle import SessionStatus
from mediation.scheduling.models import Availability, MediationSession, Room

ROOM_NAMES = ("第一调解室", "第二调解室")
PATTERNS = (
    ((time(9), time(12)), (time(14), time(17, 30))),
    ((time(8, 30), time(11, 30)), (time(14, 30), time(18))),
    ((time(9), time(12)),),
    ((time(14), time(17)),),
)


def seed(seeder) -> None:
    """Give every full-time mediator hours, each station two rooms, each booked case a session."""
    rng = seeder.rng
    rooms_by_org: dict[int, list[Room]] = {}
    for org in [seeder.centre, *seeder.stations]:
        rooms_by_org[org.id] = [Room(organisation=org, name=name) for name in ROOM_NAMES]
        db.session.add_all(rooms_by_org[org.id])
    rules_by_mediator: dict[int, slots.Rules] = {}
    for mediator in seeder.all_mediators:
        if not mediator.full_time and rng.random() < 0.7:
            continue
        weekly = {day: rng.choice(PATTERNS) for day in range(5) if rng.random() < 0.9}
        availability = Availability(
            mediator_id=mediator.id,
            timezone="Asia/Shanghai",
            weekly={str(day): _to_json(windows) for day, windows in weekly.items()},
            buffer_before_minutes=0,
            buffer_after_minutes=rng.choice((0, 15, 30)),
            min_notice_minutes=rng.choice((4 * 60, 24 * 60)),
            horizon_days=rng.choice((30, 60)),
            slot_minutes=rng.choice((60, 90)),
            interval_minutes=30,
            observe_holidays=True,
        )
        db.session.add(availability)
        rules_by_mediator[mediator.id] = slots.Rules(
            weekly=weekly, min_notice=0, horizon_days=30, slot_minutes=availability.slot_minutes
        )
    db.session.flush()
    _sessions(seeder, rooms_by_org, rules_by_mediator)


def _sessions(seeder, rooms_by_org, rules_by_mediator) -> None:
    disputes = db.session.scalars(
        select(Dispute)
        .where(Dispute.state.in_(("scheduled", "in_mediation")), Dispute.mediator_id.is_not(None))
        .order_by(Dispute.id)
    ).all()
    busy: dict[int, list] = {}
    room_busy: dict[int, list] = {}
    for index, dispute in enumerate(disputes):
        rules = rules_by_mediator.get(dispute.mediator_id, slots.Rules(min_notice=0))
        in_mediation = dispute.state == "in_mediation"
        start_from = seeder.now - timedelta(days=1) if in_mediation else seeder.now
        free = slots.free_slots(rules, busy.get(dispute.mediator_id, []), start_from, days=20)
        if not free:
            continue
        slot = free[0] if in_mediation else free[seeder.rng.randrange(min(len(free), 40))]
        busy.setdefault(dispute.mediator_id, []).append((slot.start, slot.end))
        room = None
        if index % 3 == 0:
            # A room of the township that is free then; the database refuses double-booked rooms.
            room = next(
                (
                    r
                    for r in rooms_by_org.get(dispute.township_id, [])
                    if all(
                        slot.end <= start or end <= slot.start
                        for start, end in room_busy.get(id(r), [])
                    )
                ),
                None,
            )
        if room is not None:
            room_busy.setdefault(id(room), []).append((slot.start, slot.end))
        session = MediationSession(
            uid=f"{uuid.UUID(int=seeder.rng.getrandbits(128))}@demo.mediation",
            dispute=dispute,
            mediator_id=dispute.mediator_id,
            room=room,
            start_at=slot.start,
            end_at=slot.end,
            mode="in_person" if room is not None else "video",
            status=SessionStatus.COMPLETED if in_mediation else SessionStatus.SCHEDULED,
            timezone="Asia/Shanghai",
            booked_by_id=seeder.coordinator.id,
        )
        record_booking(session)


def record_booking(session: MediationSession) -> MediationSession:
    """Store a demo session and write its booking to the audit log, as booking would."""
    db.session.add(session)
    db.session.flush()
    record_event(
        "session.booked",
        "session",
        session.id,
        actor_id=session.booked_by_id,
        dispute_id=session.dispute_id,
        start=session.start_at.isoformat(),
        end=session.end_at.isoformat(),
        mode=session.mode,
        room_id=session.room_id,
    )
    return session
