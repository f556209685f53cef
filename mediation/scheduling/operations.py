"""Service layer for sessions: book, move, cancel, start, finish. Operations flush, never commit.

No mediator and no room is ever booked twice for overlapping times. On PostgreSQL bookings of
one mediator (and one room) queue behind an advisory lock, and exclusion constraints refuse an
overlapping row whatever the application does; on SQLite every writing request holds the
database's write lock from its first statement (mediation.core.db), so the overlap check and the
insert cannot interleave with another booking.
"""

import dataclasses
import uuid
from datetime import datetime, timedelta
from typing import NamedTuple

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, Forbidden, ValidationFailed
from mediation.core.urls import public_host
from mediation.disputes import hooks as dispute_hooks
from mediation.disputes.categories import STATES
from mediation.disputes.lifecycle import ENDED_BY_A_PARTY, Actor, State
from mediation.disputes.models import Dispute
from mediation.disputes.operations import transition_dispute
from mediation.extensions import db
from mediation.organisations.scope import county_ids
from mediation.scheduling import hooks, lifecycle, notices, slots
from mediation.scheduling.availability import availability_of, rules_for
from mediation.scheduling.lifecycle import LIVE, RECORDED, SessionStatus
from mediation.scheduling.models import MODES, MediationSession, Room

MIN_LENGTH = timedelta(minutes=15)
MAX_LENGTH = timedelta(hours=8)
BOOKABLE_STATES = (State.ASSIGNED, State.SCHEDULED)
MEDIATOR_LOCK, ROOM_LOCK = 7_240_201, 7_240_202
FREE_SLOTS_SHOWN = 20
OUTSIDE = {
    "order": _l("The end must be after the start."),
    "notice": _l("This time is too soon; book further ahead."),
    "horizon": _l("This time is beyond how far ahead the mediator takes bookings."),
    "outside": _l("The mediator does not sit at this time."),
}


def _is_staff_side(actors: set[Actor]) -> bool:
    return bool(actors & {Actor.STAFF, Actor.MEDIATOR})


def _serialise(mediator_id: int, room_id: int | None) -> None:
    """Queue behind any other booking of this mediator and room (PostgreSQL)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    lock = text("SELECT pg_advisory_xact_lock(:space, :key)")
    db.session.execute(lock, {"space": MEDIATOR_LOCK, "key": mediator_id})
    if room_id is not None:
        db.session.execute(lock, {"space": ROOM_LOCK, "key": room_id})


def _check_times(start: datetime, end: datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise ValidationFailed(
            _l("Give times with their zone."), {"start": [_l("Give times with their zone.")]}
        )
    if end <= start:
        raise ValidationFailed(OUTSIDE["order"], {"end": [OUTSIDE["order"]]})
    if not MIN_LENGTH <= end - start <= MAX_LENGTH:
        message = _l("A session lasts from 15 minutes to 8 hours.")
        raise ValidationFailed(message, {"end": [message]})


def _check_place(mode: str, room_id: int | None, dispute: Dispute) -> Room | None:
    if mode not in MODES:
        raise ValidationFailed(
            _l("Choose video, in person or hybrid."),
            {"mode": [_l("Choose video, in person or hybrid.")]},
        )
    if mode == "video":
        if room_id is not None:
            raise ValidationFailed(
                _l("A video session has no room."), {"room_id": [_l("Leave the room empty.")]}
            )
        return None
    room = db.session.get(Room, room_id) if room_id is not None else None
    county = county_ids(dispute.township_id)  # a case meets in its own county's rooms
    if (
        room is None
        or not room.active
        or (county is not None and room.organisation_id not in county)
    ):
        raise ValidationFailed(
            _l("Choose a room for a session held in person."),
            {"room_id": [_l("Choose a room from the list.")]},
        )
    return room


def busy_of(mediator_id: int, room_id: int | None = None, exclude: int | None = None):
    """Return the (start, end) of a mediator's (or a room's) sessions that hold time."""
    column = MediationSession.room_id if room_id is not None else MediationSession.mediator_id
    query = select(MediationSession.start_at, MediationSession.end_at).where(
        column == (room_id if room_id is not None else mediator_id),
        MediationSession.status != SessionStatus.CANCELLED,
        MediationSession.end_at > utcnow() - timedelta(days=1),
    )
    if exclude is not None:
        query = query.where(MediationSession.id != exclude)
    return [tuple(row) for row in db.session.execute(query)]


def free_slots_for(
    dispute: Dispute,
    room_id: int | None = None,
    now: datetime | None = None,
    exclude: int | None = None,
    days: int | None = None,
) -> list[slots.Slot]:
    """Return the slots in which the dispute's mediator (and the room) are free."""
    if dispute.mediator is None:
        return []
    room_busy = busy_of(dispute.mediator_id, room_id, exclude) if room_id is not None else []
    return slots.free_slots(
        rules_for(dispute.mediator),
        busy_of(dispute.mediator_id, exclude=exclude),
        now or utcnow(),
        room_busy,
        days,
    )


