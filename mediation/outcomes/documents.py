"""The agreement as sections of text, shared by its page, its PDF and the case file."""

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _

from mediation.disputes.categories import SIDES
from mediation.outcomes.agreements import agreement_text, required_signers
from mediation.outcomes.models import Agreement
from mediation.outcomes.pdf import Section, render_pdf


def case_url(dispute) -> str:
    return f"{current_app.config['PUBLIC_URL']}/disputes/{dispute.code}"


def signer_label(agreement: Agreement, signer: str) -> str:
    kind, _sep, raw_id = signer.partition(":")
    if kind == "mediator":
        return _("Mediator: %(name)s", name=agreement.dispute.mediator.name)
    party = next(p for p in agreement.dispute.parties if p.id == int(raw_id))
    return f"{SIDES[party.side]}: {party.name}"


def signature_rows(agreement: Agreement) -> list[tuple[str, str]]:
    signed = {s.signer: s for s in agreement.valid_signatures}
    rows = []
    for signer in required_signers(agreement):
        signature = signed.get(signer)
        if signature is None:
            status = _("Not signed yet")
        elif signature.method == "paper":
            status = _("Signed on paper (%(time)s)", time=format_datetime(signature.signed_at))
        else:
            status = _("Signed online (%(time)s)", time=format_datetime(signature.signed_at))
        rows.append((signer_label(agreement, signer), status))
    return rows


def agreement_sections(agreement: Agreement) -> list[Section]:
    """Return the agreement's parts, in the order of a 调解协议书."""
    text = agreement_text(agreement)
    dispute = agreement.dispute
    parties = [
        (
            str(SIDES[p.side]),
            p.name + (f"  {_('Resident ID')} {p.masked_resident_id}" if p.resident_id else ""),
        )
        for p in dispute.parties
    ]
    effective = (
        _("In effect since %(time)s", time=format_datetime(agreement.effective_at))
        if agreement.effective_at
        else _("Not yet in effect: it takes effect when every party and the mediator have signed.")
    )
    return [
        Section(_("Parties"), rows=parties),
        Section(
            _("The dispute"),
            rows=[(_("Category"), text.category), (_("Case code"), text.code)],
            paragraphs=[text.description],
        ),
        Section(_("Terms agreed"), paragraphs=[text.terms]),
        Section(
            _("Mediation"),
            rows=[(_("Mediation committee"), text.committee), (_("Mediator"), text.mediator)],
            paragraphs=[
                _(
                    "This agreement was reached voluntarily through people's mediation and is "
                    "binding on the parties once signed. The parties may jointly apply to the "
                    "court for judicial confirmation within 30 days of its taking effect."
                )
            ],
        ),
        Section(_("Signatures"), rows=signature_rows(agreement), paragraphs=[effective]),
        Section(
            _("Document"),
            rows=[
                (_("Revision"), str(agreement.revision)),
                (_("SHA-256"), agreement.document_hash),
            ],
        ),
    ]


def agreement_pdf(agreement: Agreement) -> bytes:
    dispute = agreement.dispute
    return render_pdf(
        _("People's mediation agreement"),
        dispute.display_code,
        case_url(dispute),
        agreement_sections(agreement),
        footer=_("People's mediation agreement"),
    )
