"""Disputes, their parties, their attachments and the parties' own acts."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, Numeric, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from mediation.accounts.models import User
from mediation.core.db import UTCDateTime, utcnow
from mediation.core.identity import mask_resident_id
from mediation.disputes import codes
from mediation.extensions import db
from mediation.organisations.models import Organisation
from mediation.roster.models import Mediator, Studio


class Dispute(db.Model):
    __tablename__ = "disputes"
    __table_args__ = (
        Index("ix_disputes_state_filed_at", "state", "filed_at"),
        Index("ix_disputes_township_filed_at", "township_id", "filed_at"),
        # The latest change of any case, read by the reports to know their counts still hold.
        Index("ix_disputes_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(20), default="submitted")
    state_reason: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    township_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    preferred_language: Mapped[str | None] = mapped_column(String(32))
    preferred_mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"))
    preferred_studio_id: Mapped[int | None] = mapped_column(ForeignKey("studios.id"))
    # The organisation handling the case and the mediator on it, once assigned.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediators.id"), index=True)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Optimistic locking: two concurrent transitions cannot both win.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    parties: Mapped[list["Party"]] = relationship(
        back_populates="dispute", order_by="Party.position", cascade="all, delete-orphan"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="dispute", order_by="Attachment.id", cascade="all, delete-orphan"
    )
    township: Mapped[Organisation] = relationship(foreign_keys=[township_id])
    village: Mapped[Organisation | None] = relationship(foreign_keys=[village_id])
    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])
    mediator: Mapped[Mediator | None] = relationship(foreign_keys=[mediator_id])
    preferred_mediator: Mapped[Mediator | None] = relationship(foreign_keys=[preferred_mediator_id])
    preferred_studio: Mapped[Studio | None] = relationship()
    filed_by: Mapped[User | None] = relationship()

    @property
    def display_code(self) -> str:
        return codes.display(self.code)

    @property
    def applicants(self) -> list["Party"]:
        return [p for p in self.parties if p.side == "applicant"]

    @property
    def respondents(self) -> list["Party"]:
        return [p for p in self.parties if p.side == "respondent"]


class Party(db.Model):
    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    side: Mapped[str] = mapped_column(String(12))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(60))
    mobile: Mapped[str] = mapped_column(String(11), index=True)
    resident_id: Mapped[str | None] = mapped_column(String(18))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The particulars an agreement states (People's Mediation Law art. 29(1)); see
    # mediation/disputes/particulars.py for which a person or an organisation needs.
    kind: Mapped[str] = mapped_column(String(12), default="person", server_default="person")
    sex: Mapped[str | None] = mapped_column(String(6))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    birth_date: Mapped[date | None] = mapped_column(Date)
    age: Mapped[int | None]
    occupation: Mapped[str | None] = mapped_column(String(60))
    address: Mapped[str | None] = mapped_column(String(200))
    legal_representative: Mapped[str | None] = mapped_column(String(60))

    dispute: Mapped[Dispute] = relationship(back_populates="parties")
    user: Mapped[User | None] = relationship()

    @property
    def masked_resident_id(self) -> str:
        return mask_resident_id(self.resident_id)


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Kept in the database so an attachment is written in the same transaction as its case.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dispute: Mapped[Dispute] = relationship(back_populates="attachments")


class HeldUpload(db.Model):
    """A file chosen on a filing form that came back with an error, kept for the next try.

    The holder key is random, carried in the form and bound to the browser's session; a held
    file is attached when the form is finally sent, and expires after HELD_UPLOAD_HOURS.
    """

    __tablename__ = "held_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    holder_key: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class PartyAct(db.Model):
    """One act a party did on their case (art. 23), as theirs: online, or entered by staff."""

    __tablename__ = "party_acts"
    __table_args__ = (Index("ix_party_acts_dispute_act", "dispute_id", "act"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"))
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    act: Mapped[str] = mapped_column(String(20))  # mediation.disputes.rights.PartyActKind
    # What was chosen, where the act chooses: "public" or "private", a mediator's id.
    value: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    # How sure we are it was the party (mediation.accounts.assurance.Assurance).
    assurance: Mapped[str] = mapped_column(String(16))
    # The staff member who entered it for the party (a walk-in, a call); None when online.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    party: Mapped[Party] = relationship()
    entered_by: Mapped[User | None] = relationship()