def _slot_taken(dispute: Dispute, room_id: int | None, now: datetime, exclude=None) -> Conflict:
    free = free_slots_for(dispute, room_id, now, exclude)[:FREE_SLOTS_SHOWN]
    return Conflict(
        _l("That time has just been taken. Choose one of the times still free."),
        code="slot_taken",
        free_slots=[{"start": s.start.isoformat(), "end": s.end.isoformat()} for s in free],
    )


def attempt_ended(dispute: Dispute) -> Conflict:
    """The refusal to book for a case a party declined, withdrew or stopped."""
    return Conflict(
        _l("This mediation attempt has ended (%(state)s); no session can be booked for it."),
        code="attempt_ended",
        params={"state": STATES[dispute.state]},
    )


def _check_bookable(
    dispute: Dispute,
    start: datetime,
    end: datetime,
    room: Room | None,
    actors: set[Actor],
    now: datetime,
    exclude: int | None = None,
) -> None:
    """Check the times against availability and existing sessions, under the booking lock."""
    rules = rules_for(dispute.mediator)
    if _is_staff_side(actors):
        # Staff and the mediator may book any time the mediator sits, even at short notice.
        problem = slots.fits_availability(dataclasses.replace(rules, min_notice=0), start, end, now)
        if problem is None and start <= now:
            problem = "notice"
    else:
        offered = slots.free_slots(rules, busy_of(dispute.mediator_id, exclude=exclude), now)
        problem = slots.fits_availability(rules, start, end, now)
        if problem is None and slots.Slot(start, end) not in set(offered):
            if not slots.overlaps(
                start,
                end,
                busy_of(dispute.mediator_id, exclude=exclude),
                timedelta(minutes=rules.buffer_before + rules.buffer_after),
            ):
                message = _l("Choose one of the offered times.")
                raise ValidationFailed(message, {"start": [message]})
    if problem is not None:
        raise ValidationFailed(OUTSIDE[problem], {"start": [OUTSIDE[problem]]})
    pad = timedelta(minutes=rules.buffer_before + rules.buffer_after)
    if slots.overlaps(start, end, busy_of(dispute.mediator_id, exclude=exclude), pad):
        raise _slot_taken(dispute, room.id if room else None, now, exclude)
    if room is not None and slots.overlaps(
        start, end, busy_of(dispute.mediator_id, room.id, exclude), timedelta(0)
    ):
        raise _slot_taken(dispute, room.id, now, exclude)


