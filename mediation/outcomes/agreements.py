"""Agreements: draft from the outcome, sign online or on paper, revise (voiding), take effect."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, Forbidden, ValidationFailed
from mediation.disputes.attachments import Upload
from mediation.disputes.categories import CATEGORIES
from mediation.disputes.models import Dispute, Party
from mediation.disputes.operations import add_attachment
from mediation.extensions import db
from mediation.outcomes import signing
from mediation.outcomes.models import Agreement, Outcome, Signature

EFFECTIVE_EVENT = "agreement.effective"


def agreement_text(agreement: Agreement) -> signing.AgreementText:
    """Gather what the agreement says from its case, in the agreement's wording."""
    dispute = agreement.dispute
    committee = dispute.organisation or dispute.township
    return signing.AgreementText(
        code=dispute.display_code,
        category=str(CATEGORIES.get(dispute.category, dispute.category)),
        description=dispute.description,
        terms=agreement.terms,
        revision=agreement.revision,
        committee=committee.name,
        mediator=dispute.mediator.name if dispute.mediator else "",
        parties=tuple(
            signing.PartyLine(p.side, p.name, p.masked_resident_id) for p in dispute.parties
        ),
    )


def required_signers(agreement: Agreement) -> list[str]:
    dispute = agreement.dispute
    return signing.required_signers([p.id for p in dispute.parties], dispute.mediator_id)


def signed_by(agreement: Agreement) -> set[str]:
    return {s.signer for s in agreement.valid_signatures}


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
    agreement = Agreement(dispute=dispute, outcome=outcome, terms=outcome.terms or "")
    agreement.document_hash = signing.document_hash(agreement_text(agreement))
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
    at: datetime | None = None,
) -> list[Signature]:
    """Sign online as every signer the requester stands for who has not signed yet."""
    mine = signers_for(agreement, user, link_party)
    if not mine:
        raise Forbidden(_l("Only the parties and the mediator of this case sign its agreement."))
    if agreement.effective_at is not None:
        raise Conflict(_l("You have already signed; the agreement has taken effect."))
    if seen_hash != agreement.document_hash:
        raise Conflict(
            _l("The agreement changed after you opened it. Read it again before signing."),
            code="agreement_changed",
        )
    pending = signing.missing_signers(mine, signed_by(agreement))
    if not pending:
        raise Conflict(_l("You have already signed this agreement."), code="already_signed")
    at = at or utcnow()
    signatures = [_signature(agreement, signer, user, "online", None, at) for signer in pending]
    _maybe_take_effect(agreement, user, at)
    return signatures


def _signature(agreement, signer: str, user, method: str, attachment, at) -> Signature:
    kind, _, raw_id = signer.partition(":")
    signature = Signature(
        agreement=agreement,
        signer=signer,
        party_id=int(raw_id) if kind == "party" else None,
        mediator_id=int(raw_id) if kind == "mediator" else None,
        user_id=user.id if user else None,
        method=method,
        document_hash=agreement.document_hash,
        attachment=attachment,
        signed_at=at,
    )
    db.session.add(signature)
    db.session.flush()
    record_event(
        "agreement.signed",
        "dispute",
        agreement.dispute_id,
        actor_id=user.id if user else None,
        agreement_id=agreement.id,
        signer=signer,
        method=method,
        document_hash=agreement.document_hash,
    )
    return signature


def record_paper_copy(
    agreement: Agreement, upload: Upload, user: User, at: datetime | None = None
) -> list[Signature]:
    """Keep a scanned copy signed by hand as the signatures of everyone who has not signed."""
    if agreement.effective_at is not None:
        raise Conflict(_l("Everyone has signed; the agreement has already taken effect."))
    attachment = add_attachment(agreement.dispute, upload, user)
    pending = signing.missing_signers(required_signers(agreement), signed_by(agreement))
    at = at or utcnow()
    signatures = [_signature(agreement, s, user, "paper", attachment, at) for s in pending]
    _maybe_take_effect(agreement, user, at)
    return signatures


def _maybe_take_effect(agreement: Agreement, user: User | None, at: datetime) -> None:
    if not signing.takes_effect(required_signers(agreement), signed_by(agreement)):
        return
    from mediation.outcomes.followups import schedule_follow_ups

    agreement.effective_at = at
    db.session.flush()
    record_event(
        EFFECTIVE_EVENT,
        "dispute",
        agreement.dispute_id,
        actor_id=user.id if user else None,
        agreement_id=agreement.id,
        document_hash=agreement.document_hash,
        effective_at=agreement.effective_at.isoformat(),
    )
    schedule_follow_ups(agreement)


def revise_terms(agreement: Agreement, terms: str, user: User, void_signatures: bool) -> Agreement:
    """Change the terms; signatures already given are voided, and only when confirmed."""
    terms = (terms or "").strip()
    if not terms:
        raise ValidationFailed(
            _l("Write the terms of the agreement."), {"terms": [_l("This field is required.")]}
        )
    if agreement.effective_at is not None:
        raise Conflict(
            _l("The agreement has taken effect and can no longer be changed."),
            code="agreement_effective",
        )
    if terms == agreement.terms:
        return agreement
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
    agreement.terms = terms
    agreement.outcome.terms = terms
    agreement.revision += 1
    agreement.document_hash = signing.document_hash(agreement_text(agreement))
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
    return agreement
