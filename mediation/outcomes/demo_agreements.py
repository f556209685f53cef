"""Demo agreements stating every item of art. 29: particulars, facts, performance, the seal."""

import io
from datetime import timedelta

from flask import current_app
from PIL import Image, ImageDraw

from mediation.disputes.models import Dispute
from mediation.disputes.particulars import birth_date_in_id, sex_in_id
from mediation.organisations import seals as org_seals
from mediation.organisations.models import Organisation
from mediation.outcomes import drafting, seals
from mediation.outcomes.agreements import committee_of
from mediation.outcomes.models import Agreement

OCCUPATIONS = ("农民", "个体工商户", "务工人员", "教师", "退休职工", "驾驶员")
SEAL_RED = (210, 20, 20, 255)


def seal_image(size: int = 320) -> bytes:
    """A round red seal with a star on a transparent ground, as a scanned seal looks."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, size - 10, size - 10), outline=SEAL_RED, width=size // 14)
    draw.regular_polygon((size / 2, size / 2, size / 5), 5, fill=SEAL_RED)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _particulars(seeder, dispute: Dispute) -> None:
    for party in dispute.parties:
        party.resident_id = party.resident_id or seeder.resident_id()
        party.kind = "person"
        party.sex = sex_in_id(party.resident_id)
        party.birth_date = birth_date_in_id(party.resident_id)
        party.ethnicity = "汉族"
        party.occupation = seeder.rng.choice(OCCUPATIONS)
        party.address = f"四川省乐至县{dispute.township.area}{seeder.rng.randint(1, 12)}组"


def _details(seeder, dispute: Dispute, decided_at) -> dict:
    respondent = dispute.respondents[0]
    due = (decided_at + timedelta(days=15)).date()
    return {
        "facts": dispute.description,
        "disputed_matters": "双方就赔偿数额和履行期限存在争议。",
        "responsibilities": f"{respondent.name}对纠纷的发生负主要责任。",
        "copies": len(dispute.parties) + 1,
        "performances": [
            {
                "term": "第一条",
                "party_id": respondent.id,
                "method": "银行转账，一次性支付",
                "due_on": due,
            }
        ],
    }


def _seal_ready(seeder, committee: Organisation) -> None:
    config = current_app.config
    limits = org_seals.SealLimits(
        config["SEAL_MAX_BYTES"], config["SEAL_MIN_PIXELS"], config["SEAL_MAX_PIXELS"]
    )
    if committee.seal_sha256 is None:
        org_seals.upload_seal(committee, seal_image(), limits, seeder.coordinator.id)
    org_seals.grant_seal(committee, seeder.coordinator.id, seeder.coordinator.id)


def complete(seeder, dispute: Dispute, agreement: Agreement) -> None:
    """Fill in what the mediator writes before anyone signs: particulars, facts, performance."""
    _particulars(seeder, dispute)
    data = _details(seeder, dispute, agreement.outcome.decided_at)
    drafting.write_details(agreement, data, seeder.coordinator, False)


def seal(seeder, agreement: Agreement, at) -> None:
    """The committee's seal holder applies its seal."""
    _seal_ready(seeder, agreement.committee or committee_of(agreement.dispute))
    seals.apply_seal(agreement, seeder.coordinator, agreement.document_hash, at=at)