def _flush_or_taken(dispute: Dispute, room_id: int | None, now: datetime, exclude=None) -> None:
    """Write the change; an overlap the database refuses becomes a 409 with the free slots."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        if "overlapping" not in str(error.orig):
            raise
        raise _slot_taken(dispute, room_id, now, exclude) from None


def book_session(
    dispute: Dispute,
    start: datetime,
    end: datetime | None,
    mode: str,
    room_id: int | None,
    actors: set[Actor],
    actor_user: User | None,
    now: datetime | None = None,
) -> MediationSession:
    """Book a session of a dispute with its mediator, invite everyone and queue reminders."""
    now = now or utcnow()
    if not actors:
        raise Forbidden(_l("You may not book sessions for this case."))
    if dispute.state in ENDED_BY_A_PARTY:
        raise attempt_ended(dispute)
    if dispute.state not in BOOKABLE_STATES or dispute.mediator is None:
        raise Conflict(
            _l("Sessions can be booked once a mediator is assigned, until mediation begins."),
            code="not_bookable",
        )
    availability = availability_of(dispute.mediator)
    end = end or start + timedelta(minutes=availability.slot_minutes)
    _check_times(start, end)
    room = _check_place(mode, room_id, dispute)
    _serialise(dispute.mediator_id, room.id if room else None)
    _check_bookable(dispute, start, end, room, actors, now)
    host = public_host()
    session = MediationSession(
        uid=f"{uuid.uuid4()}@{host}",
        sequence=0,
        dispute=dispute,
        mediator=dispute.mediator,
        room=room,
        start_at=start,
        end_at=end,
        mode=mode,
        status=SessionStatus.SCHEDULED,
        timezone=availability.timezone,
        booked_by_id=actor_user.id if actor_user else None,
    )
    db.session.add(session)
    _flush_or_taken(dispute, room.id if room else None, now)
    if dispute.state == State.ASSIGNED:
        # Booking a time the mediator offered is the mediator's scheduling of the case.
        transition_dispute(dispute, "schedule", actors | {Actor.MEDIATOR}, actor_user)
    record_event(
        "session.booked",
        "session",
        session.id,
        actor_id=actor_user.id if actor_user else None,
        dispute_id=dispute.id,
        start=start.isoformat(),
        end=end.isoformat(),
        mode=mode,
        room_id=session.room_id,
    )
    hooks.session_booked(session)
    notices.send_invitations(session, "booked")
    notices.schedule_reminders(session, now)
    return session


class Refusal(NamedTuple):
    not_permitted: str  # the actor may never take the action
    not_now: str  # the session's status does not allow it
    code: str


CHANGE_REFUSED = Refusal(
    _l("You may not change this session."),
    _l("Only a scheduled session can be moved or cancelled."),
    "not_live",
)
RECORD_REFUSED = Refusal(
    _l("Only the mediator or staff record how a session went."),
    _l("The session cannot move to that status now."),
    "illegal_status",
)
REFUSALS = {"reschedule": CHANGE_REFUSED, "cancel": CHANGE_REFUSED}


def check_session_change(
    session: MediationSession, action: str, actors: set[Actor], reason: str | None = None
) -> SessionStatus:
    """Return the status an action would move the session to, or raise saying why it cannot."""
    refusal = REFUSALS.get(action, RECORD_REFUSED)
    try:
        return lifecycle.next_status(SessionStatus(session.status), action, actors, reason)
    except lifecycle.NotPermitted as error:
        raise Forbidden(refusal.not_permitted) from error
    except lifecycle.IllegalTransition as error:
        raise Conflict(refusal.not_now, code=refusal.code) from error
    except lifecycle.ReasonRequired as error:
        message = _l("Please give a reason.")
        raise ValidationFailed(message, {"reason": [message]}) from error


def _check_change(
    session: MediationSession, action: str, actors: set[Actor], reason: str | None, now
) -> None:
    check_session_change(session, action, actors, reason)
    if (
        Actor.STAFF not in actors
        and session.start_at - now < current_app.config["SESSION_CHANGE_CUTOFF"]
    ):
        hours = int(current_app.config["SESSION_CHANGE_CUTOFF"].total_seconds() // 3600)
        raise Conflict(
            _l(
                "Sessions can no longer be changed online within %(hours)s hours of the start; "
                "call the mediation centre (12348)."
            ),
            code="too_late",
            params={"hours": hours},
        )


def reschedule_session(
    session: MediationSession,
    start: datetime,
    end: datetime | None,
    reason: str | None,
    actors: set[Actor],
    actor_user: User | None,
    room_id: int | None = -1,
    now: datetime | None = None,
) -> MediationSession:
    """Move a session to another time (and room); everyone gets the changed invitation."""
    now = now or utcnow()
    _check_change(session, "reschedule", actors, reason, now)
    end = end or start + (session.end_at - session.start_at)
    _check_times(start, end)
    room = session.room if room_id == -1 else _check_place(session.mode, room_id, session.dispute)
    _serialise(session.mediator_id, room.id if room else None)
    _check_bookable(session.dispute, start, end, room, actors, now, exclude=session.id)
    before = (session.start_at.isoformat(), session.end_at.isoformat())
    session.start_at, session.end_at, session.room = start, end, room
    session.sequence += 1
    session.status_reason = reason.strip()
    _flush_or_taken(session.dispute, room.id if room else None, now, session.id)
    record_event(
        "session.rescheduled",
        "session",
        session.id,
        actor_id=actor_user.id if actor_user else None,
        reason=session.status_reason,
        before=list(before),
        start=start.isoformat(),
        end=end.isoformat(),
        sequence=session.sequence,
    )
    hooks.session_moved(session)
    notices.send_invitations(session, "moved")
    notices.schedule_reminders(session, now)
    return session


def _others_live(session: MediationSession) -> bool:
    query = select(MediationSession.id).where(
        MediationSession.dispute_id == session.dispute_id,
        MediationSession.id != session.id,
        MediationSession.status.in_(LIVE),
    )
    return db.session.scalar(query.limit(1)) is not None


def cancel_session(
    session: MediationSession,
    reason: str | None,
    actors: set[Actor],
    actor_user: User | None,
    now: datetime | None = None,
) -> MediationSession:
    """Cancel a session, free its time, tell everyone and drop its reminders."""
    now = now or utcnow()
    _check_change(session, "cancel", actors, reason, now)
    _end(session, "cancel", reason, actors, actor_user)
    notices.send_invitations(session, "cancelled")
    return session


def _end(session, action: str, reason: str | None, actors: set[Actor], actor_user) -> None:
    """End a session that was not held (cancelled, or a no-show) and drop its reminders."""
    status = check_session_change(session, action, actors, reason)
    reason = reason.strip()
    session.status = status
    session.status_reason = reason
    session.sequence += 1
    db.session.flush()
    notices.drop_reminders(session)
    hooks.session_closed(session, status)
    dispute = session.dispute
    if dispute.state == State.SCHEDULED and not _others_live(session):
        transition_dispute(
            dispute, "unschedule", actors | {Actor.MEDIATOR}, actor_user, reason or status
        )
    record_event(
        f"session.{status}",
        "session",
        session.id,
        actor_id=actor_user.id if actor_user else None,
        reason=reason,
        sequence=session.sequence,
    )


def set_session_status(
    session: MediationSession,
    status: str,
    actors: set[Actor],
    actor_user: User | None,
    reason: str | None = None,
) -> MediationSession:
    """Mark a session started, completed or a no-show; the dispute's state follows."""
    action = RECORDED.get(status)
    if action is None:
        raise Conflict(RECORD_REFUSED.not_now, code=RECORD_REFUSED.code)
    if action == "mark_no_show":
        _end(session, action, reason, actors, actor_user)
        return session
    status = check_session_change(session, action, actors, reason)
    session.status = status
    session.sequence += 1
    db.session.flush()
    if status == SessionStatus.IN_PROGRESS:
        notices.drop_reminders(session)
        if session.dispute.state == State.SCHEDULED:
            transition_dispute(session.dispute, "start", actors, actor_user)
    record_event(
        f"session.{status}",
        "session",
        session.id,
        actor_id=actor_user.id if actor_user else None,
        sequence=session.sequence,
    )
    return session


@dispute_hooks.on_attempt_ended
def cancel_booked_sessions(dispute: Dispute, reason: str | None, actor_user: User | None) -> None:
    """A party declined, withdrew or stopped: cancel the case's booked sessions, telling all."""
    booked = db.session.scalars(
        select(MediationSession).where(
            MediationSession.dispute_id == dispute.id,
            MediationSession.status == SessionStatus.SCHEDULED,
        )
    ).all()
    why = str(_l("A party ended the mediation: %(reason)s", reason=reason or "-"))
    for session in booked:
        _end(session, "cancel", why, {Actor.STAFF}, actor_user)
        notices.send_invitations(session, "cancelled")
