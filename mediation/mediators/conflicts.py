"""Recusal (回避) requests, conflict disclosures and parties' consent to keep a mediator."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mediation.core.notify import notify
from mediation.disputes import acts
from mediation.disputes.lifecycle import Actor, State
from mediation.disputes.models import Dispute, Party
from mediation.disputes.operations import transition_dispute
from mediation.disputes.rights import PartyActKind
from mediation.extensions import db
from mediation.mediators import assignment, snapshots
from mediation.mediators.models import (
    ConflictConsent,
    ConflictDisclosure,
    RecusalRequest,
    RecusalStatus,
)

REPLACEABLE = (State.ASSIGNED, State.SCHEDULED)


def _reason(text: str | None, field: str = "reason") -> str:
    if not (text and text.strip()):
        raise ValidationFailed(_l("Please give a reason."), {field: [_l("Please give a reason.")]})
    return text.strip()


def _actor_id(user: User | None) -> int | None:
    return user.id if user else None


def request_recusal(
    dispute: Dispute,
    party: Party,
    reason: str | None,
    user: User | None,
    acting: acts.ActingParty | None = None,
):
    """A party asks for the mediator to step aside; a coordinator will decide.

    With `acting` (how the party acts and how sure we are), the request needs the assurance of
    a party's own act and is recorded as that party's act.
    """
    reason = _reason(reason)
    if dispute.mediator_id is None or dispute.state not in REPLACEABLE:
        raise Conflict(
            _l("Recusal can be asked for once a mediator is assigned and before mediation starts.")
        )
    if acting is not None:
        acts.check_assurance(acting)
    pending = db.session.scalar(
        select(RecusalRequest).where(
            RecusalRequest.dispute_id == dispute.id,
            RecusalRequest.party_id == party.id,
            RecusalRequest.status == RecusalStatus.PENDING,
        )
    )
    if pending is not None:
        raise Conflict(_l("Your recusal request is already waiting for a decision."))
    request = RecusalRequest(
        dispute_id=dispute.id, mediator_id=dispute.mediator_id, party_id=party.id, reason=reason
    )
    db.session.add(request)
    db.session.flush()
    record_event(
        "recusal.requested",
        "dispute",
        dispute.id,
        actor_id=_actor_id(user),
        request_id=request.id,
        party_id=party.id,
        mediator_id=dispute.mediator_id,
    )
    if acting is not None:
        acts.record_party_act(
            dispute, acting, PartyActKind.RECUSAL, value=str(dispute.mediator_id), reason=reason
        )
    for coordinator in assignment.coordinators_for(dispute):
        notify(
            coordinator,
            _l("Recusal requested on case %(code)s", code=dispute.display_code),
            _l("A party asks for the mediator to step aside: %(reason)s", reason=reason),
            dedupe_key=f"recusal:{request.id}:requested:{coordinator.id}",
        )
    return request


def find_recusal(request_id: int) -> RecusalRequest:
    request = db.session.get(RecusalRequest, request_id)
    if request is None:
        raise NotFound(_l("No such recusal request."))
    return request


def replace_mediator(dispute: Dispute, user: User, reason: str) -> None:
    """Take the mediator off and let the engine choose another (who is not them)."""
    if dispute.state == State.SCHEDULED:
        transition_dispute(dispute, "unschedule", {Actor.STAFF}, user, reason)
    assignment.unassign_mediator(dispute, user, reason)
    try:
        assignment.assign_dispute(dispute, user, method="reassign")
    except Conflict:
        pass  # stays in the queue for a coordinator


def decide_recusal(request: RecusalRequest, user: User, grant: bool, note: str | None):
    """Grant (a new mediator is found) or refuse a recusal request, with a note."""
    if request.status != RecusalStatus.PENDING:
        raise Conflict(_l("This recusal request has already been decided."))
    dispute = request.dispute
    request.status = RecusalStatus.GRANTED if grant else RecusalStatus.REFUSED
    request.decided_by_id = user.id
    request.decided_at = utcnow()
    request.decision_note = (note or "").strip() or None
    db.session.flush()
    record_event(
        f"recusal.{request.status}",
        "dispute",
        dispute.id,
        actor_id=user.id,
        request_id=request.id,
        mediator_id=request.mediator_id,
        note=request.decision_note,
    )
    if grant and dispute.mediator_id == request.mediator_id and dispute.state in REPLACEABLE:
        replace_mediator(dispute, user, str(_l("Recusal granted")))
    party = db.session.get(Party, request.party_id)
    if party.user is not None:
        notify(
            party.user,
            _l("Your recusal request on case %(code)s", code=dispute.display_code),
            _l("It was granted; a new mediator is being assigned.")
            if grant
            else _l("It was refused: %(note)s", note=request.decision_note or "-"),
            dedupe_key=f"recusal:{request.id}:decided",
        )
    return request


def disclose_conflict(dispute: Dispute, user: User, description: str | None):
    """The assigned (or offered) mediator states a conflict of interest on this dispute."""
    description = _reason(description, "description")
    mediator = dispute.mediator
    if mediator is None or mediator.user_id != user.id:
        raise Forbidden(_l("Only the mediator on this case can disclose a conflict here."))
    disclosure = ConflictDisclosure(
        dispute_id=dispute.id, mediator_id=mediator.id, description=description
    )
    db.session.add(disclosure)
    db.session.flush()
    record_event(
        "conflict.disclosed",
        "dispute",
        dispute.id,
        actor_id=user.id,
        disclosure_id=disclosure.id,
        mediator_id=mediator.id,
    )
    for coordinator in assignment.coordinators_for(dispute):
        notify(
            coordinator,
            _l("Conflict disclosed on case %(code)s", code=dispute.display_code),
            description,
            dedupe_key=f"disclosure:{disclosure.id}:{coordinator.id}",
        )
    return disclosure


def record_consent(
    dispute: Dispute,
    party: Party,
    recorded_by: User | None,
    note=None,
    acting: acts.ActingParty | None = None,
):
    """Record one party's agreement to keep the conflicted mediator.

    With `acting` (the party's own act online), it needs the assurance of a party's own act and
    is recorded as that party's act.
    """
    if dispute.mediator_id is None:
        raise Conflict(_l("No mediator is assigned to this case."))
    if acting is not None:
        acts.check_assurance(acting)
    existing = db.session.scalar(
        select(ConflictConsent).where(
            ConflictConsent.dispute_id == dispute.id,
            ConflictConsent.mediator_id == dispute.mediator_id,
            ConflictConsent.party_id == party.id,
        )
    )
    if existing is not None:
        return existing
    consent = ConflictConsent(
        dispute_id=dispute.id,
        mediator_id=dispute.mediator_id,
        party_id=party.id,
        recorded_by_id=_actor_id(recorded_by),
        note=(note or "").strip()[:200] or None,
    )
    db.session.add(consent)
    db.session.flush()
    record_event(
        "conflict.consented",
        "dispute",
        dispute.id,
        actor_id=_actor_id(recorded_by),
        party_id=party.id,
        mediator_id=dispute.mediator_id,
    )
    if acting is not None:
        acts.record_party_act(
            dispute, acting, PartyActKind.KEEP_MEDIATOR, value=str(dispute.mediator_id)
        )
    return consent


def find_disclosure(disclosure_id: int) -> ConflictDisclosure:
    disclosure = db.session.get(ConflictDisclosure, disclosure_id)
    if disclosure is None:
        raise NotFound(_l("No such disclosure."))
    return disclosure


def decide_disclosure(disclosure: ConflictDisclosure, user: User, keep: bool):
    """Keep the mediator (only with every party's consent) or replace them."""
    if disclosure.outcome != "pending":
        raise Conflict(_l("This disclosure has already been decided."))
    dispute = disclosure.dispute
    if keep and disclosure.mediator_id not in snapshots.consenting_mediators(dispute):
        raise Conflict(
            _l("The mediator can only be kept when every party has agreed."),
            code="consent_missing",
        )
    disclosure.outcome = "kept" if keep else "replaced"
    disclosure.decided_by_id = user.id
    disclosure.decided_at = utcnow()
    db.session.flush()
    record_event(
        f"conflict.{disclosure.outcome}",
        "dispute",
        dispute.id,
        actor_id=user.id,
        disclosure_id=disclosure.id,
        mediator_id=disclosure.mediator_id,
    )
    if not keep and dispute.mediator_id == disclosure.mediator_id and dispute.state in REPLACEABLE:
        replace_mediator(dispute, user, str(_l("Conflict of interest disclosed")))
    return disclosure


def pending_for(dispute: Dispute) -> dict:
    """Open recusal requests and disclosures of a dispute, for its page."""
    return {
        "recusals": list(
            db.session.scalars(
                select(RecusalRequest).where(
                    RecusalRequest.dispute_id == dispute.id,
                    RecusalRequest.status == RecusalStatus.PENDING,
                )
            )
        ),
        "disclosures": list(
            db.session.scalars(
                select(ConflictDisclosure).where(
                    ConflictDisclosure.dispute_id == dispute.id,
                    ConflictDisclosure.outcome == "pending",
                )
            )
        ),
    }
