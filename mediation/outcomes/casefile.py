"""The case file (卷宗): every document of a case in order, as one PDF or a ZIP archive.

A section is a function of the dispute returning a Section or None; add one to SECTIONS to
extend the file (sessions, attendance, hand-offs).
"""

import hashlib
import io
import zipfile
from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import select

from mediation.core.audit import events_for
from mediation.core.i18n import local_time
from mediation.disputes.categories import CATEGORIES, CHANNELS, SIDES, STATES
from mediation.disputes.models import Attachment, Dispute
from mediation.extensions import db
from mediation.outcomes import hooks
from mediation.outcomes.agreements import agreement_for
from mediation.outcomes.casefile_parts import sessions_section
from mediation.outcomes.documents import agreement_pdf, agreement_sections, case_url
from mediation.outcomes.followups import follow_ups_of
from mediation.outcomes.operations import outcome_for
from mediation.outcomes.pdf import Section, render_pdf
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
    rows += [
        (str(SIDES[p.side]), f"{p.name} {p.masked_resident_id}".strip()) for p in dispute.parties
    ]
    return Section(_("Application"), rows=rows, paragraphs=[dispute.description])


def _event_rows(events) -> list[tuple[str, str]]:
    rows = []
    for event in events:
        data = event.data
        detail = str(STATES.get(data.get("to"), data.get("to") or ""))
        if data.get("reason"):
            detail += f" · {data['reason']}"
        if data.get("mediator_id"):
            detail += f" · {_('Mediator')} #{data['mediator_id']}"
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
    sections = agreement_sections(agreement)
    sections[0].title = _("Agreement") + " · " + sections[0].title
    sections[0].new_page = True
    return sections


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


def _attachments(dispute: Dispute) -> list[Attachment]:
    return list(
        db.session.scalars(
            select(Attachment).where(Attachment.dispute_id == dispute.id).order_by(Attachment.id)
        )
    )


def attachments_section(dispute: Dispute) -> Section | None:
    attachments = _attachments(dispute)
    if not attachments:
        return None
    return Section(
        _("Attachments"),
        rows=[(a.filename, f"SHA-256 {a.sha256}") for a in attachments],
        files=[(a.filename, a.content) for a in attachments],
    )


# The case file's parts, in order; each returns a Section, a list of them, or None.
SECTIONS: tuple[Callable[[Dispute], Section | list[Section] | None], ...] = (
    application_section,
    consent_section,
    assignment_section,
    sessions_section,
    hooks.case_file_sections,  # what other domains add: the hand-offs
    outcome_section,
    agreement_section,
    follow_up_section,
    attachments_section,
)


def case_sections(dispute: Dispute) -> list[Section]:
    sections: list[Section] = []
    for build in SECTIONS:
        produced = build(dispute)
        if isinstance(produced, Section):
            sections.append(produced)
        elif produced:
            sections.extend(produced)
    return sections


def case_file_pdf(dispute: Dispute) -> bytes:
    return render_pdf(
        _("Case file"),
        dispute.display_code,
        case_url(dispute),
        case_sections(dispute),
        footer=_("Case file"),
    )


def case_file_zip(dispute: Dispute) -> bytes:
    """Return the case file PDF, the agreement PDF and every attachment, with a manifest."""
    files: list[tuple[str, bytes]] = [(f"{dispute.code}-case-file.pdf", case_file_pdf(dispute))]
    agreement = agreement_for(dispute)
    if agreement is not None:
        files.append((f"{dispute.code}-agreement.pdf", agreement_pdf(agreement)))
    for index, (name, content) in enumerate(
        (f for s in case_sections(dispute) for f in s.files), start=1
    ):
        files.append((f"attachments/{index:02d}-{name}", content))
    manifest = "\n".join(f"{hashlib.sha256(c).hexdigest()}  {n}" for n, c in files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
        archive.writestr("SHA256SUMS.txt", manifest + "\n")
    return buffer.getvalue()
