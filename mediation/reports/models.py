"""Screening and hotline logs, and the yearly indicators' baselines and targets."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.core.db import UTCDateTime, utcnow
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.organisations.models import Organisation

# Carries the dashboard over the disputes table: a year's disputes are read from this index
# alone (filed_at range, then grouped by state, category, township or mediator).
DISPUTES_REPORT_INDEX = Index(
    "ix_disputes_report",
    Dispute.filed_at,
    Dispute.state,
    Dispute.category,
    Dispute.township_id,
    Dispute.mediator_id,
)
# The same for one station's dashboard: its disputes of a period are one contiguous range.
DISPUTES_STATION_INDEX = Index(
    "ix_disputes_station_report",
    Dispute.township_id,
    Dispute.filed_at,
    Dispute.state,
    Dispute.category,
    Dispute.mediator_id,
)


class ScreeningLog(db.Model):
    """One screening round (排查) in a township or village: disputes found and prevented."""

    __tablename__ = "screening_logs"
    __table_args__ = (Index("ix_screening_logs_held_on", "held_on", "township_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    held_on: Mapped[date]
    runs: Mapped[int] = mapped_column(default=1)
    disputes_found: Mapped[int] = mapped_column(default=0)
    disputes_prevented: Mapped[int] = mapped_column(default=0)
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    township: Mapped[Organisation] = relationship(foreign_keys=[township_id])
    village: Mapped[Organisation | None] = relationship(foreign_keys=[village_id])


class HotlineCall(db.Model):
    """A call to the 12348 hotline: received, and answered or missed."""

    __tablename__ = "hotline_calls"
    __table_args__ = (Index("ix_hotline_calls_received_at", "received_at", "answered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered: Mapped[bool]
    township_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    category: Mapped[str | None] = mapped_column(String(32))
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("disputes.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    township: Mapped[Organisation | None] = relationship()


# A row of no county (organisation_id NULL) is the deployment's default; the database's unique
# constraints treat NULLs as distinct, so the defaults are kept unique by a partial index.
DEFAULT_ROW = text("organisation_id IS NULL")


def _default_index(name: str, *columns: str) -> Index:
    where = {"sqlite_where": DEFAULT_ROW, "postgresql_where": DEFAULT_ROW}
    return Index(name, *columns, unique=True, **where)


class IndicatorTarget(db.Model):
    """The plan's baseline and target of one indicator: a county's own, or the default."""

    __tablename__ = "indicator_targets"
    __table_args__ = (
        UniqueConstraint("organisation_id", "indicator", name="uq_indicator_targets_county"),
        _default_index("uq_indicator_targets_default", "indicator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The county centre whose plan this is; NULL: the default of every county without its own.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    indicator: Mapped[str] = mapped_column(String(40))
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    baseline_year: Mapped[int | None]
    target: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    target_year: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SubsidyRate(db.Model):
    """A county's subsidy per case (以奖代补) for one category and outcome, in yuan."""

    __tablename__ = "subsidy_rates"
    __table_args__ = (
        UniqueConstraint("organisation_id", "category", "result", name="uq_subsidy_rates_county"),
        _default_index("uq_subsidy_rates_default", "category", "result"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The county centre whose rate this is; NULL: the default of every county without its own.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    category: Mapped[str] = mapped_column(String(32))
    result: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
