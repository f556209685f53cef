"""Factories for hand-off tests: agencies, liaisons, referrals walked to a status."""

from datetime import date

import pytest

from mediation.accounts.models import Role
from mediation.extensions import db
from mediation.handoffs import operations
from mediation.handoffs.agencies import Agency, AgencyMember


@pytest.fixture
def create_agency(unique):
    def create(kind: str = "court", name: str | None = None, **kwargs) -> Agency:
        agency = Agency(name=name or f"机构{next(unique)}", kind=kind, **kwargs)
        db.session.add(agency)
        db.session.flush()
        return agency

    return create


@pytest.fixture
def create_liaison(create_user):
    def create(agency: Agency):
        user = create_user(Role.LIAISON)
        db.session.add(AgencyMember(agency=agency, user=user))
        db.session.flush()
        return user

    return create


@pytest.fixture
def court(create_agency):
    return create_agency("court", "乐至县人民法院")


@pytest.fixture
def court_liaison(create_liaison, court):
    return create_liaison(court)


@pytest.fixture
def referral_data(dispute_payload, unique):
    def build(**overrides) -> dict:
        payload = dispute_payload()
        for key in ("description", "channel"):
            payload.pop(key, None)
        data = {
            **payload,
            "reference": f"(2026)川2022民诉前调{next(unique)}号",
            "referral_type": "court_delegated",
            "summary": "借款纠纷，法院委派调解。",
        }
        data.update(overrides)
        return data

    return build


@pytest.fixture
def create_referral(court, court_liaison, referral_data, coordinator):
    """File a court referral and, if asked, sign for it on a given day."""

    def create(signed_on: date | None = None, agency=None, liaison=None, **overrides):
        handoff = operations.file_referral(
            agency or court, liaison or court_liaison, referral_data(**overrides)
        )
        if signed_on is not None:
            operations.sign_for(handoff, coordinator, signed_on)
        return handoff

    return create
