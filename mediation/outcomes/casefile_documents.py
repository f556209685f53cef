"""The case file's parts drawn from the standard documents: notice, records, oral agreement."""

from flask_babel import gettext as _

from mediation.core.i18n import local_time
from mediation.disputes.models import Dispute
from mediation.outcomes.oral import oral_agreement_for
from mediation.outcomes.pdf import Section
from mediation.outcomes.record_documents import notice_sections, text_sections
from mediation.outcomes.record_labels import CONFIRM_METHODS
from mediation.outcomes.records import assembled, sessions_of, versions
from mediation.outcomes.rights_notice import acknowledgements, is_served, notice_text


def rights_notice_section(dispute: Dispute) -> list[Section] | None:
    """The notice served on the parties, and how and when each acknowledged it."""
    if not is_served(dispute):
        return None
    lines = notice_text(dispute).strip().split("\n")
    sections = notice_sections(lines[1:])
    sections[0].title = lines[0]
    received = acknowledgements(dispute)
    rows = []
    for party in dispute.parties:
        ack = received.get(party.id)
        done = (
            f"{local_time(ack.acknowledged_at)} · {CONFIRM_METHODS.get(ack.method, ack.method)}"
            if ack
            else _("Not acknowledged yet")
        )
        rows.append((party.name, done))
    sections.append(Section(_("Acknowledged by the parties"), rows=rows))
    return sections


def mediation_records_section(dispute: Dispute) -> list[Section] | None:
    """Each session's mediation record: its latest kept version, or as its events give it now."""
    sections: list[Section] = []
    for number, session in enumerate(sessions_of(dispute), start=1):
        kept = versions(session)
        text = kept[-1].text if kept else assembled(session).text
        record = text_sections(text)
        record[0].title = _("Mediation record of session %(number)s", number=number)
        sections += record
    return sections or None


def oral_agreement_section(dispute: Dispute) -> Section | None:
    """The oral agreement's line of the register (口头协议登记表), in place of a written one."""
    oral = oral_agreement_for(dispute)
    if oral is None:
        return None
    rows = [
        (_("Agreed on"), local_time(oral.agreed_at)),
        (_("Content of the agreement"), oral.content),
        (_("How and by when it is performed"), oral.performance),
    ]
    if oral.performed:
        rows.append((_("How it was performed"), oral.performed))
    return Section(_("Oral agreement register"), rows=rows)
