"""The case file's hand-offs section, which outcomes asks for through its hooks."""

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from mediation.core.i18n import local_time
from mediation.core.labels import label
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs.models import HandOff
from mediation.handoffs.timeline import effective_dates, status_of
from mediation.outcomes import hooks as outcome_hooks
from mediation.outcomes.pdf import Section


@outcome_hooks.on_case_file_section
def handoffs_section(dispute: Dispute) -> Section | None:
    """Hand-offs with courts, police and the petition bureau: reference, clock and timeline."""
    handoffs = db.session.scalars(
        select(HandOff).where(HandOff.dispute_id == dispute.id).order_by(HandOff.id)
    ).all()
    if not handoffs:
        return None
    rows = []
    for handoff in handoffs:
        rows.append((_("Reference"), handoff.reference or "—"))
        rows.append((_("Agency"), handoff.agency.name))
        rows.append((_("Status"), label(handoff.status, "handoff_status")))
        clock = status_of(handoff)
        if clock is not None and clock.due_on is not None:
            state = _("overdue") if clock.overdue else _("%(days)s days left", days=clock.days_left)
            rows.append((_("Due"), f"{format_date(clock.due_on)} · {state}"))
        if handoff.confirmation_due_on is not None:
            rows.append(
                (_("Apply for judicial confirmation by"), format_date(handoff.confirmation_due_on))
            )
        days = effective_dates(handoff)
        for event in handoff.events:
            name = label(event.kind, "handoff_event")
            day = days.get(event.id)
            if day is not None:
                name += f" · {format_date(day)}"
            rows.append((f"  {local_time(event.occurred_at)}", name))
    return Section(_("Hand-offs"), rows=rows)
