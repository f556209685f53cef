"""The parties' own acts, recorded as theirs. Operations flush, never commit.

Every act names its party, how sure we are it was them (an assurance level) and, when staff
entered it for them (a walk-in, a call), who did and how they identified the party.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.assurance import STAFF_IDENTIFICATIONS, Assurance, meets
from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.errors import Conflict, Forbidden, ValidationFailed
from mediation.core.memo import remembered
from mediation.disputes import hooks, notices, rights
from mediation.disputes.lifecycle import ENDED_BY_A_PARTY, Actor, State
from mediation.disputes.models import Dispute, Party, PartyAct
from mediation.disputes.operations import check_transition, transition_dispute
from mediation.disputes.rights import LIFECYCLE_ACTS, PartyActKind, Publicity
from mediation.extensions import db
from mediation.organisations.scope import county_ids
from mediation.roster.models import Mediator


@dataclass(frozen=True)
class ActingParty:
    """Who acts: the party, how sure we are it is them, and any staff member entering it."""

    party: Party
    assurance: Assurance
    entered_by: User | None = None  # staff entering the party's answer for them
    user: User | None = None  # whoever is signed in (the audit event's actor)

    @property
    def actor_id(self) -> int | None:
        who = self.entered_by or self.user
        return who.id if who else None


def online(party: Party, assurance: Assurance, user: User | None = None) -> ActingParty:
    """The party acting for themselves from their phone, at the assurance it has now."""
    return ActingParty(party, Assurance(assurance), None, user)


def entered_by_staff(
    dispute: Dispute, staff: User, party_id: int | None, identification: str | None
) -> ActingParty:
    """Staff entering a party's act: name the party and how they were identified, or 422."""
    problems = {}
    party = next((p for p in dispute.parties if party_id is not None and p.id == party_id), None)
    if party is None:
        problems["party_id"] = [_l("Choose the party this answer is from.")]
    if identification not in {a.value for a in STAFF_IDENTIFICATIONS}:
        problems["identification"] = [
            _l("Say how the party was identified: ID checked in person, or a call to their mobile.")
        ]
    if problems:
        raise ValidationFailed(
            _l("Say for which party you enter this, and how you identified them."),
            problems,
            code="identification_required",
        )
    return ActingParty(party, Assurance(identification), staff, staff)


def check_assurance(acting: ActingParty) -> None:
    """Refuse an online act below PARTY_ACT_ASSURANCE, saying to confirm the mobile first."""
    if acting.entered_by is not None:
        return
    if not meets(acting.assurance, current_app.config["PARTY_ACT_ASSURANCE"]):
        raise Forbidden(
            _l(
                "First confirm it is you: ask for a code by text message on your case page "
                "and type it there. Nothing has been changed."
            ),
            code="confirmation_needed",
        )


def record_party_act(
    dispute: Dispute,
    acting: ActingParty,
    act: PartyActKind,
    value: str | None = None,
    reason: str | None = None,
) -> PartyAct:
    """Record one act of a party, and its audit event with the party, assurance and entry."""
    if acting.party.dispute_id != dispute.id:
        raise Forbidden(_l("Only a party to the case may do this."))
    row = PartyAct(
        dispute_id=dispute.id,
        party=acting.party,
        act=PartyActKind(act).value,
        value=value,
        reason=(reason or "").strip() or None,
        assurance=acting.assurance.value,
        entered_by_id=acting.entered_by.id if acting.entered_by else None,
    )
    db.session.add(row)
    db.session.flush()
    record_event(
        f"party_act.{row.act}",
        "dispute",
        dispute.id,
        actor_id=acting.actor_id,
        party_act_id=row.id,
        party_id=row.party_id,
        side=acting.party.side,
        value=value,
        reason=row.reason,
        assurance=row.assurance,
        entered_by_id=row.entered_by_id,
    )
    return row


