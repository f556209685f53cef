"""Hand-offs between mediation and an agency, and their append-only timeline."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.accounts.models import User
from mediation.core.db import JSONDocument, UTCDateTime, utcnow
from mediation.disputes.models import Attachment, Dispute
from mediation.extensions import db
from mediation.handoffs.agencies import Agency
from mediation.outcomes.models import Agreement


class HandOff(db.Model):
    __tablename__ = "handoffs"
    __table_args__ = (
        # One agency never sends the same case number twice.
        UniqueConstraint("agency_id", "reference"),
        Index("ix_handoffs_agency_status", "agency_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(10))  # inbound or outbound
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    # The agency's own number: (2026)川2022民诉前调123号, a police incident or petition number.
    reference: Mapped[str | None] = mapped_column(String(80))
    referral_type: Mapped[str | None] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="sent")
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The clock: copied from the rule at sign-for, so a later rule change does not move it.
    signed_for_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_for_on: Mapped[date | None] = mapped_column(Date)
    rule_days: Mapped[int | None]
    rule_working_days: Mapped[bool] = mapped_column(default=False)
    rule_rolls_over: Mapped[bool] = mapped_column(default=False)
    # Kept up to date by the operations, for sorting and reminders; the clock is the truth.
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result: Mapped[str | None] = mapped_column(String(16))
    result_text: Mapped[str | None] = mapped_column(Text)
    result_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    agreement_effective_on: Mapped[date | None] = mapped_column(Date)
    # The agreement signed online in this system, when there is one (else the uploaded copy).
    online_agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"))
    # Court referrals: the parties apply for judicial confirmation within 30 days.
    confirmation_due_on: Mapped[date | None] = mapped_column(Date)
    confirmation_applied_on: Mapped[date | None] = mapped_column(Date)
    # The day the court's ruling confirmed the agreement (确认有效), for the statistics report.
    confirmation_granted_on: Mapped[date | None] = mapped_column(Date)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agency: Mapped[Agency] = relationship()
    dispute: Mapped[Dispute] = relationship()
    sent_by: Mapped[User | None] = relationship()
    agreement: Mapped[Attachment | None] = relationship()
    online_agreement: Mapped[Agreement | None] = relationship()
    events: Mapped[list["HandOffEvent"]] = relationship(
        back_populates="handoff", order_by="HandOffEvent.id"
    )

    @property
    def is_court(self) -> bool:
        return self.agency.kind in ("court", "tribunal")


class HandOffEvent(db.Model):
    """One line of a hand-off's timeline; never changed, a correction is a new event."""

    __tablename__ = "handoff_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The calendar day the event speaks of (a pause's first day), where it has one.
    effective_on: Mapped[date | None] = mapped_column(Date)
    # A correction names the event it corrects.
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("handoff_events.id"))
    data: Mapped[dict] = mapped_column(JSONDocument, default=dict)

    handoff: Mapped[HandOff] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class TimelineIsAppendOnly(Exception):
    pass


@event.listens_for(HandOffEvent, "before_update")
@event.listens_for(HandOffEvent, "before_delete")
def _refuse_changes(mapper, connection, target) -> None:
    raise TimelineIsAppendOnly(str(_l("Timeline events are never changed; add a correction.")))
