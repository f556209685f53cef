"""Agreements: draft from the outcome, sign online or on paper, revise (voiding), take effect."""

from collections.abc import Mapping
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.assurance import Assurance, meets
from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, Forbidden, ValidationFailed
from mediation.disputes.attachments import Upload
from mediation.disputes.categories import CATEGORIES
from mediation.disputes.models import Attachment, Dispute, Party
from mediation.disputes.operations import add_attachment
from mediation.extensions import db
from mediation.organisations.models import Organisation
from mediation.outcomes import agreement_wording, numbering, signing
from mediation.outcomes.agreement_items import check_complete
from mediation.outcomes.counters import claim_serial
from mediation.outcomes.followups import schedule_follow_ups
from mediation.outcomes.models import Agreement, Outcome, Signature

EFFECTIVE_EVENT = "agreement.effective"


def committee_of(dispute: Dispute) -> Organisation:
    """The organisation whose people's mediation committee makes the case's agreement."""
    return dispute.organisation or dispute.township


def agreement_text(agreement: Agreement) -> signing.AgreementText:
    """Gather what the agreement says from its case, in the agreement's wording."""
    dispute = agreement.dispute
    committee = agreement.committee or committee_of(dispute)
    return signing.AgreementText(
        code=dispute.display_code,
        category=str(CATEGORIES.get(dispute.category, dispute.category)),
        description=dispute.description,
        terms=agreement.terms,
        revision=agreement.revision,
        committee=committee.committee_title or "",
        mediator=dispute.mediator.name if dispute.mediator else "",
        parties=tuple(
            signing.PartyLine(
                p.side,
                p.name,
                p.masked_resident_id,
                agreement_wording.particulars(p, current_app.config["AGREEMENT_FULL_RESIDENT_ID"]),
            )
            for p in dispute.parties
        ),
        facts=agreement.facts or "",
        disputed_matters=agreement.disputed_matters or "",
        responsibilities=agreement.responsibilities or "",
        performances=tuple(
            signing.PerformanceLine(
                p.term,
                p.party.name if p.party else agreement_wording.ALL_PARTIES,
                p.method,
                p.due_on.isoformat(),
            )
            for p in agreement.performances
        ),
        copies=agreement.copies or 0,
    )


def rehash(agreement: Agreement) -> None:
    """Write the hash of what the agreement now says."""
    agreement.document_hash = signing.document_hash(agreement_text(agreement))


def required_signers(agreement: Agreement) -> list[str]:
    dispute = agreement.dispute
    return signing.required_signers([p.id for p in dispute.parties], dispute.mediator_id)


def levels() -> signing.Levels:
    """The assurance online and paper signatures must reach, as configured."""
    config = current_app.config
    return signing.Levels(
        online=config["SIGNATURE_ONLINE_ASSURANCE"], paper=config["SIGNATURE_PAPER_ASSURANCE"]
    )


def given(agreement: Agreement) -> list[signing.Given]:
    return [
        signing.Given(s.signer, s.method, s.assurance, s.id) for s in agreement.valid_signatures
    ]


def signer_states(agreement: Agreement) -> list[signing.SignerState]:
    """Each required signer of the agreement, and whether a signature of theirs counts."""
    return signing.signer_states(required_signers(agreement), given(agreement), levels())


def pending_signers(agreement: Agreement, signers: list[str]) -> list[str]:
    """Those of `signers` who have no signature that meets its level yet."""
    return signing.missing_signers(signers, given(agreement), levels())


def signer_mobiles(agreement: Agreement, signer: str, user: User | None) -> list[str]:
    """The mobiles whose proof identifies `signer`: the case's number, or the own account's."""
    dispute = agreement.dispute
    kind, _sep, raw_id = signer.partition(":")
    if kind == "mediator":
        mediator = dispute.mediator
        return [mediator.user.mobile] if mediator and mediator.id == int(raw_id) else []
    party = next((p for p in dispute.parties if p.id == int(raw_id)), None)
    if party is None:
        return []
    mobiles = [party.mobile] if party.mobile else []
    if user is not None and party.user_id == user.id and user.mobile not in mobiles:
        mobiles.append(user.mobile)
    return mobiles


