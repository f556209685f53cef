"""Availability, rooms, sessions and calendar feeds."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.accounts.models import User
from mediation.core.db import JSONDocument, UTCDateTime, utcnow
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.organisations.models import Organisation
from mediation.scheduling.lifecycle import LIVE, SessionStatus

MODES = ("video", "in_person", "hybrid")


class Availability(db.Model):
    """A mediator's bookable hours and booking rules, in their own zone."""

    __tablename__ = "availabilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    # {"0": [["09:00", "12:00"], ...], ...}: Monday is "0".
    weekly: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    buffer_before_minutes: Mapped[int] = mapped_column(default=0)
    buffer_after_minutes: Mapped[int] = mapped_column(default=15)
    min_notice_minutes: Mapped[int] = mapped_column(default=24 * 60)
    horizon_days: Mapped[int] = mapped_column(default=60)
    slot_minutes: Mapped[int] = mapped_column(default=60)
    interval_minutes: Mapped[int] = mapped_column(default=30)
    observe_holidays: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    mediator: Mapped[Mediator] = relationship()


class AvailabilityOverride(db.Model):
    """Other hours, or none, on one local date."""

    __tablename__ = "availability_overrides"
    __table_args__ = (UniqueConstraint("mediator_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    windows: Mapped[list] = mapped_column(JSONDocument, default=list)  # [] is a day off
    note: Mapped[str | None] = mapped_column(String(120))


class Room(db.Model):
    """A mediation room at a station or centre, booked for in-person sessions."""

    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    capacity: Mapped[int] = mapped_column(default=8)
    active: Mapped[bool] = mapped_column(default=True)

    organisation: Mapped[Organisation] = relationship()

    @property
    def label(self) -> str:
        return f"{self.organisation.name} · {self.name}"


class MediationSession(db.Model):
    """A sitting of a dispute with its mediator (调解会议)."""

    __tablename__ = "mediation_sessions"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="ends_after_start"),
        Index("ix_mediation_sessions_mediator_start", "mediator_id", "start_at"),
        Index("ix_mediation_sessions_room_start", "room_id", "start_at"),
        # The database itself refuses two live bookings of one mediator or one room that
        # overlap in time; SQLite gets the same guarantee from serialised writes.
        ExcludeConstraint(
            ("mediator_id", "="),
            (db.func.tstzrange(db.column("start_at"), db.column("end_at")), "&&"),
            name="no_overlapping_mediator_sessions",
            using="gist",
            where="status <> 'cancelled'",
        ).ddl_if(dialect="postgresql"),
        ExcludeConstraint(
            ("room_id", "="),
            (db.func.tstzrange(db.column("start_at"), db.column("end_at")), "&&"),
            name="no_overlapping_room_sessions",
            using="gist",
            where="status <> 'cancelled' AND room_id IS NOT NULL",
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The iCalendar UID: fixed for the session's life; SEQUENCE counts its changes.
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    mediator_id: Mapped[int] = mapped_column(ForeignKey("mediators.id"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mode: Mapped[str] = mapped_column(String(12))
    # A SessionStatus (mediation.scheduling.lifecycle); it changes only through that table.
    status: Mapped[str] = mapped_column(String(12), default=SessionStatus.SCHEDULED)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    dispute: Mapped[Dispute] = relationship()
    mediator: Mapped[Mediator] = relationship()
    room: Mapped[Room | None] = relationship()
    booked_by: Mapped[User | None] = relationship()

    @property
    def live(self) -> bool:
        return self.status in LIVE


class CalendarFeed(db.Model):
    """A user's private calendar feed address; a new token revokes the old address."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
