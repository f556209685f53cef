"""Outcomes, agreements (调解协议书) and their signatures, surveys and follow-up visits (回访)."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.accounts.models import User
from mediation.core.db import UTCDateTime, utcnow
from mediation.disputes.models import Attachment, Dispute, Party
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.organisations.models import Organisation


class Result(StrEnum):
    SETTLED = "settled"
    PARTLY_SETTLED = "partly_settled"
    NOT_SETTLED = "not_settled"


SETTLING_RESULTS = (Result.SETTLED, Result.PARTLY_SETTLED)


class Outcome(db.Model):
    """The result of a dispute (session_id empty) or, later, of one session."""

    __tablename__ = "outcomes"
    __table_args__ = (
        # Carries the dashboard: dispute outcomes decided in a period, grouped without touching
        # rows (partial: the dashboard reads outcomes without a session only).
        Index(
            "ix_outcomes_report",
            "decided_at",
            "result",
            "category",
            "township_id",
            "mediator_id",
            "days_to_close",
            postgresql_where=text("session_id IS NULL"),
            sqlite_where=text("session_id IS NULL"),
        ),
        # One station's outcomes of a period, read from the index alone.
        Index(
            "ix_outcomes_station_report",
            "township_id",
            "decided_at",
            "result",
            "category",
            "mediator_id",
            "days_to_close",
            postgresql_where=text("session_id IS NULL"),
            sqlite_where=text("session_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    # A session's outcome names its session.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("mediation_sessions.id"))
    result: Mapped[str] = mapped_column(String(20))
    terms: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Copied from the case when decided, so reports group outcomes without joining disputes.
    category: Mapped[str] = mapped_column(String(32))
    township_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"))
    days_to_close: Mapped[int]

    dispute: Mapped[Dispute] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    @property
    def settles(self) -> bool:
        return self.result in SETTLING_RESULTS


class Agreement(db.Model):
    """The written mediation agreement (人民调解协议书) of a dispute.

    In force once every party and the mediator have signed and the committee's seal is applied;
    numbered then, per committee and year (mediation/outcomes/numbering.py).
    """

    __tablename__ = "agreements"
    __table_args__ = (
        UniqueConstraint(
            "committee_id", "number_year", "number_serial", name="uq_agreements_number"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), unique=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id"))
    terms: Mapped[str] = mapped_column(Text)
    # Raised by each change of the terms; the hash covers it, so old signatures never match.
    revision: Mapped[int] = mapped_column(default=1)
    document_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    effective_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Art. 29(2): the main facts, the matters in dispute, each party's responsibility.
    facts: Mapped[str | None] = mapped_column(Text)
    disputed_matters: Mapped[str | None] = mapped_column(Text)
    responsibilities: Mapped[str | None] = mapped_column(Text)
    # 本协议一式N份: one per party and one the committee keeps, unless set otherwise.
    copies: Mapped[int | None]
    # The committee that seals and numbers it: the organisation handling the case.
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # The seal applied to this revision (cleared when the terms change) and by whom.
    sealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sealed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # 协议书编号, written when the agreement takes effect: no abandoned draft uses one up.
    number: Mapped[str | None] = mapped_column(String(40))
    number_year: Mapped[int | None]
    number_serial: Mapped[int | None]

    dispute: Mapped[Dispute] = relationship()
    outcome: Mapped[Outcome] = relationship()
    committee: Mapped[Organisation | None] = relationship()
    sealed_by: Mapped[User | None] = relationship(foreign_keys=[sealed_by_id])
    performances: Mapped[list["Performance"]] = relationship(
        back_populates="agreement", order_by="Performance.position", cascade="all, delete-orphan"
    )
    signatures: Mapped[list["Signature"]] = relationship(
        back_populates="agreement", order_by="Signature.id", cascade="all, delete-orphan"
    )

    @property
    def valid_signatures(self) -> list["Signature"]:
        return [s for s in self.signatures if s.voided_at is None]


class Performance(db.Model):
    """How and by when one agreed term is performed (art. 29(3)): who, how, by which day."""

    __tablename__ = "agreement_performances"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    position: Mapped[int]
    # The term as the agreement states it; the performing party (None: all the parties).
    term: Mapped[str] = mapped_column(Text)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    method: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)

    agreement: Mapped[Agreement] = relationship(back_populates="performances")
    party: Mapped[Party | None] = relationship()


class AgreementCounter(db.Model):
    """The last agreement number one committee gave in one year; its row lock orders them."""

    __tablename__ = "agreement_counters"

    committee_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_serial: Mapped[int] = mapped_column(default=0)


class Signature(db.Model):
    """One signer's confirmation of one revision of an agreement, online or on paper."""

    __tablename__ = "signatures"
    __table_args__ = (Index("ix_signatures_agreement_signer", "agreement_id", "signer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"))
    # "party:<id>" or "mediator:<id>": who is bound, whatever account or link they used.
    signer: Mapped[str] = mapped_column(String(32))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    method: Mapped[str] = mapped_column(String(10))  # signing.Method: online | paper
    # How the signer was identified (accounts.assurance.Assurance): a fresh SMS code online,
    # the ID card checked face to face for paper; rows from before this was kept: case_link.
    assurance: Mapped[str] = mapped_column(String(20))
    # The staff member who checked the signer's ID card, for a signature on paper.
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    document_hash: Mapped[str] = mapped_column(String(64))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agreement: Mapped[Agreement] = relationship(back_populates="signatures")
    party: Mapped[Party | None] = relationship()
    mediator: Mapped[Mediator | None] = relationship()
    attachment: Mapped[Attachment | None] = relationship()
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])


class Survey(db.Model):
    """A party's satisfaction with the mediation: a score of 1 to 5 and a comment."""

    __tablename__ = "surveys"
    # One answer per party and attended session; a dispute mediated in person has one answer
    # per party with no session (checked by the operations: NULLs are distinct in a unique key).
    __table_args__ = (
        UniqueConstraint(
            "dispute_id", "party_id", "session_id", name="uq_surveys_dispute_party_session"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("mediation_sessions.id"))
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    township_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    party: Mapped[Party] = relationship()


class FollowUpResult(StrEnum):
    PERFORMED = "performed"
    PARTLY = "partly"
    NOT_PERFORMED = "not_performed"


class FollowUp(db.Model):
    """A visit (回访) to check that an agreement is being performed."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"))
    days_after: Mapped[int]
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    result: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agreement: Mapped[Agreement] = relationship()
    mediator: Mapped[Mediator | None] = relationship()
