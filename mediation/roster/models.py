"""The roster: mediators, the relations each declared, the brand studios (品牌调解室).

It sits below disputes: a dispute names its mediator and the studio a party asked for, and
filing and the case page list them. Assignments, recusals and conflicts, which are about
disputes, stay in mediation.mediators.
"""

from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.accounts.models import User
from mediation.core.db import JSONDocument
from mediation.extensions import db
from mediation.organisations.models import Organisation


class Mediator(db.Model):
    __tablename__ = "mediators"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    full_time: Mapped[bool] = mapped_column(default=False)
    gold_medal: Mapped[bool] = mapped_column(default=False)
    specialties: Mapped[list] = mapped_column(JSONDocument, default=list)
    languages: Mapped[list] = mapped_column(JSONDocument, default=list)
    capacity: Mapped[int] = mapped_column(default=10)
    active: Mapped[bool] = mapped_column(default=True)
    # lawyer, notary, retired judge ... (see mediation.mediators.labels.BACKGROUNDS)
    background: Mapped[str | None] = mapped_column(String(32))
    introduction: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()
    relations: Mapped[list["DeclaredRelation"]] = relationship(
        back_populates="mediator", order_by="DeclaredRelation.id", cascade="all, delete-orphan"
    )

    @property
    def name(self) -> str:
        return self.user.name


class RelationKind(StrEnum):
    RELATIVE = "relative"  # a relative or close associate: name with mobile or ID number
    INTEREST = "interest"  # an organisation the mediator has an interest in


class DeclaredRelation(db.Model):
    """Someone a mediator must not mediate for; shown to the mediator and coordinators only."""

    __tablename__ = "mediator_relations"

    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    mobile: Mapped[str | None] = mapped_column(String(11))
    resident_id: Mapped[str | None] = mapped_column(String(18))
    note: Mapped[str | None] = mapped_column(String(200))

    mediator: Mapped[Mediator] = relationship(back_populates="relations")


class Studio(db.Model):
    __tablename__ = "studios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    lead_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"))
    specialties: Mapped[list] = mapped_column(JSONDocument, default=list)
    stars: Mapped[int] = mapped_column(default=3)
    active: Mapped[bool] = mapped_column(default=True)
    introduction: Mapped[str | None] = mapped_column(Text)

    lead: Mapped[Mediator] = relationship()
    organisation: Mapped[Organisation] = relationship()
    memberships: Mapped[list["StudioMember"]] = relationship(
        back_populates="studio", order_by="StudioMember.id", cascade="all, delete-orphan"
    )

    @property
    def team(self) -> list[Mediator]:
        """The lead first, then the members."""
        return [self.lead] + [m.mediator for m in self.memberships if m.mediator_id != self.lead_id]


class StudioMember(db.Model):
    __tablename__ = "studio_members"
    __table_args__ = (UniqueConstraint("studio_id", "mediator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studios.id"))
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), index=True)

    studio: Mapped[Studio] = relationship(back_populates="memberships")
    mediator: Mapped[Mediator] = relationship()
