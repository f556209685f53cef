"""Who must sign an agreement, what they sign, and when it takes effect: plain decisions."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class PartyLine:
    side: str
    name: str
    masked_resident_id: str


@dataclass(frozen=True)
class AgreementText:
    """Everything the agreement says; its hash is what each signer confirms."""

    code: str
    category: str
    description: str
    terms: str
    revision: int
    committee: str
    mediator: str
    parties: tuple[PartyLine, ...] = field(default_factory=tuple)

    def canonical(self) -> str:
        body = {
            "code": self.code,
            "category": self.category,
            "description": self.description,
            "terms": self.terms,
            "revision": self.revision,
            "committee": self.committee,
            "mediator": self.mediator,
            "parties": [[p.side, p.name, p.masked_resident_id] for p in self.parties],
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def document_hash(text: AgreementText) -> str:
    """Return the SHA-256 of the agreement's canonical text."""
    return hashlib.sha256(text.canonical().encode()).hexdigest()


def party_signer(party_id: int) -> str:
    return f"party:{party_id}"


def mediator_signer(mediator_id: int) -> str:
    return f"mediator:{mediator_id}"


def required_signers(party_ids: list[int], mediator_id: int | None) -> list[str]:
    """Every party and the mediator sign; the order is the agreement's order."""
    signers = [party_signer(p) for p in party_ids]
    if mediator_id is not None:
        signers.append(mediator_signer(mediator_id))
    return signers


def missing_signers(required: list[str], signed: set[str]) -> list[str]:
    return [s for s in required if s not in signed]


def takes_effect(required: list[str], signed: set[str]) -> bool:
    """Tell whether the signatures gathered make the agreement binding."""
    return bool(required) and not missing_signers(required, signed)


def follow_up_due_dates(effective_at: datetime, intervals_days: tuple[int, ...]) -> list:
    """Return (days, due instant) for each follow-up visit after the agreement takes effect."""
    return [(days, effective_at + timedelta(days=days)) for days in sorted(set(intervals_days))]
