"""Who must sign an agreement, what they sign, and when it takes effect: plain decisions."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from mediation.accounts.assurance import RANK, Assurance, meets


class Method(StrEnum):
    ONLINE = "online"
    PAPER = "paper"


@dataclass(frozen=True)
class PartyLine:
    """One party as the agreement states them: side, name and particulars in its wording."""

    side: str
    name: str
    masked_resident_id: str
    # (label, value) pairs in the document's order: 性别 男, 民族 汉族, 身份证号码 ...
    particulars: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PerformanceLine:
    """How and by when one term is performed: the term, who performs it, how, by which day."""

    term: str
    performer: str
    method: str
    due_on: str


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
    facts: str = ""
    disputed_matters: str = ""
    responsibilities: str = ""
    performances: tuple[PerformanceLine, ...] = field(default_factory=tuple)
    copies: int = 0

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
            "particulars": [[list(item) for item in p.particulars] for p in self.parties],
            "facts": self.facts,
            "disputed_matters": self.disputed_matters,
            "responsibilities": self.responsibilities,
            "performances": [[p.term, p.performer, p.method, p.due_on] for p in self.performances],
            "copies": self.copies,
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


@dataclass(frozen=True)
class Levels:
    """The assurance a signature must reach for its method (SIGNATURE_*_ASSURANCE)."""

    online: str
    paper: str

    def for_method(self, method: str) -> str:
        return self.paper if method == Method.PAPER else self.online


@dataclass(frozen=True)
class Given:
    """A signature not voided, as the rule sees it; `ref` lets the caller find its row."""

    signer: str
    method: str
    assurance: str
    ref: int | None = None


@dataclass(frozen=True)
class SignerState:
    """One required signer: the signature that counts, else their latest one, if any."""

    signer: str
    signature: Given | None
    counts: bool


def counts(signature: Given, levels: Levels) -> bool:
    """Tell whether a signature's check meets the level its method asks for."""
    return meets(signature.assurance, levels.for_method(signature.method))


def signer_states(
    required: list[str], signatures: Iterable[Given], levels: Levels
) -> list[SignerState]:
    """Say, for each required signer in order, whether a signature of theirs counts."""
    by_signer: dict[str, list[Given]] = {}
    for signature in signatures:
        by_signer.setdefault(signature.signer, []).append(signature)
    states = []
    for signer in required:
        theirs = by_signer.get(signer, [])
        counting = [s for s in theirs if counts(s, levels)]
        if counting:
            states.append(SignerState(signer, counting[0], True))
        else:
            states.append(SignerState(signer, theirs[-1] if theirs else None, False))
    return states


def missing_signers(required: list[str], signatures: Iterable[Given], levels: Levels) -> list[str]:
    """Return the required signers who have no signature meeting its method's level."""
    return [s.signer for s in signer_states(required, signatures, levels) if not s.counts]


def all_signed(required: list[str], signatures: Iterable[Given], levels: Levels) -> bool:
    """Tell whether every required signer has a signature that meets its level."""
    return bool(required) and not missing_signers(required, signatures, levels)


def takes_effect(
    required: list[str], signatures: Iterable[Given], levels: Levels, sealed: bool
) -> bool:
    """Art. 29: in force once every party and the mediator signed and the committee sealed."""
    return sealed and all_signed(required, signatures, levels)


def strongest(assurances: Iterable[str]) -> Assurance:
    """Return the surest of several assurances (only the case link when there are none)."""
    return max(
        (Assurance(a) for a in assurances), key=RANK.__getitem__, default=Assurance.CASE_LINK
    )


def follow_up_due_dates(effective_at: datetime, intervals_days: tuple[int, ...]) -> list:
    """Return (days, due instant) for each follow-up visit after the agreement takes effect."""
    return [(days, effective_at + timedelta(days=days)) for days in sorted(set(intervals_days))]
