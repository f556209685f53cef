"""Assignments, recusals (回避) and conflicts: who mediates which dispute, and who must not.

The mediators and studios themselves are the roster (mediation.roster.models); this module
offers them too, since everything here is about them.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.accounts.models import User
from mediation.core.db import JSONDocument, UTCDateTime, utcnow
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.roster.models import (  # noqa: F401  (offered to the mediators domain's readers)
    DeclaredRelation,
    Mediator,
    RelationKind,
    Studio,
    StudioMember,
)


class AssignmentStatus(StrEnum):
    PROPOSED = "proposed"  # waiting for the mediator's answer
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"  # not answered within 3 working days
    REVOKED = "revoked"  # withdrawn by a coordinator or through a recusal


OPEN_ASSIGNMENT = (AssignmentStatus.PROPOSED, AssignmentStatus.ACCEPTED)


class Assignment(db.Model):
    """One offer of a dispute to a mediator and what became of it."""

    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_status_due_at", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), index=True)
    studio_id: Mapped[int | None] = mapped_column(ForeignKey("studios.id"))
    # auto, batch, manual, studio, reassign, direct (the generic lifecycle action)
    method: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=AssignmentStatus.PROPOSED)
    reason: Mapped[str | None] = mapped_column(Text)
    # The engine's per-factor explanation of the choice, when the engine chose.
    explanation: Mapped[list] = mapped_column(JSONDocument, default=list)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_reason: Mapped[str | None] = mapped_column(Text)
    # Set when a declined or expired assignment has been handed back to the engine.
    reassigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    dispute: Mapped[Dispute] = relationship()
    mediator: Mapped[Mediator] = relationship()
    studio: Mapped[Studio | None] = relationship()
    proposed_by: Mapped[User | None] = relationship()


class RecusalStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


class RecusalRequest(db.Model):
    """A party's request that the mediator step aside (回避), decided by a coordinator."""

    __tablename__ = "recusal_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=RecusalStatus.PENDING)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)

    dispute: Mapped[Dispute] = relationship()
    mediator: Mapped[Mediator] = relationship()


class ConflictDisclosure(db.Model):
    """A mediator's own statement of a conflict of interest on one dispute."""

    __tablename__ = "conflict_disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    disclosed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # pending, kept (every party consented) or replaced
    outcome: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    dispute: Mapped[Dispute] = relationship()
    mediator: Mapped[Mediator] = relationship()


class ConflictConsent(db.Model):
    """One party's recorded agreement to keep a conflicted mediator on their dispute."""

    __tablename__ = "conflict_consents"
    __table_args__ = (UniqueConstraint("dispute_id", "mediator_id", "party_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(String(200))
