"""Mediation records: notes, in-person attendance, versions and confirmations. They flush only.

The text is assembled from the session's facts each time it is read; a version row keeps the
text once it changes or is confirmed, and a confirmation names the hash it confirmed, so a
later change of the notes makes a new version that needs confirming again.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from mediation.accounts.assurance import Assurance, meets
from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mediation.disputes.models import Party
from mediation.extensions import db
from mediation.outcomes import record_text
from mediation.outcomes.record_facts import record_facts
from mediation.outcomes.record_models import (
    ConfirmMethod,
    InPersonAttendance,
    RecordConfirmation,
    SessionNote,
    SessionRecord,
)
from mediation.scheduling.models import MediationSession
from mediation.video.permissions import CAUCUSES, JOINT

NOTE_PLACES = (JOINT, *CAUCUSES)
NOTE_MAX = 4000


@dataclass(frozen=True)
class Assembled:
    """The record as it reads now, and its hash."""

    text: str
    record_hash: str


def assembled(session: MediationSession) -> Assembled:
    """Return the session's record as its events and notes give it now."""
    text = record_text.assemble_record(record_facts(session))
    return Assembled(text, record_text.record_hash(text))


def session_in_case(dispute_id: int, session_id: int) -> MediationSession:
    """Return a session of this case, or 404."""
    session = db.session.get(MediationSession, session_id)
    if session is None or session.dispute_id != dispute_id:
        raise NotFound(_l("No such session in this case."))
    return session


def sessions_of(dispute) -> list[MediationSession]:
    """The sessions of a case, oldest first."""
    return list(
        db.session.scalars(
            select(MediationSession)
            .where(MediationSession.dispute_id == dispute.id)
            .order_by(MediationSession.start_at, MediationSession.id)
        )
    )


def versions(session: MediationSession) -> list[SessionRecord]:
    return list(
        db.session.scalars(
            select(SessionRecord)
            .where(SessionRecord.session_id == session.id)
            .order_by(SessionRecord.version)
        )
    )


def keep_version(session: MediationSession) -> SessionRecord:
    """Return the version row of the record as it reads now, adding one when it changed."""
    now = assembled(session)
    latest = db.session.scalar(
        select(SessionRecord)
        .where(SessionRecord.session_id == session.id)
        .order_by(SessionRecord.version.desc())
        .limit(1)
    )
    if latest is not None and latest.record_hash == now.record_hash:
        return latest
    number = (
        db.session.scalar(
            select(func.max(SessionRecord.version)).where(SessionRecord.session_id == session.id)
        )
        or 0
    ) + 1
    version = SessionRecord(
        session_id=session.id, version=number, text=now.text, record_hash=now.record_hash
    )
    db.session.add(version)
    db.session.flush()
    record_event(
        "record.version",
        "dispute",
        session.dispute_id,
        session_id=session.id,
        version=number,
        record_hash=now.record_hash,
    )
    return version


def _clean_note(place: object, body: object) -> tuple[str, str]:
    problems = {}
    if place not in NOTE_PLACES:
        problems["place"] = [_l("Choose the joint session or one side's caucus.")]
    text = body.strip() if isinstance(body, str) else ""
    if not text or len(text) > NOTE_MAX:
        problems["body"] = [_l("Write 1 to %(n)s characters.", n=NOTE_MAX)]
    if problems:
        raise ValidationFailed(_l("Check the note."), problems)
    return str(place), text


def add_note(
    session: MediationSession, place: str, body: str, user: User, at: datetime | None = None
) -> SessionNote:
    """Write down a note of the joint session or of a caucus (never shown in the record)."""
    place, body = _clean_note(place, body)
    note = SessionNote(
        session_id=session.id, place=place, body=body, noted_at=at or utcnow(), written_by=user
    )
    db.session.add(note)
    db.session.flush()
    record_event("record.note_added", "dispute", session.dispute_id, actor_id=user.id, place=place)
    if place == JOINT:
        keep_version(session)
    return note


def withdraw_note(session: MediationSession, note_id: int, user: User) -> None:
    """Strike out a note; the record changes and needs confirming again if it was joint."""
    note = db.session.get(SessionNote, note_id)
    if note is None or note.session_id != session.id or note.withdrawn_at is not None:
        raise NotFound(_l("No such note."))
    note.withdrawn_at = utcnow()
    db.session.flush()
    record_event("record.note_withdrawn", "dispute", session.dispute_id, actor_id=user.id)
    if note.place == JOINT:
        keep_version(session)


