"""Hand-offs name agencies and townships of the sender's county only; others get 422, unwritten."""

import pytest
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs import reach
from mediation.handoffs.models import HandOff

SIDES = [("a", "b"), ("b", "a")]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def courts(two_counties, create_agency, create_liaison):
    """A court serving each county (named by a township of it), with its liaison."""
    made = {}
    for key in ("a", "b"):
        station = two_counties[key]["station"]
        court = create_agency("court", f"{station.name}法庭", township_id=station.id)
        made[key] = {"court": court, "liaison": create_liaison(court)}
    return made


@pytest.fixture
def case_in(two_counties, create_dispute):
    """Return a case filed at a county's station by that station's coordinator."""

    def create(key: str) -> Dispute:
        side = two_counties[key]
        return create_dispute(
            "submitted",
            filer=side["coordinator"],
            channel="walk_in",
            township_id=side["station"].id,
            village_id=side["village"].id,
        )

    return create


def referral_in(two_counties, referral_data, key: str) -> dict:
    side = two_counties[key]
    data = referral_data(township_id=side["station"].id, village_id=side["village"].id)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(("mine", "other"), SIDES)
def test_a_liaison_files_a_referral_in_their_agencys_county_only(
    client, auth_header, two_counties, courts, referral_data, mine, other
):
    header = auth_header(courts[mine]["liaison"])
    before = (count(HandOff), count(Dispute))
    refused = client.post(
        "/api/v1/handoffs", json=referral_in(two_counties, referral_data, other), headers=header
    )
    assert refused.status_code == 422
    assert "township_id" in refused.get_json()["error"]["fields"]
    assert (count(HandOff), count(Dispute)) == before
    filed = client.post(
        "/api/v1/handoffs", json=referral_in(two_counties, referral_data, mine), headers=header
    )
    assert filed.status_code == 201, filed.get_json()


@pytest.mark.parametrize(("mine", "other"), SIDES)
def test_the_referral_form_offers_and_takes_the_agencys_county_only(
    client, login, two_counties, courts, referral_data, mine, other
):
    login(courts[mine]["liaison"])
    page = client.get("/handoffs/new").get_data(as_text=True)
    assert f'value="{two_counties[mine]["station"].id}"' in page
    assert f'value="{two_counties[other]["station"].id}"' not in page
    assert f'value="{two_counties[other]["village"].id}"' not in page
    other_side = two_counties[other]
    form = {
        "reference": "（2026）川2022民诉前调99号",
        "referral_type": "court_delegated",
        "summary": "借款纠纷，法院委派调解。",
        "category": "neighbour",
        "township_id": str(other_side["station"].id),
        "village_id": str(other_side["village"].id),
        "applicants-0-name": "王芳",
        "applicants-0-mobile": "15800000001",
        "respondents-0-name": "李强",
        "respondents-0-mobile": "13700000001",
    }
    before = (count(HandOff), count(Dispute))
    response = client.post("/handoffs/new", data=form)
    assert response.status_code == 422
    assert 'is-invalid" id="township_id"' in response.get_data(as_text=True)
    assert (count(HandOff), count(Dispute)) == before


@pytest.mark.parametrize(("mine", "other"), SIDES)
def test_staff_send_a_case_to_an_agency_of_its_own_county_only(
    client, auth_header, two_counties, courts, case_in, mine, other
):
    dispute = case_in(mine)
    header = auth_header(two_counties[mine]["coordinator"])
    body = {"dispute_code": dispute.code, "summary": "需诉讼解决。"}
    before = count(HandOff)
    refused = client.post(
        "/api/v1/handoffs/outbound",
        json={**body, "agency_id": courts[other]["court"].id},
        headers=header,
    )
    assert refused.status_code == 422
    assert "agency_id" in refused.get_json()["error"]["fields"]
    assert count(HandOff) == before
    sent = client.post(
        "/api/v1/handoffs/outbound",
        json={**body, "agency_id": courts[mine]["court"].id},
        headers=header,
    )
    assert sent.status_code == 201, sent.get_json()


@pytest.mark.parametrize(("mine", "other"), SIDES)
def test_the_outbound_form_refuses_another_countys_agency(
    client, login, two_counties, courts, case_in, mine, other
):
    dispute = case_in(mine)
    login(two_counties[mine]["admin"])
    form = {"dispute_code": dispute.code, "summary": "需诉讼解决。"}
    before = count(HandOff)
    refused = client.post(
        "/handoffs/outbound", data={**form, "agency_id": courts[other]["court"].id}
    )
    assert refused.status_code == 422 and count(HandOff) == before
    sent = client.post("/handoffs/outbound", data={**form, "agency_id": courts[mine]["court"].id})
    assert sent.status_code == 302


def test_an_agency_of_no_county_takes_cases_from_deployment_wide_staff_only(
    client, auth_header, create_user, create_agency, two_counties, case_in
):
    bureau = create_agency("petition", "省信访局")
    dispute = case_in("a")
    body = {"dispute_code": dispute.code, "summary": "信访事项。", "agency_id": bureau.id}
    county_staff = auth_header(two_counties["a"]["admin"])
    assert (
        client.post("/api/v1/handoffs/outbound", json=body, headers=county_staff).status_code == 422
    )
    deployment = auth_header(create_user(Role.ADMIN))
    assert (
        client.post("/api/v1/handoffs/outbound", json=body, headers=deployment).status_code == 201
    )


@pytest.mark.parametrize(("mine", "other"), SIDES)
def test_the_case_offers_its_own_countys_agencies_only(two_counties, courts, case_in, mine, other):
    offered = reach.outbound_choices(two_counties[mine]["coordinator"], case_in(mine), ("court",))
    assert courts[mine]["court"] in offered and courts[other]["court"] not in offered