def perform_lifecycle_act(
    dispute: Dispute,
    acting: ActingParty,
    action: str,
    reason: str | None = None,
    expected_version: int | None = None,
) -> PartyAct:
    """A party consents, declines, withdraws or asks to stop: the case moves, as their act.

    The lifecycle is asked in the party's own capacity (their side), even when staff enter it,
    so an applicant's answer can never consent for the respondent.
    """
    act = PartyActKind(action)
    if act not in LIFECYCLE_ACTS:
        raise ValueError(f"{action} is not a lifecycle act")
    actors = {Actor(acting.party.side)}
    before = State(dispute.state)
    check_transition(dispute, action, actors, reason)
    check_assurance(acting)
    transition_dispute(
        dispute, action, actors, acting.user, reason, expected_version=expected_version
    )
    row = record_party_act(dispute, acting, act, reason=reason)
    if State(dispute.state) in ENDED_BY_A_PARTY:
        # Scheduling hears of it and cancels the booked sessions, telling everyone on them.
        hooks.attempt_ended(dispute, row.reason, acting.entered_by or acting.user)
        if before != State.SUBMITTED:  # the respondent hears of a case only once it is accepted
            notices.tell_attempt_ended(dispute, acting.party, act)
    return row


def acts_of(dispute: Dispute, act: PartyActKind | None = None) -> list[PartyAct]:
    """The acts recorded on a dispute, oldest first (of one kind, if given).

    A case page asks for several kinds (choices of mediator, publicity): every act of the case
    is read once per transaction while none is added or changed (mediation.core.memo).
    """

    def read() -> tuple[PartyAct, ...]:
        query = select(PartyAct).where(PartyAct.dispute_id == dispute.id)
        return tuple(db.session.scalars(query.order_by(PartyAct.id)))

    every = remembered(f"party acts {dispute.id}", (PartyAct,), read)
    if act is None:
        return list(every)
    kind = PartyActKind(act).value
    return [row for row in every if row.act == kind]


def latest_by_party(dispute: Dispute, act: PartyActKind) -> dict[int, PartyAct]:
    """Each party's latest act of one kind: what they want now."""
    return {row.party_id: row for row in acts_of(dispute, act)}


def choose_publicity(dispute: Dispute, acting: ActingParty, wish: str | None) -> PartyAct:
    """A party asks for the mediation to be public (公开) or not (不公开)."""
    if wish not in {p.value for p in Publicity}:
        message = _l("Choose public or not public.")
        raise ValidationFailed(message, {"publicity": [message]})
    if State(dispute.state) not in rights.CHOOSING_PUBLICITY:
        raise Conflict(
            _l("Public or private can be asked for until mediation begins."),
            code="too_late",
        )
    check_assurance(acting)
    return record_party_act(dispute, acting, PartyActKind.PUBLICITY, value=wish)


def publicity_wishes(dispute: Dispute) -> dict[int, str]:
    """What each party last asked for: "public" or "private" (no answer: not public)."""
    return {pid: row.value for pid, row in latest_by_party(dispute, PartyActKind.PUBLICITY).items()}


def is_public(dispute: Dispute) -> bool:
    """Whether the mediation is public: only when every party asked for it."""
    wishes = publicity_wishes(dispute)
    return rights.is_public(wishes.get(p.id) for p in dispute.parties)


def choose_mediator(dispute: Dispute, acting: ActingParty, mediator_id: int | None) -> PartyAct:
    """A party names the mediator they want: accepting the other side's choice, or another."""
    mediator = db.session.get(Mediator, mediator_id) if mediator_id else None
    county = choosable_places(dispute)
    if (
        mediator is None
        or not mediator.active
        or (county is not None and mediator.organisation_id not in county)
    ):
        message = _l("Choose a mediator from the list.")
        raise ValidationFailed(message, {"mediator_id": [message]})
    if State(dispute.state) not in rights.CHOOSING_MEDIATOR:
        raise Conflict(_l("A mediator can be chosen only until one is assigned."), code="too_late")
    check_assurance(acting)
    return record_party_act(dispute, acting, PartyActKind.MEDIATOR_CHOICE, value=str(mediator.id))


def choosable_places(dispute: Dispute) -> list[int] | None:
    """The organisations whose mediators a case's parties may name: those of its county."""
    return county_ids(dispute.township_id)


def mediator_choices(dispute: Dispute) -> dict[int, int | None]:
    """The mediator each party wants now: their latest choice; applicants default to filing's."""
    latest = latest_by_party(dispute, PartyActKind.MEDIATOR_CHOICE)
    choices = {}
    for party in dispute.parties:
        if party.id in latest:
            choices[party.id] = int(latest[party.id].value)
        elif party.side == "applicant":
            choices[party.id] = dispute.preferred_mediator_id
        else:
            choices[party.id] = None
    return choices


def joint_mediator(dispute: Dispute) -> int | None:
    """The mediator every party named, if they all named the same one."""
    return rights.joint_choice(mediator_choices(dispute).values())
