"""Mediation records (调解笔录), the rights notice's acknowledgements, and oral agreements."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.accounts.models import User
from mediation.core.db import UTCDateTime, utcnow
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.outcomes.models import Outcome
from mediation.scheduling.models import MediationSession


class SessionNote(db.Model):
    """A note the mediator writes during a session; a caucus note never enters the record."""

    __tablename__ = "session_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("mediation_sessions.id"), index=True)
    # "joint", or "caucus:<side>" for what was said with one side alone.
    place: Mapped[str] = mapped_column(String(24))
    body: Mapped[str] = mapped_column(Text)
    noted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A note replaced or struck out keeps its row, so an earlier version can be explained.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    written_by: Mapped[User | None] = relationship()


class InPersonAttendance(db.Model):
    """Who the mediator saw at a session held in a room: a party or an invited helper."""

    __tablename__ = "session_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("mediation_sessions.id"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    # An invited helper (参加人) has no party row, only a name.
    name: Mapped[str] = mapped_column(String(60))
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    party: Mapped[Party | None] = relationship()


class SessionRecord(db.Model):
    """One version of a session's record: its text and hash, kept when confirmed or changed."""

    __tablename__ = "session_records"
    __table_args__ = (UniqueConstraint("session_id", "version", name="uq_session_records_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("mediation_sessions.id"))
    version: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    record_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[MediationSession] = relationship()
    confirmations: Mapped[list["RecordConfirmation"]] = relationship(
        back_populates="record", order_by="RecordConfirmation.id"
    )


class ConfirmMethod(StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    ORAL = "oral"


class RecordConfirmation(db.Model):
    """A party's confirmation of one version of a record, by SMS code or on paper."""

    __tablename__ = "record_confirmations"
    __table_args__ = (Index("ix_record_confirmations_record_party", "record_id", "party_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("session_records.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    record_hash: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(10))  # ConfirmMethod: online | paper
    assurance: Mapped[str] = mapped_column(String(20))
    # For paper: the staff member who checked the party's identity, and what they checked.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    identification: Mapped[str | None] = mapped_column(String(120))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    record: Mapped[SessionRecord] = relationship(back_populates="confirmations")
    party: Mapped[Party] = relationship()
    entered_by: Mapped[User | None] = relationship()


class RightsAcknowledgement(db.Model):
    """A party's acknowledgement of the rights and obligations notice (告知书)."""

    __tablename__ = "rights_acknowledgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), unique=True)
    notice_hash: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(10))  # ConfirmMethod: online | paper | oral
    assurance: Mapped[str] = mapped_column(String(20))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    identification: Mapped[str | None] = mapped_column(String(120))
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime)

    party: Mapped[Party] = relationship()
    entered_by: Mapped[User | None] = relationship()


class OralAgreement(db.Model):
    """An oral agreement (人民调解法 art. 28) as the mediator recorded it: the register's row."""

    __tablename__ = "oral_agreements"
    __table_args__ = (Index("ix_oral_agreements_register", "township_id", "agreed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), unique=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id"))
    content: Mapped[str] = mapped_column(Text)
    # How and by when it is performed (履行方式、时限), and how it went (履行情况).
    performance: Mapped[str] = mapped_column(Text)
    performed: Mapped[str | None] = mapped_column(String(120))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    place: Mapped[str | None] = mapped_column(String(120))
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    township_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dispute: Mapped[Dispute] = relationship()
    outcome: Mapped[Outcome] = relationship()
    mediator: Mapped[Mediator | None] = relationship()
