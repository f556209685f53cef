"""Complaints about a mediator: lodged by a party with proof, decided by the county only."""

import pytest

from mediation.accounts.models import Role
from mediation.disputes.links import case_link_token
from mediation.extensions import db
from mediation.mediators.complaints import Complaint

DETAILS = "调解员收了对方的烟酒，只听对方的。"


@pytest.fixture
def mediated(create_dispute):
    return create_dispute("in_mediation")


@pytest.fixture
def county_staff(create_user, county):
    return create_user(Role.COORDINATOR, county["centre"], name="县中心协调员")


@pytest.fixture
def township_staff(create_user, county):
    return create_user(Role.COORDINATOR, county["stations"][0], name="镇协调员")


def lodge(client, token: str, **form):
    data = {"grounds": "bribe", "details": DETAILS, **form}
    return client.post(f"/c/{token}/complaint", data=data)


def complaints() -> list[Complaint]:
    return list(db.session.scalars(db.select(Complaint)))


def test_a_party_lodges_a_complaint_from_their_link_once_proved(client, clock, mediated, prove):
    party = mediated.parties[1]
    token = case_link_token(party)
    assert 'id="complaint-link"' in client.get(f"/c/{token}").get_data(as_text=True)
    assert client.get(f"/c/{token}/complaint").status_code == 200
    prove(token, party.mobile)
    assert lodge(client, token).status_code == 303
    [complaint] = complaints()
    assert complaint.party_id == party.id and complaint.mediator_id == mediated.mediator_id
    assert complaint.assurance == "sms_code" and complaint.grounds == "bribe"


def test_a_complaint_without_proof_is_refused_and_nothing_is_kept(client, mediated):
    token = case_link_token(mediated.parties[0])
    assert lodge(client, token).status_code == 403
    assert complaints() == []


@pytest.mark.parametrize(
    "form", [{"grounds": "rudeness"}, {"grounds": ""}, {"details": "  "}, {"details": "字" * 2001}]
)
def test_bad_input_is_refused_field_by_field(client, clock, mediated, prove, form):
    party = mediated.parties[0]
    token = case_link_token(party)
    prove(token, party.mobile)
    assert lodge(client, token, **form).status_code == 422
    assert complaints() == []


def test_staff_enter_a_complaint_saying_how_the_party_was_identified(
    client, login, mediated, coordinator
):
    login(coordinator)
    url = f"/disputes/{mediated.code}/complaint"
    form_page = client.get(url).get_data(as_text=True)
    assert 'name="identification"' in form_page and 'name="party_id"' in form_page
    form = {"grounds": "insult", "details": DETAILS, "party_id": mediated.parties[0].id}
    assert client.post(url, data=form).status_code == 422
    response = client.post(url, data={**form, "identification": "id_in_person"})
    assert response.status_code == 303
    [complaint] = complaints()
    assert complaint.entered_by_id == coordinator.id and complaint.assurance == "id_in_person"


@pytest.fixture
def lodged(client, clock, mediated, prove):
    party = mediated.parties[0]
    token = case_link_token(party)
    prove(token, party.mobile)
    lodge(client, token)
    client.get("/logout")
    return complaints()[0]


def decide(client, complaint, **form):
    data = {"decision": "upheld", "reason": "查证属实。", **form}
    return client.post(f"/mediators/complaints/{complaint.id}/decide", data=data)


def test_a_township_coordinator_may_not_decide(client, login, lodged, township_staff):
    login(township_staff)
    assert decide(client, lodged).status_code == 404
    assert lodged.decision is None


def test_the_county_upholds_and_the_outcome_is_on_the_mediators_record(
    client, login, lodged, county_staff, township_staff
):
    login(county_staff)
    assert decide(client, lodged).status_code == 303
    db.session.refresh(lodged)
    assert lodged.decision == "upheld" and lodged.decided_by_id == county_staff.id
    page = client.get(f"/mediators/{lodged.mediator_id}").get_data(as_text=True)
    assert 'id="complaints"' in page and DETAILS in page and "查证属实。" in page
    assert decide(client, lodged).status_code == 409
    client.get("/logout")
    login(township_staff)
    page = client.get(f"/mediators/{lodged.mediator_id}").get_data(as_text=True)
    assert DETAILS not in page


def test_an_upheld_complaint_may_take_the_mediator_off_an_assigned_case(
    client, login, clock, create_dispute, prove, county_staff
):
    dispute = create_dispute("assigned")
    first = dispute.mediator_id
    party = dispute.parties[0]
    token = case_link_token(party)
    prove(token, party.mobile)
    lodge(client, token)
    [complaint] = complaints()
    client.get("/logout")
    login(county_staff)
    assert decide(client, complaint, replace="1").status_code == 303
    db.session.refresh(dispute)
    assert dispute.mediator_id != first


def test_a_mediator_in_the_middle_of_a_mediation_is_not_replaced_by_a_decision(
    client, login, lodged, county_staff
):
    login(county_staff)
    assert decide(client, lodged, replace="1").status_code == 409
    db.session.refresh(lodged)
    assert lodged.decision is None and lodged.dispute.mediator_id is not None


def test_a_decision_needs_a_reason_and_a_known_answer(client, login, lodged, county_staff):
    login(county_staff)
    assert decide(client, lodged, reason="").status_code == 422
    assert decide(client, lodged, decision="maybe").status_code == 422
    assert decide(client, lodged, decision="dismissed").status_code == 303
    db.session.refresh(lodged)
    assert lodged.decision == "dismissed" and lodged.dispute.mediator_id is not None
