"""卷内目录: the parts of a case file in the official order, and what fills each.

The order is the Ministry of Justice's 2010 standard list (序号 1 to 13, the cover and the
contents page before it). Each part names the providers that fill it, in order; a provider is a
function of the dispute returning a Section, a list of them, or None. A part with nothing in it
still has its line in the contents (页号 left empty, 备注 无, or 缺 for a required part), as the
standard list is a fixed form an archive checks line by line. To add a document, add its
provider to its part's tuple here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from mediation.disputes.models import Dispute
from mediation.outcomes import hooks
from mediation.outcomes.casefile_documents import (
    mediation_records_section,
    oral_agreement_section,
    rights_notice_section,
)
from mediation.outcomes.casefile_parts import sessions_section
from mediation.outcomes.casefile_recordings import recordings_section
from mediation.outcomes.casefile_sources import (
    agreement_section,
    application_section,
    assignment_section,
    consent_section,
    evidence_section,
    follow_up_section,
    identity_section,
    outcome_section,
    paper_scans_section,
)
from mediation.outcomes.pdf import Section

Provider = Callable[[Dispute], Section | list[Section] | None]


@dataclass(frozen=True)
class Part:
    """One line of the 卷内目录: its name, whether the standard requires it, who fills it."""

    key: str
    title: object  # a lazy string, read in the document language
    required: bool
    providers: tuple[Provider, ...] = ()


PARTS: tuple[Part, ...] = (
    # How the case came; the sections other domains add through outcomes.hooks (the hand-offs:
    # from which court, police station or bureau) go here.
    Part(
        "registration",
        _l("Application or acceptance register"),
        True,
        (application_section, consent_section, assignment_section, hooks.case_file_sections),
    ),
    Part(
        "rights_notice",
        _l("Notice of the parties' rights and duties"),
        True,
        (rights_notice_section,),
    ),
    Part("identity", _l("Parties' identity papers"), True, (identity_section,)),
    Part("power_of_attorney", _l("Power of attorney"), False, ()),
    Part("investigation", _l("Investigation records"), False, ()),
    Part("evidence", _l("Evidence gathered in mediation"), False, (evidence_section,)),
    Part(
        "mediation_record",
        _l("Records of the mediation sessions"),
        True,
        (mediation_records_section, sessions_section, recordings_section),
    ),
    # An oral agreement's register (口头协议登记表) takes this place for a case settled orally.
    Part(
        "agreement",
        _l("Mediation agreement"),
        True,
        (outcome_section, agreement_section, oral_agreement_section, paper_scans_section),
    ),
    Part("performance", _l("Receipts and other proof of performance"), False, ()),
    Part("follow_up", _l("Follow-up visit records"), False, (follow_up_section,)),
    Part("judicial_confirmation", _l("Judicial confirmation papers"), False, ()),
    Part("explanation", _l("Notes on the case file"), False, ()),
)


@dataclass(frozen=True)
class FilledPart:
    """A part with the sections its providers gave for one case (none: nothing to file)."""

    number: int
    part: Part
    sections: list[Section]


def fill(dispute: Dispute, parts: tuple[Part, ...] = PARTS) -> list[FilledPart]:
    """Ask every part's providers for the case's documents, in the official order."""
    filled = []
    for number, part in enumerate(parts, start=1):
        sections: list[Section] = []
        for provide in part.providers:
            produced = provide(dispute)
            if isinstance(produced, Section):
                sections.append(produced)
            elif produced:
                sections.extend(produced)
        filled.append(FilledPart(number, part, sections))
    return filled


def missing_required(filled: list[FilledPart]) -> list[FilledPart]:
    """The required parts the case has nothing for."""
    return [f for f in filled if f.part.required and not f.sections]
