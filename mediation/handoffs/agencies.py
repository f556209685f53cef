"""Agencies (courts, tribunals, police, petition bureau), their liaisons, rules and keys."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.accounts.models import User
from mediation.core.db import UTCDateTime, utcnow
from mediation.extensions import db
from mediation.organisations.models import Organisation


class Agency(db.Model):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    # A tribunal belongs to its court.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    # The township a police station or tribunal serves, if any.
    township_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # Optional: where status changes are posted, and the shared secret that signs them.
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    webhook_secret: Mapped[str | None] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped["Agency | None"] = relationship(remote_side="Agency.id")
    township: Mapped[Organisation | None] = relationship()


class AgencyMember(db.Model):
    """A liaison user speaking for one agency."""

    __tablename__ = "agency_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agency: Mapped[Agency] = relationship()
    user: Mapped[User] = relationship()


class DeadlineRule(db.Model):
    """A rule the county set for one referral type; where none is set, the code's default applies.

    See mediation.handoffs.deadline_rules for the defaults and which rule wins.
    """

    __tablename__ = "deadline_rules"
    __table_args__ = (UniqueConstraint("agency_id", "referral_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the county-wide rule for the referral type, for agencies without their own.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    referral_type: Mapped[str] = mapped_column(String(32))
    days: Mapped[int]
    working_days: Mapped[bool] = mapped_column(default=False)
    # A last day on a weekend or public holiday moves to the next working day.
    rolls_over: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    agency: Mapped[Agency | None] = relationship()


class AgencyApiKey(db.Model):
    """A key an agency's own system uses; only its SHA-256 is kept."""

    __tablename__ = "agency_api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    # The liaison account the key acts as, so every change has a person answerable for it.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agency: Mapped[Agency] = relationship()
    user: Mapped[User] = relationship()


class WebhookDelivery(db.Model):
    """One status change posted to an agency's system, resent until it is acknowledged."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_agency", "agency_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    event: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def agency_of(user: User) -> Agency | None:
    """Return the agency a liaison speaks for, if any."""
    return db.session.scalar(
        select(Agency).join(AgencyMember).where(AgencyMember.user_id == user.id)
    )