def record_presence(
    session: MediationSession,
    party: Party | None,
    name: str | None,
    arrived_at: datetime | None,
    left_at: datetime | None,
    user: User,
) -> InPersonAttendance:
    """Note who came to a session held in person, and when they arrived and left."""
    if party is not None and party.dispute_id != session.dispute_id:
        raise NotFound(_l("No such party in this case."))
    label = party.name if party is not None else (name or "").strip()[:60]
    if not label:
        raise ValidationFailed(
            _l("Choose a party or write the helper's name."),
            {"name": [_l("This field is required.")]},
        )
    if arrived_at and left_at and left_at < arrived_at:
        raise ValidationFailed(
            _l("Someone cannot leave before they arrive."),
            {"left_at": [_l("Give a time after the arrival.")]},
        )
    row = InPersonAttendance(
        session_id=session.id,
        party=party,
        name=label,
        arrived_at=arrived_at,
        left_at=left_at,
        recorded_by_id=user.id,
    )
    db.session.add(row)
    db.session.flush()
    record_event("record.attendance", "dispute", session.dispute_id, actor_id=user.id)
    keep_version(session)
    return row


def confirming_parties(session: MediationSession) -> list[Party]:
    """The parties who confirm the record: every party of the case."""
    return list(session.dispute.parties)


def confirmation_of(version: SessionRecord, party: Party) -> RecordConfirmation | None:
    return next((c for c in version.confirmations if c.party_id == party.id), None)


def confirmation_states(session: MediationSession) -> list[tuple[Party, RecordConfirmation | None]]:
    """Each party, and their confirmation of the record as it reads now (None: not yet)."""
    now = assembled(session)
    latest = versions(session)
    current = latest[-1] if latest and latest[-1].record_hash == now.record_hash else None
    return [
        (party, confirmation_of(current, party) if current else None)
        for party in confirming_parties(session)
    ]


def _confirm(
    session: MediationSession,
    party: Party,
    seen_hash: str,
    method: ConfirmMethod,
    assurance: str,
    at: datetime | None,
    entered_by: User | None = None,
    identification: str | None = None,
) -> RecordConfirmation:
    if party.dispute_id != session.dispute_id:
        raise NotFound(_l("No such party in this case."))
    version = keep_version(session)
    if seen_hash != version.record_hash:
        raise Conflict(
            _l("The record changed after it was opened. Read it again before confirming."),
            code="record_changed",
        )
    if confirmation_of(version, party) is not None:
        raise Conflict(_l("This version of the record is already confirmed."), code="confirmed")
    confirmation = RecordConfirmation(
        record=version,
        party=party,
        record_hash=version.record_hash,
        method=method,
        assurance=assurance,
        entered_by=entered_by,
        identification=identification,
        confirmed_at=at or utcnow(),
    )
    db.session.add(confirmation)
    db.session.flush()
    record_event(
        "record.confirmed",
        "dispute",
        session.dispute_id,
        actor_id=entered_by.id if entered_by else party.user_id,
        session_id=session.id,
        party_id=party.id,
        version=version.version,
        method=str(method),
        assurance=str(assurance),
        record_hash=version.record_hash,
    )
    return confirmation


def confirm_online(
    session: MediationSession,
    party: Party,
    seen_hash: str,
    assurance: str,
    level: str,
    at: datetime | None = None,
) -> RecordConfirmation:
    """Confirm the record as a party from their own link, their mobile proved by a code."""
    if not meets(assurance, level):
        raise Forbidden(
            _l("First confirm your mobile number with the code we text you."),
            code="confirm_mobile",
        )
    return _confirm(session, party, seen_hash, ConfirmMethod.ONLINE, assurance, at)


def confirm_on_paper(
    session: MediationSession,
    party: Party,
    seen_hash: str,
    user: User,
    identification: str,
    at: datetime | None = None,
) -> RecordConfirmation:
    """Record that a party signed the printed record, their identity checked by `user`."""
    identification = (identification or "").strip()
    if not identification:
        raise ValidationFailed(
            _l("Say how the party was identified."),
            {"identification": [_l("For example: resident ID card checked in person.")]},
        )
    return _confirm(
        session,
        party,
        seen_hash,
        ConfirmMethod.PAPER,
        Assurance.ID_IN_PERSON,
        at,
        entered_by=user,
        identification=identification[:120],
    )
