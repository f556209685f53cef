"""Factories for outcomes: a dispute in mediation with party accounts, a settled one."""

import io
from datetime import date

import pytest
from PIL import Image, ImageDraw

from mediation.accounts.assurance import Assurance
from mediation.accounts.models import Role
from mediation.disputes.lifecycle import Actor
from mediation.disputes.links import case_link_token
from mediation.disputes.particulars import sex_in_id
from mediation.extensions import db
from mediation.organisations import seals as org_seals
from mediation.outcomes import agreements, drafting, operations, seals
from tests.accounts.conftest import clock  # noqa: F401  (the fixed clock codes are timed by)
from tests.factories import valid_resident_id

TERMS = "李强于2026年12月31日前拆除占用公共通道的围墙，王芳不再追究其他责任。"
FACTS = "李强在自家宅基地外修建围墙，占用了通往王芳家的公共通道约一米。"
DISPUTED = "围墙是否占用公共通道，以及是否应当拆除。"
RESPONSIBILITIES = "李强擅自占用公共通道，负主要责任；王芳无责任。"
SEAL_LIMITS = org_seals.SealLimits(512 * 1024, 100, 2000)


def seal_png(size: int = 300, colour=(220, 0, 0, 255)) -> bytes:
    """A round red seal on a transparent background, as a committee's scan would be."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), outline=colour, width=size // 14)
    draw.regular_polygon((size / 2, size / 2, size / 5), 5, fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def complete_particulars(dispute) -> None:
    """Give every party of a case the particulars an agreement states (art. 29(1))."""
    for index, party in enumerate(dispute.parties):
        party.resident_id = party.resident_id or valid_resident_id(900 + index)
        party.kind = "person"
        party.sex = sex_in_id(party.resident_id)
        party.ethnicity = "汉族"
        party.birth_date = date(1980, 1, 1)
        party.occupation = "农民"
        party.address = f"四川省乐至县天池镇红光村{index + 1}组"
    db.session.flush()


def details(dispute, **changes) -> dict:
    """The art. 29 items of an agreement besides the terms: facts, performance, copies."""
    respondent = dispute.respondents[0]
    data = {
        "facts": FACTS,
        "disputed_matters": DISPUTED,
        "responsibilities": RESPONSIBILITIES,
        "copies": len(dispute.parties) + 1,
        "performances": [
            {
                "term": "拆除占用公共通道的围墙",
                "party_id": respondent.id,
                "method": "自行拆除并清运建筑垃圾",
                "due_on": date(2026, 12, 31),
            }
        ],
    }
    data.update(changes)
    return data


def upload_seal_and_grant(committee, holder, admin_id=None) -> None:
    """The committee has its seal image, and `holder` may apply it."""
    if committee.seal_sha256 is None:
        org_seals.upload_seal(committee, seal_png(), SEAL_LIMITS, admin_id or holder.id)
    org_seals.grant_seal(committee, holder.id, admin_id or holder.id)


def sign_online(agreement, user=None, party=None, assurance=Assurance.SMS_CODE, at=None):
    """Sign online as a user or a link's party, identified at `assurance` (a code by default)."""
    mine = agreements.signers_for(agreement, user, party)
    proofs = dict.fromkeys(mine, assurance)
    return agreements.sign_agreement(agreement, user, party, agreement.document_hash, proofs, at)


def sign_all(dispute):
    """Every party and the mediator sign online: a complete, sealed agreement comes into force."""
    agreement = agreements.agreement_for(dispute)
    for party in dispute.parties:
        sign_online(agreement, party.user, None)
    sign_online(agreement, dispute.mediator.user, None)
    return agreement


@pytest.fixture
def online_level(app, monkeypatch):
    """Return a callable setting SIGNATURE_ONLINE_ASSURANCE for this test only."""

    def set_level(level: str) -> None:
        monkeypatch.setitem(app.config, "SIGNATURE_ONLINE_ASSURANCE", level)

    return set_level


@pytest.fixture
def mediation_case(create_dispute, create_user):
    """Return a callable: a dispute in mediation whose two parties have accounts."""

    def create(**overrides):
        dispute = create_dispute("in_mediation", **overrides)
        for party in dispute.parties:
            party.user = create_user(Role.PARTY, name=party.name, mobile=party.mobile)
        db.session.flush()
        return dispute

    return create


@pytest.fixture
def settle(coordinator):
    """Return a callable recording a settlement (or another result) as staff.

    A settlement's agreement is complete (particulars, facts, performance) and, unless
    `sealed=False`, already carries the committee's seal, applied by the coordinator as its
    holder: the last signature then brings it into force.
    """

    def record(dispute, result="settled", terms=TERMS, reason=None, complete=True, sealed=True):
        if complete:
            complete_particulars(dispute)
        data = {"result": result, "terms": terms, "reason": reason}
        outcome = operations.record_outcome(dispute, data, {Actor.STAFF}, coordinator)
        agreement = agreements.agreement_for(dispute)
        if agreement is not None and complete:
            drafting.write_details(agreement, details(dispute), coordinator, False)
            if sealed:
                upload_seal_and_grant(agreement.committee, coordinator)
                seals.apply_seal(agreement, coordinator, agreement.document_hash)
        return outcome

    return record


@pytest.fixture
def settled_case(mediation_case, settle):
    """Return a callable: a settled dispute with its agreement (sealed unless told not)."""

    def create(sealed=True, **overrides):
        dispute = mediation_case(**overrides)
        settle(dispute, sealed=sealed)
        return dispute

    return create


@pytest.fixture
def confirm_link(client):
    """Return a callable confirming a party's case mobile from their link, as their phone would."""
    from tests.accounts.conftest import latest_code

    def confirm(party) -> str:
        token = case_link_token(party)
        client.post(f"/c/{token}/confirm/send")
        client.post(f"/c/{token}/confirm", data={"code": latest_code(party.mobile)})
        return token

    return confirm


@pytest.fixture
def confirm_account(client):
    """Return a callable confirming the signed-in person's own mobile by a texted code."""
    from tests.accounts.conftest import latest_code

    def confirm(user) -> None:
        client.post("/account/confirm/send")
        client.post("/account/confirm", data={"code": latest_code(user.mobile)})

    return confirm
