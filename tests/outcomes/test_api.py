"""Recording the outcome through the API: the same record the outcome page keeps."""

import pytest
from sqlalchemy import func, select

from mediation.extensions import db
from mediation.outcomes.models import Agreement, Outcome
from tests.outcomes.conftest import TERMS


def outcome_url(dispute) -> str:
    return f"/api/v1/disputes/{dispute.code}/outcome"


def state_of(dispute) -> str:
    db.session.refresh(dispute)
    return dispute.state


def outcomes_of(dispute) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Outcome).where(Outcome.dispute_id == dispute.id)
    )


def test_the_mediator_records_a_settlement_and_the_agreement_is_drafted(
    client, auth_header, mediation_case
):
    dispute = mediation_case()
    headers = auth_header(dispute.mediator.user)
    assert client.get(outcome_url(dispute), headers=headers).status_code == 404
    response = client.post(
        outcome_url(dispute), json={"result": "settled", "terms": TERMS}, headers=headers
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["result"] == "settled" and body["terms"] == TERMS and body["reason"] is None
    assert body["agreement"]["revision"] == 1 and body["agreement"]["effective_at"] is None
    assert len(body["agreement"]["document_hash"]) == 64
    assert state_of(dispute) == "settled"
    assert client.get(outcome_url(dispute), headers=headers).get_json() == body
    case = client.get(f"/api/v1/disputes/{dispute.code}", headers=headers).get_json()
    assert case["state"] == "settled"


def test_staff_record_a_failure_with_its_reason(client, auth_header, coordinator, mediation_case):
    dispute = mediation_case()
    response = client.post(
        outcome_url(dispute),
        json={"result": "not_settled", "reason": "双方分歧过大"},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 201
    assert response.get_json()["agreement"] is None
    assert state_of(dispute) == "not_settled"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"result": "not_settled"}, "reason"),
        ({"result": "settled"}, "terms"),
        ({"result": "settled", "terms": ""}, "terms"),
        ({"result": "maybe", "terms": TERMS}, "result"),
        ({"result": "settled", "terms": 42}, "terms"),
        ({"result": "settled", "terms": "x" * 10001}, "terms"),
        ({"result": "settled", "terms": TERMS, "signed": True}, "signed"),
        ({}, "result"),
    ],
)
def test_bad_outcomes_are_refused_and_change_nothing(
    client, auth_header, mediation_case, payload, field
):
    dispute = mediation_case()
    response = client.post(
        outcome_url(dispute), json=payload, headers=auth_header(dispute.mediator.user)
    )
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert state_of(dispute) == "in_mediation" and outcomes_of(dispute) == 0


def test_an_outcome_is_recorded_once(client, auth_header, mediation_case):
    dispute = mediation_case()
    headers = auth_header(dispute.mediator.user)
    first = client.post(
        outcome_url(dispute), json={"result": "settled", "terms": TERMS}, headers=headers
    )
    again = client.post(
        outcome_url(dispute), json={"result": "not_settled", "reason": "反悔"}, headers=headers
    )
    assert first.status_code == 201 and again.status_code == 409
    assert outcomes_of(dispute) == 1
    assert (
        db.session.scalar(
            select(func.count()).select_from(Agreement).where(Agreement.dispute_id == dispute.id)
        )
        == 1
    )


def test_parties_and_other_mediators_cannot_record_it(
    client, auth_header, mediation_case, create_mediator
):
    dispute = mediation_case()
    payload = {"result": "settled", "terms": TERMS}
    party = client.post(
        outcome_url(dispute), json=payload, headers=auth_header(dispute.parties[0].user)
    )
    assert party.status_code == 403
    stranger = client.post(
        outcome_url(dispute), json=payload, headers=auth_header(create_mediator().user)
    )
    assert stranger.status_code == 404
    nobody = client.post(outcome_url(dispute), json=payload)
    assert nobody.status_code == 401
    assert state_of(dispute) == "in_mediation" and outcomes_of(dispute) == 0


def test_transitions_send_settle_and_fail_to_the_outcome(client, auth_header, mediation_case):
    dispute = mediation_case()
    headers = auth_header(dispute.mediator.user)
    url = f"/api/v1/disputes/{dispute.code}/transitions"
    for action, extra in (("settle", {}), ("fail", {"reason": "不成"})):
        response = client.post(url, json={"action": action, **extra}, headers=headers)
        assert response.status_code == 409
        error = response.get_json()["error"]
        assert error["code"] == "use_outcome"
        assert outcome_url(dispute) in error["message"]
    assert state_of(dispute) == "in_mediation"
