"""The case file's documents kept in this service: each a function of the dispute.

Each returns a Section, a list of them, or None when the case has no such document yet.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from mediation.core.audit import events_for
from mediation.core.i18n import local_time
from mediation.disputes.categories import CATEGORIES, CHANNELS, SIDES, STATES
from mediation.disputes.models import Attachment, Dispute
from mediation.extensions import db
from mediation.outcomes.agreements import agreement_for
from mediation.outcomes.documents import agreement_sections
from mediation.outcomes.followups import follow_ups_of
from mediation.outcomes.models import Agreement, Signature
from mediation.outcomes.operations import outcome_for
from mediation.outcomes.pdf import Section
from mediation.outcomes.schemas import FOLLOW_UP_RESULTS, RESULTS


def _events(dispute: Dispute, actions: tuple[str, ...]) -> list:
    return [e for e in events_for("dispute", dispute.id) if e.action in actions]


def application_section(dispute: Dispute) -> Section:
    rows = [
        (_("Case code"), dispute.display_code),
        (_("Filed"), local_time(dispute.filed_at)),
        (_("Channel"), str(CHANNELS.get(dispute.channel, dispute.channel))),
        (_("Category"), str(CATEGORIES.get(dispute.category, dispute.category))),
        (_("Township"), dispute.township.area or dispute.township.name),
        (_("Amount in dispute"), f"{dispute.amount} 元" if dispute.amount is not None else "—"),
        (_("State"), str(STATES.get(dispute.state, dispute.state))),
    ]
    rows += [(str(SIDES[p.side]), p.name) for p in dispute.parties]
    return Section(_("Application"), rows=rows, paragraphs=[dispute.description])


def _event_rows(events) -> list[tuple[str, str]]:
    rows = []
    for event in events:
        data = event.data
        detail = str(STATES.get(data.get("to"), data.get("to") or ""))
        if data.get("reason"):
            detail += f" · {data['reason']}"
        if data.get("mediator_id"):
            detail += " · " + _("Mediator") + f" #{data['mediator_id']}"
        rows.append((local_time(event.occurred_at), detail))
    return rows


def consent_section(dispute: Dispute) -> Section | None:
    events = _events(dispute, ("dispute.request_consent", "dispute.consent", "dispute.decline"))
    return Section(_("Consent to mediation"), rows=_event_rows(events)) if events else None


def assignment_section(dispute: Dispute) -> Section | None:
    events = _events(dispute, ("dispute.accept", "dispute.assign", "dispute.unassign"))
    if not events:
        return None
    rows = _event_rows(events)
    if dispute.mediator is not None:
        rows.append((_("Mediator"), dispute.mediator.name))
    return Section(_("Acceptance and assignment"), rows=rows)


def identity_section(dispute: Dispute) -> Section:
    """Each party's name and ID number as recorded (masked), by side."""
    label = _("Resident ID")
    rows = [
        (str(SIDES[p.side]), f"{p.name}  {label} {p.masked_resident_id or '—'}")
        for p in dispute.parties
    ]
    return Section(_("Parties' identity"), rows=rows)


def outcome_section(dispute: Dispute) -> Section | None:
    outcome = outcome_for(dispute)
    if outcome is None:
        return None
    rows = [
        (_("Result"), str(RESULTS[outcome.result])),
        (_("Decided"), local_time(outcome.decided_at)),
    ]
    paragraphs = [p for p in (outcome.reason,) if p]
    return Section(_("Outcome"), rows=rows, paragraphs=paragraphs)


def agreement_section(dispute: Dispute) -> list[Section] | None:
    agreement = agreement_for(dispute)
    if agreement is None:
        return None
    return agreement_sections(agreement)


def paper_scans(agreement: Agreement | None) -> list[Attachment]:
    """The scans of the agreement signed on paper, oldest first."""
    if agreement is None:
        return []
    return [
        s.attachment
        for s in sorted(agreement.signatures, key=lambda s: s.id)
        if s.attachment is not None
    ]


def paper_scans_section(dispute: Dispute) -> Section | None:
    scans = paper_scans(agreement_for(dispute))
    if not scans:
        return None
    rows = [(a.filename, f"SHA-256 {a.sha256}") for a in scans]
    return Section(_("Agreement signed on paper"), rows=rows)


def follow_up_section(dispute: Dispute) -> Section | None:
    visits = follow_ups_of(dispute.id)
    if not visits:
        return None
    rows = []
    for visit in visits:
        if visit.result:
            status = f"{FOLLOW_UP_RESULTS[visit.result]} ({local_time(visit.recorded_at)})"
            if visit.notes:
                status += f" · {visit.notes}"
        else:
            status = _("Due %(time)s", time=local_time(visit.due_at))
        rows.append((_("After %(days)s days", days=visit.days_after), status))
    return Section(_("Follow-up visits"), rows=rows)


def attachments_of(dispute: Dispute) -> list[Attachment]:
    """Every file uploaded to the case, signed paper scans included, oldest first."""
    return list(
        db.session.scalars(
            select(Attachment).where(Attachment.dispute_id == dispute.id).order_by(Attachment.id)
        )
    )


def _scan_ids(dispute: Dispute) -> set[int]:
    return set(
        db.session.scalars(
            select(Signature.attachment_id)
            .join(Agreement, Agreement.id == Signature.agreement_id)
            .where(Agreement.dispute_id == dispute.id, Signature.attachment_id.is_not(None))
        )
    )


def evidence_section(dispute: Dispute) -> Section | None:
    """The files uploaded as evidence (paper scans of the agreement go with the agreement)."""
    scans = _scan_ids(dispute)
    evidence = [a for a in attachments_of(dispute) if a.id not in scans]
    if not evidence:
        return None
    return Section(
        _("Evidence"),
        rows=[(a.filename, f"SHA-256 {a.sha256}") for a in evidence],
        paragraphs=[_("The files themselves are in the case file's archive of originals.")],
    )
