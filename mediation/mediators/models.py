"""Mediators and brand studios (品牌调解室)."""

from sqlalchemy import ForeignKey, String
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

    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()

    @property
    def name(self) -> str:
        return self.user.name


class Studio(db.Model):
    __tablename__ = "studios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    lead_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"))
    specialties: Mapped[list] = mapped_column(JSONDocument, default=list)
    stars: Mapped[int] = mapped_column(default=3)
    active: Mapped[bool] = mapped_column(default=True)

    lead: Mapped[Mediator] = relationship()
    organisation: Mapped[Organisation] = relationship()
