"""Factories for outcomes: a dispute in mediation with party accounts, a settled one."""

import pytest

from mediation.accounts.models import Role
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.outcomes import operations

TERMS = "李强于2026年12月31日前拆除占用公共通道的围墙，王芳不再追究其他责任。"


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