def paper_copies(agreement: Agreement) -> list[Attachment]:
    """Scanned copies already recorded for this revision, which later signers may refer to."""
    copies: dict[int, Attachment] = {}
    for signature in agreement.valid_signatures:
        if (
            signature.method == signing.Method.PAPER
            and signature.attachment is not None
            and signature.document_hash == agreement.document_hash
        ):
            copies.setdefault(signature.attachment.id, signature.attachment)
    return list(copies.values())


def agreement_for(dispute: Dispute) -> Agreement | None:
    return db.session.scalar(select(Agreement).where(Agreement.dispute_id == dispute.id))


def agreement_took_effect(dispute: Dispute) -> datetime | None:
    """Return when the dispute's agreement took effect (all signed), or None."""
    return db.session.scalar(
        select(Agreement.effective_at).where(Agreement.dispute_id == dispute.id)
    )


def draft_agreement(dispute: Dispute, outcome: Outcome, user: User | None) -> Agreement:
    """Write the agreement of a settled dispute from its outcome's terms."""
    if agreement_for(dispute) is not None:
        raise Conflict(_l("This case already has an agreement."))
    agreement = Agreement(
        dispute=dispute,
        outcome=outcome,
        terms=outcome.terms or "",
        committee=committee_of(dispute),
        facts=dispute.description,
        copies=len(dispute.parties) + 1,
    )
    rehash(agreement)
    db.session.add(agreement)
    db.session.flush()
    record_event(
        "agreement.drafted",
        "dispute",
        dispute.id,
        actor_id=user.id if user else None,
        agreement_id=agreement.id,
        document_hash=agreement.document_hash,
    )
    return agreement


def signers_for(agreement: Agreement, user: User | None, link_party: Party | None) -> list[str]:
    """Return the signers the requester stands for: their party entries, or the mediator."""
    dispute = agreement.dispute
    mine = []
    for party in dispute.parties:
        if (link_party is not None and party.id == link_party.id) or (
            user is not None and party.user_id == user.id
        ):
            mine.append(signing.party_signer(party.id))
    if user is not None and dispute.mediator is not None and dispute.mediator.user_id == user.id:
        mine.append(signing.mediator_signer(dispute.mediator_id))
    return mine


def sign_agreement(
    agreement: Agreement,
    user: User | None,
    link_party: Party | None,
    seen_hash: str,
    assurances: Mapping[str, str],
    at: datetime | None = None,
) -> list[Signature]:
    """Sign online as every signer the requester stands for who has not signed yet.

    `assurances` says how each of those signers is identified in this request (a fresh SMS
    code proof, or only the case link); below SIGNATURE_ONLINE_ASSURANCE nothing is signed.
    """
    mine = signers_for(agreement, user, link_party)
    if not mine:
        raise Forbidden(_l("Only the parties and the mediator of this case sign its agreement."))
    if agreement.effective_at is not None:
        raise Conflict(_l("You have already signed; the agreement has taken effect."))
    check_complete(agreement)
    if seen_hash != agreement.document_hash:
        raise Conflict(
            _l("The agreement changed after you opened it. Read it again before signing."),
            code="agreement_changed",
        )
    pending = pending_signers(agreement, mine)
    if not pending:
        raise Conflict(_l("You have already signed this agreement."), code="already_signed")
    level = levels().online
    if not all(meets(assurances.get(signer), level) for signer in pending):
        raise Forbidden(
            _l(
                "First confirm your mobile number: we text you a code, you type it in, "
                "then you can sign."
            ),
            code="confirm_mobile",
        )
    at = at or utcnow()
    signatures = [
        _signature(agreement, signer, user, signing.Method.ONLINE, assurances[signer], at)
        for signer in pending
    ]
    take_effect_if_complete(agreement, user, at)
    return signatures


