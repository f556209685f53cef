"""Factories for outcomes: a dispute in mediation with party accounts, a settled one."""

import pytest

from mediation.accounts.assurance import Assurance
from mediation.accounts.models import Role
from mediation.disputes.lifecycle import Actor
from mediation.disputes.links import case_link_token
from mediation.extensions import db
from mediation.outcomes import agreements, operations
from tests.accounts.conftest import clock  # noqa: F401  (the fixed clock codes are timed by)

TERMS = "李强于2026年12月31日前拆除占用公共通道的围墙，王芳不再追究其他责任。"


def sign_online(agreement, user=None, party=None, assurance=Assurance.SMS_CODE, at=None):
    """Sign online as a user or a link's party, identified at `assurance` (a code by default)."""
    mine = agreements.signers_for(agreement, user, party)
    proofs = dict.fromkeys(mine, assurance)
    return agreements.sign_agreement(agreement, user, party, agreement.document_hash, proofs, at)


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
    """Return a callable recording a settlement (or another result) as staff."""

    def record(dispute, result="settled", terms=TERMS, reason=None):
        data = {"result": result, "terms": terms, "reason": reason}
        return operations.record_outcome(dispute, data, {Actor.STAFF}, coordinator)

    return record


@pytest.fixture
def settled_case(mediation_case, settle):
    """Return a callable: a settled dispute with its draft agreement."""

    def create(**overrides):
        dispute = mediation_case(**overrides)
        settle(dispute)
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
