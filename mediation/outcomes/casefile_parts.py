"""Case-file sections drawn from other domains: the sessions held."""

from flask_babel import gettext as _
from sqlalchemy import select

from mediation.core.audit import events_for
from mediation.core.i18n import local_span, local_time
from mediation.core.labels import label
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.outcomes.pdf import Section
from mediation.scheduling.models import MediationSession


def _history(kind: str, subject_id: int) -> list[tuple[str, str]]:
    rows = []
    for event in events_for(kind, subject_id):
        detail = label(event.action, "event")
        if event.data.get("reason"):
            detail += f" · {event.data['reason']}"
        rows.append((f"  {local_time(event.occurred_at)}", detail))
    return rows


def sessions_section(dispute: Dispute) -> Section | None:
    """Every session booked for the case: time, mode, status and what happened to it."""
    sessions = db.session.scalars(
        select(MediationSession)
        .where(MediationSession.dispute_id == dispute.id)
        .order_by(MediationSession.start_at, MediationSession.id)
    ).all()
    if not sessions:
        return None
    rows = []
    for number, session in enumerate(sessions, start=1):
        when = local_span(session.start_at, session.end_at)
        rows.append((_("Session %(number)s", number=number), when))
        rows.append((_("Mode"), label(session.mode, "session_mode")))
        rows.append((_("Status"), label(session.status, "session_status")))
        if session.status_reason:
            rows.append((_("Reason"), session.status_reason))
        rows += _history("session", session.id)
    return Section(_("Mediation sessions"), rows=rows)