def _signature(
    agreement: Agreement,
    signer: str,
    user: User | None,
    method: str,
    assurance: str,
    at: datetime,
    attachment: Attachment | None = None,
    verified_by: User | None = None,
) -> Signature:
    kind, _, raw_id = signer.partition(":")
    signature = Signature(
        agreement=agreement,
        signer=signer,
        party_id=int(raw_id) if kind == "party" else None,
        mediator_id=int(raw_id) if kind == "mediator" else None,
        user_id=user.id if user else None,
        method=str(method),
        assurance=str(assurance),
        verified_by=verified_by,
        document_hash=agreement.document_hash,
        attachment=attachment,
        signed_at=at,
    )
    db.session.add(signature)
    db.session.flush()
    extra = {"verified_by": verified_by.id} if verified_by is not None else {}
    record_event(
        "agreement.signed",
        "dispute",
        agreement.dispute_id,
        actor_id=user.id if user else None,
        agreement_id=agreement.id,
        signer=signer,
        method=str(method),
        assurance=str(assurance),
        document_hash=agreement.document_hash,
        **extra,
    )
    return signature


def record_paper_signature(
    agreement: Agreement,
    signer: str,
    user: User,
    id_checked: bool,
    upload: Upload | None = None,
    copy_id: int | None = None,
    at: datetime | None = None,
) -> Signature:
    """Record one signer's signature on paper, their ID card checked in person by `user`.

    The scanned copy is uploaded once (`upload`); later signers of the same revision refer to
    it (`copy_id`).
    """
    if agreement.effective_at is not None:
        raise Conflict(_l("Everyone has signed; the agreement has already taken effect."))
    if signer not in required_signers(agreement):
        raise ValidationFailed(
            _l("Choose who signed this paper copy."),
            {"signer": [_l("Choose one of the people who sign this agreement.")]},
        )
    check_complete(agreement)
    if not id_checked:
        raise ValidationFailed(
            _l("A signature on paper counts only after staff check the signer's ID card."),
            {"id_checked": [_l("Confirm that you checked this person's ID card in person.")]},
        )
    if signer in signers_for(agreement, user, None):
        raise Forbidden(
            _l("Someone else must check your ID card and record your own paper signature.")
        )
    if not pending_signers(agreement, [signer]):
        raise Conflict(_l("This person has already signed."), code="already_signed")
    attachment = _paper_copy(agreement, upload, copy_id, user)
    at = at or utcnow()
    signature = _signature(
        agreement,
        signer,
        user,
        signing.Method.PAPER,
        Assurance.ID_IN_PERSON,
        at,
        attachment=attachment,
        verified_by=user,
    )
    take_effect_if_complete(agreement, user, at)
    return signature


def _paper_copy(
    agreement: Agreement, upload: Upload | None, copy_id: int | None, user: User
) -> Attachment:
    if upload is not None and copy_id is not None:
        raise ValidationFailed(
            _l("Either upload a scan or choose one already uploaded, not both."),
            {"paper_copy": [_l("Choose one: a new scan or an earlier one.")]},
        )
    if upload is not None:
        return add_attachment(agreement.dispute, upload, user)
    if copy_id is None:
        raise ValidationFailed(
            _l("Choose the scanned signed copy (PDF or image)."),
            {"signed_copy": [_l("Upload the scan, or choose one already uploaded.")]},
        )
    for copy in paper_copies(agreement):
        if copy.id == copy_id:
            return copy
    raise ValidationFailed(
        _l("That scan is not a signed copy of this version of the agreement."),
        {"paper_copy": [_l("Choose a scan uploaded for this version.")]},
    )


