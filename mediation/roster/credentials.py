"""A mediator's credentials: the certificates they hold and the training they took."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.extensions import db
from mediation.roster.models import Mediator


class Certificate(db.Model):
    """A certificate a mediator holds (调解员证, a lawyer's licence, a training certificate)."""

    __tablename__ = "mediator_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(60))
    issued_by: Mapped[str] = mapped_column(String(120))
    issued_on: Mapped[date] = mapped_column(Date)
    # None: the certificate does not expire.
    expires_on: Mapped[date | None] = mapped_column(Date)

    mediator: Mapped[Mediator] = relationship()


class TrainingRecord(db.Model):
    """One course a mediator attended, with its hours (counted per year on the profile)."""

    __tablename__ = "mediator_training"

    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), index=True)
    course: Mapped[str] = mapped_column(String(120))
    provider: Mapped[str] = mapped_column(String(120))
    held_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    note: Mapped[str | None] = mapped_column(String(500))

    mediator: Mapped[Mediator] = relationship()
