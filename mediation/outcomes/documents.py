"""The agreement as sections of text, shared by its page, its PDF and the case file."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from mediation.accounts.assurance import Assurance
from mediation.core.i18n import local_time
from mediation.core.urls import external
from mediation.disputes.categories import SIDES
from mediation.outcomes import agreement_wording as words
from mediation.outcomes import signing
from mediation.outcomes.agreement_pdf import AgreementDocument, SignatureBox, render_agreement
from mediation.outcomes.agreements import agreement_text, committee_of, signer_states
from mediation.outcomes.models import Agreement, Signature
from mediation.outcomes.pdf import Section, chinese_document


def local_day(instant: datetime) -> date:
    """The county's day of an instant (TIMEZONE): the day a document states."""
    return instant.astimezone(ZoneInfo(current_app.config["TIMEZONE"])).date()


def case_url(dispute) -> str:
    return external("disputes.case", code=dispute.code)


def signer_label(agreement: Agreement, signer: str) -> str:
    kind, _sep, raw_id = signer.partition(":")
    if kind == "mediator":
        return _("Mediator: %(name)s", name=agreement.dispute.mediator.name)
    party = next(p for p in agreement.dispute.parties if p.id == int(raw_id))
    return _("%(side)s: %(name)s", side=SIDES[party.side], name=party.name)


def verified_how(signature: Signature) -> str:
    """Say in words how the signer was identified."""
    if signature.assurance == Assurance.ID_IN_PERSON:
        name = signature.verified_by.name if signature.verified_by else "?"
        return _("ID card checked in person by staff (%(name)s)", name=name)
    if signature.assurance == Assurance.SMS_CODE:
        return _("SMS code")
    if signature.assurance == Assurance.PHONE_CALL:
        return _("Checked by a phone call")
    return _("Case link only")


@dataclass(frozen=True)
class SignerRow:
    """One line of the signers' list: who, whether and how they signed, and if it counts."""

    label: str
    signature: Signature | None
    counts: bool
    status: str
    verified: str | None


def signer_rows(
    agreement: Agreement, states: list[signing.SignerState] | None = None
) -> list[SignerRow]:
    """Each required signer, in order, with the signature that counts (or their latest)."""
    by_id = {s.id: s for s in agreement.valid_signatures}
    rows = []
    for state in states if states is not None else signer_states(agreement):
        signature = by_id.get(state.signature.ref) if state.signature else None
        if signature is None:
            status = _("Not signed yet")
        elif signature.method == signing.Method.PAPER:
            status = _("Signed on paper (%(time)s)", time=local_time(signature.signed_at))
        else:
            status = _("Signed online (%(time)s)", time=local_time(signature.signed_at))
        rows.append(
            SignerRow(
                label=signer_label(agreement, state.signer),
                signature=signature,
                counts=state.counts,
                status=status,
                verified=verified_how(signature) if signature else None,
            )
        )
    return rows


def signature_rows(agreement: Agreement) -> list[tuple[str, str]]:
    rows = []
    for row in signer_rows(agreement):
        status = row.status
        if row.verified:
            status = _("%(status)s; verified by: %(how)s", status=status, how=row.verified)
        if row.signature is not None and not row.counts:
            status = _("%(status)s; this check is not enough for it to count", status=status)
        rows.append((row.label, status))
    return rows


def agreement_sections(agreement: Agreement) -> list[Section]:
    """Return the agreement's parts in the order of a 调解协议书, for its page and case file."""
    text = agreement_text(agreement)
    dispute = agreement.dispute
    label = _("ID number")
    parties = [
        (
            str(SIDES[p.side]),
            p.name + (f"  {label} {p.masked_resident_id}" if p.resident_id else ""),
        )
        for p in dispute.parties
    ]
    effective = (
        _("In effect since %(time)s", time=local_time(agreement.effective_at))
        if agreement.effective_at
        else _(
            "Not yet in effect: it takes effect when every party and the mediator have signed "
            "and the committee's seal is applied."
        )
    )
    sealed = _("Not applied yet")
    if agreement.sealed_at:
        when = local_time(agreement.sealed_at)
        sealed = _("Applied %(time)s by %(name)s", time=when, name=_sealer(agreement))
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
        Section(
            _("Signatures"),
            rows=[*signature_rows(agreement), (_("Committee's seal"), sealed)],
            paragraphs=[effective],
        ),
        Section(
            _("Document"),
            rows=[
                (_("Agreement number"), agreement.number or _("Given when it takes effect")),
                (_("Revision"), str(agreement.revision)),
                (_("SHA-256"), agreement.document_hash),
            ],
        ),
    ]


def _sealer(agreement: Agreement) -> str:
    return agreement.sealed_by.name if agreement.sealed_by else "?"


def _box_note(row: SignerRow) -> str:
    """What the box of someone who signed in this system says: when and how they signed."""
    if row.signature is None or not row.counts:
        return ""
    return f"{row.status}；{row.verified}" if row.verified else row.status


def signature_boxes(agreement: Agreement) -> tuple[SignatureBox, ...]:
    """A box for each party, the mediator and the recorder, in the agreement's order."""
    dispute = agreement.dispute
    rows = signer_rows(agreement)
    boxes = []
    for party, row in zip(dispute.parties, rows, strict=False):
        side = words.SIDES.get(party.side, party.side)
        boxes.append(SignatureBox(words.PARTY_SIGNS, f"{side} {party.name}", _box_note(row)))
    if dispute.mediator is not None:
        note = _box_note(rows[-1]) if len(rows) > len(dispute.parties) else ""
        boxes.append(SignatureBox(words.MEDIATOR_SIGNS, dispute.mediator.name, note))
    boxes.append(SignatureBox(words.RECORDER_SIGNS, ""))
    return tuple(boxes)


def agreement_pdf(agreement: Agreement) -> bytes:
    """Render the agreement in the standard layout; the seal shows once it is applied."""
    committee = agreement.committee or committee_of(agreement.dispute)
    # A Chinese document whatever the reader's language: what it writes through gettext (the
    # category, how each signer signed) is written in Chinese (DOCUMENT_LOCALE).
    with chinese_document():
        document = AgreementDocument(
            text=agreement_text(agreement),
            number=agreement.number,
            boxes=signature_boxes(agreement),
            seal_png=committee.seal_png if agreement.sealed_at else None,
            effective_on=local_day(agreement.effective_at) if agreement.effective_at else None,
            document_hash=agreement.document_hash,
            case_url=case_url(agreement.dispute),
        )
    return render_agreement(document)
