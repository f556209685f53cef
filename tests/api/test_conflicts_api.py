"""/api/v1/recusals, /disclosures and /consents: keeping a case's mediator free of conflict."""

from sqlalchemy import select

from mediation.extensions import db
from mediation.mediators import conflicts
from mediation.mediators.models import (
    AssignmentStatus,
    ConflictConsent,
    RecusalRequest,
    RecusalStatus,
)
from tests.api.mediating import actions_for, offers

# Recusal ---------------------------------------------------------------------------------


def test_a_partys_recusal_request_needs_a_confirmed_mobile(
    client, auth_header, assigned, account_for
):
    dispute = assigned["dispute"]
    user = account_for(dispute.applicants[0])
    response = client.post(
        "/api/v1/recusals",
        json={"code": dispute.code, "reason": "调解员与对方是亲戚"},
        headers=auth_header(user),
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "confirmation_needed"
    assert db.session.scalars(select(RecusalRequest)).all() == []


def test_a_party_asks_for_recusal_once(
    app, monkeypatch, client, auth_header, assigned, account_for
):
    monkeypatch.setitem(app.config, "PARTY_ACT_ASSURANCE", "case_link")
    dispute = assigned["dispute"]
    headers = auth_header(account_for(dispute.applicants[0]))
    payload = {"code": dispute.code, "reason": "调解员与对方是亲戚"}
    response = client.post("/api/v1/recusals", json=payload, headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert (body["status"], body["mediator_id"], body["reason"]) == (
        "pending",
        assigned["first"].id,
        "调解员与对方是亲戚",
    )
    assert "recusal.requested" in actions_for(dispute)
    again = client.post("/api/v1/recusals", json=payload, headers=headers)
    assert again.status_code == 409
    assert len(db.session.scalars(select(RecusalRequest)).all()) == 1


def test_only_a_party_asks_for_recusal_and_only_once_a_mediator_is_on_the_case(
    app, monkeypatch, client, auth_header, create_dispute, assigned, account_for
):
    monkeypatch.setitem(app.config, "PARTY_ACT_ASSURANCE", "case_link")
    mediator = client.post(
        "/api/v1/recusals",
        json={"code": assigned["dispute"].code, "reason": "不想办"},
        headers=auth_header(assigned["first"].user),
    )
    assert mediator.status_code == 403
    waiting = create_dispute("consented")
    early = client.post(
        "/api/v1/recusals",
        json={"code": waiting.code, "reason": "不公正"},
        headers=auth_header(account_for(waiting.applicants[0])),
    )
    assert early.status_code == 409
    assert db.session.scalars(select(RecusalRequest)).all() == []


def test_a_granted_recusal_replaces_the_mediator(client, auth_header, assigned, coordinator):
    dispute, first, second = assigned["dispute"], assigned["first"], assigned["second"]
    request = conflicts.request_recusal(dispute, dispute.applicants[0], "亲戚", None)
    response = client.post(
        f"/api/v1/recusals/{request.id}/decision",
        json={"grant": True, "note": "理由成立"},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["decision_note"]) == (
        "granted",
        "理由成立",
    )
    db.session.refresh(dispute)
    assert dispute.state == "assigned" and dispute.mediator_id == second.id != first.id
    assert [o.status for o in offers()] == [AssignmentStatus.REVOKED, AssignmentStatus.PROPOSED]
    assert "recusal.granted" in actions_for(dispute)


def test_a_refused_recusal_keeps_the_mediator_and_cannot_be_decided_twice(
    client, auth_header, assigned, coordinator
):
    dispute = assigned["dispute"]
    request = conflicts.request_recusal(dispute, dispute.applicants[0], "亲戚", None)
    url = f"/api/v1/recusals/{request.id}/decision"
    headers = auth_header(coordinator)
    assert client.post(url, json={"grant": False}, headers=headers).status_code == 200
    again = client.post(url, json={"grant": True}, headers=headers)
    assert again.status_code == 409
    db.session.refresh(dispute)
    db.session.refresh(request)
    assert dispute.mediator_id == assigned["first"].id and request.status == RecusalStatus.REFUSED


def test_another_countys_coordinator_cannot_decide_a_recusal(
    client, auth_header, assigned, outsider
):
    dispute = assigned["dispute"]
    request = conflicts.request_recusal(dispute, dispute.applicants[0], "亲戚", None)
    response = client.post(
        f"/api/v1/recusals/{request.id}/decision",
        json={"grant": True},
        headers=auth_header(outsider),
    )
    assert response.status_code == 404
    db.session.refresh(request)
    assert request.status == RecusalStatus.PENDING
    missing = client.post(
        "/api/v1/recusals/999999/decision", json={"grant": True}, headers=auth_header(outsider)
    )
    assert missing.status_code == 404


# Disclosure and consent --------------------------------------------------------------------


def test_the_cases_mediator_discloses_a_conflict(client, auth_header, assigned):
    dispute = assigned["dispute"]
    headers = auth_header(assigned["first"].user)
    blank = client.post("/api/v1/disclosures", json={"code": dispute.code}, headers=headers)
    assert blank.status_code == 422
    response = client.post(
        "/api/v1/disclosures",
        json={"code": dispute.code, "description": "曾是申请人的同事"},
        headers=headers,
    )
    assert response.status_code == 201
    body = response.get_json()
    assert (body["outcome"], body["mediator_id"]) == ("pending", assigned["first"].id)
    assert [d.id for d in conflicts.pending_for(dispute)["disclosures"]] == [body["id"]]
    assert "conflict.disclosed" in actions_for(dispute)


def test_nobody_but_the_cases_mediator_discloses(client, auth_header, assigned, coordinator):
    dispute = assigned["dispute"]
    payload = {"code": dispute.code, "description": "我认识他们"}
    staff = client.post("/api/v1/disclosures", json=payload, headers=auth_header(coordinator))
    assert staff.status_code == 403
    other = client.post(
        "/api/v1/disclosures", json=payload, headers=auth_header(assigned["second"].user)
    )
    assert other.status_code == 404
    assert conflicts.pending_for(dispute)["disclosures"] == []


def test_a_mediator_is_kept_only_once_every_party_has_consented(
    client, auth_header, assigned, coordinator
):
    dispute = assigned["dispute"]
    disclosure = conflicts.disclose_conflict(dispute, assigned["first"].user, "同事")
    headers = auth_header(coordinator)
    url = f"/api/v1/disclosures/{disclosure.id}/decision"
    early = client.post(url, json={"keep": True}, headers=headers)
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "consent_missing"
    for party in dispute.parties:
        consented = client.post(
            "/api/v1/consents",
            json={"code": dispute.code, "party_id": party.id, "note": "电话确认"},
            headers=headers,
        )
        assert consented.status_code == 201
        assert consented.get_json() == {
            "code": dispute.code,
            "party_id": party.id,
            "note": "电话确认",
        }
    consents = db.session.scalars(select(ConflictConsent)).all()
    assert {(c.party_id, c.recorded_by_id) for c in consents} == {
        (p.id, coordinator.id) for p in dispute.parties
    }
    kept = client.post(url, json={"keep": True}, headers=headers)
    assert kept.status_code == 200 and kept.get_json()["outcome"] == "kept"
    db.session.refresh(dispute)
    assert dispute.mediator_id == assigned["first"].id
    again = client.post(url, json={"keep": False}, headers=headers)
    assert again.status_code == 409
    assert "conflict.kept" in actions_for(dispute)


def test_replacing_a_conflicted_mediator_assigns_another(
    client, auth_header, assigned, coordinator
):
    dispute = assigned["dispute"]
    disclosure = conflicts.disclose_conflict(dispute, assigned["first"].user, "同事")
    response = client.post(
        f"/api/v1/disclosures/{disclosure.id}/decision",
        json={"keep": False},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 200 and response.get_json()["outcome"] == "replaced"
    db.session.refresh(dispute)
    assert dispute.mediator_id == assigned["second"].id


def test_another_countys_coordinator_cannot_decide_a_disclosure(
    client, auth_header, assigned, outsider
):
    disclosure = conflicts.disclose_conflict(assigned["dispute"], assigned["first"].user, "同事")
    response = client.post(
        f"/api/v1/disclosures/{disclosure.id}/decision",
        json={"keep": False},
        headers=auth_header(outsider),
    )
    assert response.status_code == 404
    db.session.refresh(disclosure)
    assert disclosure.outcome == "pending"


def test_consent_is_only_for_a_party_of_this_case(
    client, auth_header, create_dispute, assigned, coordinator, account_for
):
    dispute = assigned["dispute"]
    other_case = create_dispute("consented")
    foreign = client.post(
        "/api/v1/consents",
        json={"code": dispute.code, "party_id": other_case.applicants[0].id},
        headers=auth_header(coordinator),
    )
    assert foreign.status_code == 404
    applicant = account_for(dispute.applicants[0])
    for_someone_else = client.post(
        "/api/v1/consents",
        json={"code": dispute.code, "party_id": dispute.respondents[0].id},
        headers=auth_header(applicant),
    )
    assert for_someone_else.status_code == 404
    assert db.session.scalars(select(ConflictConsent)).all() == []


def test_a_partys_own_consent_needs_a_confirmed_mobile(
    app, monkeypatch, client, auth_header, assigned, account_for
):
    from mediation.disputes.models import PartyAct

    dispute = assigned["dispute"]
    conflicts.disclose_conflict(dispute, assigned["first"].user, "同事")
    applicant = dispute.applicants[0]
    payload = {"code": dispute.code, "party_id": applicant.id}
    headers = auth_header(account_for(applicant))
    refused = client.post("/api/v1/consents", json=payload, headers=headers)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "confirmation_needed"
    assert db.session.scalars(select(ConflictConsent)).all() == []
    monkeypatch.setitem(app.config, "PARTY_ACT_ASSURANCE", "case_link")
    assert client.post("/api/v1/consents", json=payload, headers=headers).status_code == 201
    [consent] = db.session.scalars(select(ConflictConsent)).all()
    assert consent.party_id == applicant.id
    [act] = db.session.scalars(select(PartyAct).where(PartyAct.act == "keep_mediator")).all()
    assert (act.party_id, act.value) == (applicant.id, str(assigned["first"].id))


def test_consent_needs_a_mediator_on_the_case(client, auth_header, create_dispute, coordinator):
    dispute = create_dispute("consented")
    response = client.post(
        "/api/v1/consents",
        json={"code": dispute.code, "party_id": dispute.applicants[0].id},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 409
    assert db.session.scalars(select(ConflictConsent)).all() == []
