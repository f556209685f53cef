"""Complaints about a mediator (People's Mediation Law art. 15), and the county's decision.

A party lodges one from their own case link (at the assurance party acts need) or staff enter
it for them, saying how the party was identified. The county (an administrator or a
coordinator of the county centre), not the township that runs the mediator, decides it:
upheld or dismissed, with a reason. An upheld complaint may take the mediator off the case
as a granted recusal does: a granted recusal request is recorded (so the engine never offers
them the case again) and conflicts.replace_mediator unassigns and offers the case to another,
while the case is assigned or scheduled. Every complaint and decision stays on the mediator's
record.
"""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.accounts.models import Role, User
from mediation.core.audit import record_event
from mediation.core.db import UTCDateTime, utcnow
from mediation.core.errors import Conflict, NotFound, ValidationFailed
from mediation.disputes.acts import ActingParty, check_assurance
from mediation.disputes.lifecycle import State
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.mediators.conflicts import replace_mediator
from mediation.mediators.models import Mediator, RecusalRequest, RecusalStatus
from mediation.organisations.models import OrgKind
from mediation.organisations.scope import in_scope


class Grounds(StrEnum):
    """What art. 15 forbids a mediator, and anything else a party complains of."""

    BIAS = "bias"  # 偏袒一方当事人
    INSULT = "insult"  # 侮辱当事人
    BRIBE = "bribe"  # 索取、收受财物或者牟取其他不正当利益
    SECRETS = "secrets"  # 泄露当事人的个人隐私、商业秘密
    OTHER = "other"


GROUNDS = {
    Grounds.BIAS: _l("Bias or favouring one side"),
    Grounds.INSULT: _l("Insulting a party"),
    Grounds.BRIBE: _l("Asking for or taking money, gifts or other benefits"),
    Grounds.SECRETS: _l("Leaking a party's private affairs or business secrets"),
    Grounds.OTHER: _l("Other misconduct"),
}


class Decision(StrEnum):
    UPHELD = "upheld"
    DISMISSED = "dismissed"


DECISIONS = {Decision.UPHELD: _l("Upheld"), Decision.DISMISSED: _l("Dismissed")}
# The states in which an upheld complaint may take the mediator off the case.
REPLACEABLE = (State.ASSIGNED, State.SCHEDULED)


class Complaint(db.Model):
    __tablename__ = "mediator_complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), index=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    grounds: Mapped[str] = mapped_column(String(20))
    details: Mapped[str] = mapped_column(Text)
    # How sure we are the party lodged it (accounts.assurance.Assurance).
    assurance: Mapped[str] = mapped_column(String(16))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lodged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decision: Mapped[str | None] = mapped_column(String(12))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mediator: Mapped[Mediator] = relationship()
    dispute: Mapped[Dispute] = relationship()
    party: Mapped[Party] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


# Complaints are decided at the county or above it, never by the township the mediator serves.
DECIDING_LEVELS = (OrgKind.CENTRE, OrgKind.CITY, OrgKind.PROVINCE)


def is_county_staff(user: User) -> bool:
    """Tell whether the user decides complaints: an admin, or a county centre's or city's staff."""
    if user.role == Role.ADMIN:
        return True
    org = user.organisation
    return user.role == Role.COORDINATOR and org is not None and org.kind in DECIDING_LEVELS


def decides(user: User, complaint: Complaint) -> bool:
    """Tell whether the user decides this complaint: county staff over the case's county."""
    return is_county_staff(user) and in_scope(user, complaint.dispute.township_id)


def _check_text(field: str, value: str | None, message) -> str:
    text = (value or "").strip()
    if not text or len(text) > 2000:
        raise ValidationFailed(message, {field: [message]})
    return text


def lodge_complaint(
    dispute: Dispute, acting: ActingParty, grounds: str | None, details: str | None
) -> Complaint:
    """Record a party's complaint about the case's mediator; the caller commits."""
    check_assurance(acting)
    if dispute.mediator_id is None:
        raise Conflict(_l("This case has no mediator to complain about."))
    if grounds not in {g.value for g in Grounds}:
        message = _l("Choose what the complaint is about.")
        raise ValidationFailed(message, {"grounds": [message]})
    text = _check_text("details", details, _l("Say what happened, in up to 2000 characters."))
    complaint = Complaint(
        mediator_id=dispute.mediator_id,
        dispute_id=dispute.id,
        party=acting.party,
        grounds=grounds,
        details=text,
        assurance=acting.assurance.value,
        entered_by_id=acting.entered_by.id if acting.entered_by else None,
    )
    db.session.add(complaint)
    db.session.flush()
    record_event(
        "mediator.complaint_lodged",
        "mediator",
        complaint.mediator_id,
        actor_id=acting.actor_id,
        complaint_id=complaint.id,
        dispute_id=dispute.id,
        party_id=complaint.party_id,
        grounds=grounds,
        assurance=complaint.assurance,
        entered_by_id=complaint.entered_by_id,
    )
    return complaint


def find_complaint(user: User, complaint_id: int) -> Complaint:
    """Return a complaint the county's staff may decide; anyone else gets 404."""
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None or not decides(user, complaint):
        raise NotFound(_l("No such complaint."))
    return complaint


def decide_complaint(
    complaint: Complaint, decision: str | None, reason: str | None, replace: bool, county: User
) -> Complaint:
    """Uphold or dismiss a complaint with a reason; upheld, optionally take the mediator off."""
    if not decides(county, complaint):
        raise NotFound(_l("No such complaint."))
    if complaint.decision is not None:
        raise Conflict(_l("This complaint has already been decided."))
    if decision not in {d.value for d in Decision}:
        message = _l("Choose upheld or dismissed.")
        raise ValidationFailed(message, {"decision": [message]})
    text = _check_text("reason", reason, _l("Give the reason for the decision."))
    dispute = complaint.dispute
    replacing = (
        replace and decision == Decision.UPHELD and dispute.mediator_id == complaint.mediator_id
    )
    if replacing and dispute.state not in REPLACEABLE:
        raise Conflict(
            _l(
                "The mediator can be replaced only while the case is assigned or scheduled; "
                "record the decision without replacing, and stop the mediation first."
            )
        )
    complaint.decision, complaint.decision_reason = decision, text
    complaint.decided_by_id, complaint.decided_at = county.id, utcnow()
    db.session.flush()
    record_event(
        "mediator.complaint_decided",
        "mediator",
        complaint.mediator_id,
        actor_id=county.id,
        complaint_id=complaint.id,
        decision=decision,
        reason=text,
    )
    if replacing:
        _step_aside(complaint, county)
    return complaint


def _step_aside(complaint: Complaint, county: User) -> None:
    """Take the mediator off the case as a granted recusal, and find another."""
    db.session.add(
        RecusalRequest(
            dispute_id=complaint.dispute_id,
            mediator_id=complaint.mediator_id,
            party_id=complaint.party_id,
            reason=complaint.details,
            status=RecusalStatus.GRANTED,
            decided_by_id=county.id,
            decided_at=utcnow(),
            decision_note=complaint.decision_reason,
        )
    )
    db.session.flush()
    replace_mediator(complaint.dispute, county, complaint.decision_reason or "")


def complaints_about(mediator: Mediator, user: User) -> list[Complaint]:
    """The mediator's record of complaints the user decides, newest first."""
    found = db.session.scalars(
        select(Complaint)
        .where(Complaint.mediator_id == mediator.id)
        .order_by(Complaint.lodged_at.desc(), Complaint.id.desc())
    )
    return [complaint for complaint in found if decides(user, complaint)]