def take_effect_if_complete(agreement: Agreement, user: User | None, at: datetime) -> None:
    """Bring the agreement into force, numbered, once all have signed and the seal is on."""
    sealed = agreement.sealed_at is not None
    if not signing.takes_effect(required_signers(agreement), given(agreement), levels(), sealed):
        return
    agreement.effective_at = at
    _number(agreement, at)
    db.session.flush()
    record_event(
        EFFECTIVE_EVENT,
        "dispute",
        agreement.dispute_id,
        actor_id=user.id if user else None,
        agreement_id=agreement.id,
        document_hash=agreement.document_hash,
        effective_at=agreement.effective_at.isoformat(),
        number=agreement.number,
    )
    schedule_follow_ups(agreement)


def _number(agreement: Agreement, at: datetime) -> None:
    """Give the agreement the next number of its committee's year, in this transaction."""
    config = current_app.config
    committee = agreement.committee or committee_of(agreement.dispute)
    agreement.committee = committee
    year = numbering.number_year(at, config["TIMEZONE"])
    serial = claim_serial(committee.id, year)
    abbreviation = numbering.abbreviation_of(
        committee.number_abbreviation, config["AGREEMENT_NUMBER_PREFIX"]
    )
    agreement.number_year = year
    agreement.number_serial = serial
    agreement.number = numbering.format_number(
        config["AGREEMENT_NUMBER_FORMAT"], year, abbreviation, serial
    )


def revise_terms(agreement: Agreement, terms: str, user: User, void_signatures: bool) -> Agreement:
    """Change the terms; signatures already given are voided, and only when confirmed."""
    terms = (terms or "").strip()
    if not terms:
        raise ValidationFailed(
            _l("Write the terms of the agreement."), {"terms": [_l("This field is required.")]}
        )
    check_open_to_change(agreement)
    if terms == agreement.terms:
        return agreement
    old_hash = void_for_change(agreement, user, void_signatures)
    agreement.terms = terms
    agreement.outcome.terms = terms
    record_revision(agreement, user, old_hash)
    return agreement


def check_open_to_change(agreement: Agreement) -> None:
    if agreement.effective_at is not None:
        raise Conflict(
            _l("The agreement has taken effect and can no longer be changed."),
            code="agreement_effective",
        )


def void_for_change(agreement: Agreement, user: User, void_signatures: bool) -> str:
    """Before the text changes: void the signatures (only when confirmed) and the seal.

    Return the hash the signatures and the seal were given for.
    """
    check_open_to_change(agreement)
    signed = agreement.valid_signatures
    if signed and not void_signatures:
        raise Conflict(
            _l(
                "%(count)s signature(s) already given. Changing the terms voids them; "
                "confirm that you want to void them."
            ),
            code="signed",
            fields={"void_signatures": [_l("Confirm to void the signatures.")]},
            params={"count": len(signed)},
        )
    old_hash = agreement.document_hash
    if agreement.sealed_at is not None:
        agreement.sealed_at = None
        agreement.sealed_by_id = None
        record_event(
            "agreement.seal_voided",
            "dispute",
            agreement.dispute_id,
            actor_id=user.id,
            agreement_id=agreement.id,
            document_hash=old_hash,
        )
    now = utcnow()
    for signature in signed:
        signature.voided_at = now
    if signed:
        record_event(
            "agreement.signatures_voided",
            "dispute",
            agreement.dispute_id,
            actor_id=user.id,
            agreement_id=agreement.id,
            signers=[s.signer for s in signed],
            document_hash=old_hash,
        )
    return old_hash


def record_revision(agreement: Agreement, user: User, old_hash: str) -> None:
    """After the text changed: a new revision, its hash, and the event that says so."""
    agreement.revision += 1
    rehash(agreement)
    db.session.flush()
    record_event(
        "agreement.revised",
        "dispute",
        agreement.dispute_id,
        actor_id=user.id,
        agreement_id=agreement.id,
        revision=agreement.revision,
        previous_hash=old_hash,
        document_hash=agreement.document_hash,
    )
