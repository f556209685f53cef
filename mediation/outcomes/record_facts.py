"""Gather a session's own events and notes into the plain facts its record is written from."""

from flask_babel import force_locale
from sqlalchemy import select

from mediation.disputes.categories import CATEGORIES
from mediation.disputes.models import Party
from mediation.extensions import db
from mediation.outcomes import record_text as rt
from mediation.outcomes.record_models import InPersonAttendance, SessionNote
from mediation.scheduling.models import MediationSession
from mediation.video.models import RecordingConsent, RoomParticipant, VideoRoom
from mediation.video.operations import attendance_events, attendance_report, room_for_session


def party_person(party: Party) -> rt.Person:
    return rt.Person(party.name, "party", party.side)


def _seat_person(seat: RoomParticipant, session: MediationSession) -> rt.Person:
    if seat.party is not None:
        return party_person(seat.party)
    if seat.role == "mediator":
        return rt.Person(session.mediator.name, "mediator")
    return rt.Person(seat.display_name, "other")


def notes_of(session: MediationSession) -> list[SessionNote]:
    """The session's notes in force (not withdrawn), oldest first."""
    return list(
        db.session.scalars(
            select(SessionNote)
            .where(SessionNote.session_id == session.id, SessionNote.withdrawn_at.is_(None))
            .order_by(SessionNote.noted_at, SessionNote.id)
        )
    )


def in_person_attendance(session: MediationSession) -> list[InPersonAttendance]:
    return list(
        db.session.scalars(
            select(InPersonAttendance)
            .where(InPersonAttendance.session_id == session.id)
            .order_by(InPersonAttendance.id)
        )
    )


def _video_events(session: MediationSession, room: VideoRoom) -> dict:
    seats = {seat.id: _seat_person(seat, session) for seat in room.participants}
    stays = [
        rt.Stay(seats[row["participant"].id], row["first_joined"], row["last_left"])
        for row in attendance_report(room, now=room.closes_at)
    ]
    movements = [
        rt.Movement(e.at, seats[e.participant_id], e.kind, e.place)
        for e in attendance_events(room)
        if e.participant_id in seats
    ]
    consents = [
        rt.Consent(c.at, seats[c.participant_id], c.consent)
        for c in db.session.scalars(
            select(RecordingConsent)
            .where(RecordingConsent.room_id == room.id)
            .order_by(RecordingConsent.at, RecordingConsent.id)
        )
        if c.participant_id in seats
    ]
    helpers = [p for p in seats.values() if p.role == "other"]
    return {"stays": stays, "movements": movements, "consents": consents, "helpers": helpers}


def _in_person_events(session: MediationSession) -> dict:
    stays, movements, helpers = [], [], []
    for row in in_person_attendance(session):
        person = party_person(row.party) if row.party else rt.Person(row.name, "other")
        if row.party is None:
            helpers.append(person)
        stays.append(rt.Stay(person, row.arrived_at, row.left_at))
        if row.arrived_at:
            movements.append(rt.Movement(row.arrived_at, person, "arrive"))
        if row.left_at:
            movements.append(rt.Movement(row.left_at, person, "depart"))
    return {"stays": stays, "movements": movements, "consents": [], "helpers": helpers}


def record_facts(session: MediationSession) -> rt.RecordFacts:
    """Return what the record of a session says: the video room's events and the mediator's."""
    dispute = session.dispute
    committee = dispute.organisation or dispute.township
    room = room_for_session(session.id)
    events = _in_person_events(session)
    if room is not None:  # a hybrid session has both: the room's events and those in the room
        for name, found in _video_events(session, room).items():
            events[name] = found + events[name]
    with force_locale("zh"):
        category = str(CATEGORIES.get(dispute.category, dispute.category))
    return rt.RecordFacts(
        code=dispute.display_code,
        category=category,
        committee=committee.name,
        mode=session.mode,
        location=session.room.name if session.room else "",
        starts_at=session.start_at,
        ends_at=session.end_at,
        zone=session.timezone,
        mediator=session.mediator.name,
        recorder=session.mediator.name,
        parties=tuple(party_person(p) for p in dispute.parties),
        helpers=tuple(events["helpers"]),
        stays=tuple(events["stays"]),
        movements=tuple(events["movements"]),
        consents=tuple(events["consents"]),
        notes=tuple(rt.Note(n.noted_at, n.place, n.body) for n in notes_of(session)),
    )
