from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.db import MAX_ROW_ID
from mediation.disputes import codes
from mediation.disputes.models import Attachment, Dispute
from mediation.extensions import db
from tests.factories import PASSWORD

PDF = b"%PDF-1.4\n%%EOF\n"


def api_payload(dispute_payload, **overrides) -> dict:
    payload = {k: v for k, v in dispute_payload(**overrides).items() if v is not None}
    return payload


def disputes_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Dispute))


def test_a_token_is_issued_for_good_credentials(client, create_user):
    user = create_user(Role.PARTY)
    response = client.post("/api/v1/tokens", json={"mobile": user.mobile, "password": PASSWORD})
    assert response.status_code == 201
    body = response.get_json()
    assert body["role"] == "party" and body["token"] and body["expires_at"]


def test_bad_credentials_get_401_in_the_error_format(client, create_user):
    user = create_user(Role.PARTY)
    response = client.post("/api/v1/tokens", json={"mobile": user.mobile, "password": "wrong"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "bad_credentials"


def test_requests_without_a_token_are_refused(client):
    response = client.get("/api/v1/disputes")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_missing"


def test_an_expired_token_is_refused(app, client, create_user, auth_header):
    headers = auth_header(create_user(Role.PARTY))
    app.config["API_TOKEN_TTL"] = timedelta(seconds=-1)
    try:
        response = client.get("/api/v1/disputes", headers=headers)
    finally:
        app.config["API_TOKEN_TTL"] = timedelta(hours=12)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_expired"


def test_a_forged_token_is_refused(client):
    response = client.get("/api/v1/disputes", headers={"Authorization": "Bearer abc.def.ghi"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_invalid"


def test_a_revoked_token_is_refused(client, create_user, auth_header):
    from mediation.accounts.operations import revoke_tokens

    user = create_user(Role.PARTY)
    headers = auth_header(user)
    revoke_tokens(user)
    assert client.get("/api/v1/disputes", headers=headers).status_code == 401


def test_a_party_files_and_reads_a_dispute(client, create_user, auth_header, dispute_payload):
    party = create_user(Role.PARTY)
    payload = api_payload(dispute_payload, amount="3000.00")
    response = client.post("/api/v1/disputes", json=payload, headers=auth_header(party))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert codes.is_valid(body["code"]) and body["state"] == "submitted"
    assert body["amount"] == "3000.00"
    respondent = next(p for p in body["parties"] if p["side"] == "respondent")
    assert "*" in respondent["mobile"]
    read = client.get(f"/api/v1/disputes/{body['code']}", headers=auth_header(party))
    assert read.status_code == 200 and read.get_json()["code"] == body["code"]


def test_resident_ids_are_masked_in_the_api(client, create_user, auth_header, dispute_payload):
    party = create_user(Role.PARTY)
    payload = api_payload(dispute_payload)
    body = client.post("/api/v1/disputes", json=payload, headers=auth_header(party)).get_json()
    shown = body["parties"][0]["resident_id"]
    assert shown.startswith("512") and "*" in shown
    assert payload["applicants"][0]["resident_id"] not in str(body)


def test_field_errors_are_reported_field_by_field(
    client, create_user, auth_header, dispute_payload
):
    payload = api_payload(dispute_payload, category="gossip", amount="12.345")
    payload["applicants"][0]["mobile"] = "12345"
    payload["applicants"][0]["resident_id"] = "512022198001010012"
    del payload["description"]
    response = client.post("/api/v1/disputes", json=payload, headers=auth_header(create_user()))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) >= {
        "category",
        "amount",
        "description",
        "applicants.0.mobile",
        "applicants.0.resident_id",
    }
    assert "校验码" in error["fields"]["applicants.0.resident_id"][0]  # Chinese by default
    assert disputes_count() == 0


def test_errors_speak_english_when_asked(client, create_user, auth_header, dispute_payload):
    payload = api_payload(dispute_payload)
    payload["applicants"][0]["resident_id"] = "512022198001010012"
    headers = auth_header(create_user()) | {"Accept-Language": "en"}
    error = client.post("/api/v1/disputes", json=payload, headers=headers).get_json()["error"]
    assert "check digit" in error["fields"]["applicants.0.resident_id"][0]


def test_wrong_types_and_unknown_fields_are_refused(
    client, create_user, auth_header, dispute_payload
):
    headers = auth_header(create_user())
    payload = api_payload(dispute_payload, township_id="north", amount=12.5, colour="red")
    response = client.post("/api/v1/disputes", json=payload, headers=headers)
    assert response.status_code == 422
    assert {"township_id", "amount", "colour"} <= set(response.get_json()["error"]["fields"])
    assert client.post("/api/v1/disputes", data="not json", headers=headers).status_code in (
        415,
        422,
    )
    assert client.post("/api/v1/disputes", json=[1, 2], headers=headers).status_code == 422


def test_an_oversized_body_gets_413(app, client, create_user, auth_header):
    huge = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/api/v1/disputes",
        data=huge,
        content_type="application/json",
        headers=auth_header(create_user()),
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_idempotency_key_files_once(client, create_user, auth_header, dispute_payload):
    headers = auth_header(create_user()) | {"Idempotency-Key": "d1f0c6"}
    payload = api_payload(dispute_payload)
    first = client.post("/api/v1/disputes", json=payload, headers=headers)
    second = client.post("/api/v1/disputes", json=payload, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    assert first.get_json()["code"] == second.get_json()["code"]
    assert disputes_count() == 1


def test_another_partys_dispute_is_404(client, create_user, auth_header, create_dispute):
    dispute = create_dispute()
    stranger = create_user(Role.PARTY)
    for path in (f"/api/v1/disputes/{dispute.code}", f"/api/v1/disputes/{dispute.code}/history"):
        response = client.get(path, headers=auth_header(stranger))
        assert response.status_code == 404
    listing = client.get("/api/v1/disputes", headers=auth_header(stranger)).get_json()
    assert listing["total"] == 0


def test_an_unknown_code_is_404(client, coordinator, auth_header):
    assert (
        client.get("/api/v1/disputes/ZZZZZZZZ", headers=auth_header(coordinator)).status_code == 404
    )


def test_staff_list_pages_and_filters(client, coordinator, auth_header, create_dispute):
    for _ in range(3):
        create_dispute()
    create_dispute("accepted")
    headers = auth_header(coordinator)
    page = client.get("/api/v1/disputes?per_page=2&page=2", headers=headers).get_json()
    assert page["total"] == 4 and len(page["items"]) == 2 and page["page"] == 2
    accepted = client.get("/api/v1/disputes?state=accepted", headers=headers).get_json()
    assert [d["state"] for d in accepted["items"]] == ["accepted"]
    bad = client.get("/api/v1/disputes?per_page=1000&state=lost", headers=headers)
    assert bad.status_code == 422
    assert {"per_page", "state"} <= set(bad.get_json()["error"]["fields"])


def test_a_page_past_the_last_is_empty_with_the_total(
    client, coordinator, auth_header, create_dispute
):
    create_dispute()
    page = client.get("/api/v1/disputes?per_page=5&page=3", headers=auth_header(coordinator))
    assert page.status_code == 200
    assert page.get_json()["items"] == [] and page.get_json()["total"] == 1


def test_a_station_coordinator_sees_only_their_township(
    client, create_user, county, auth_header, create_dispute
):
    create_dispute()
    other = county["stations"][1]
    create_dispute(township_id=other.id, village_id=None)
    station_coordinator = create_user(Role.COORDINATOR, other)
    listing = client.get("/api/v1/disputes", headers=auth_header(station_coordinator)).get_json()
    assert listing["total"] == 1
    assert listing["items"][0]["township"]["id"] == other.id


def test_lookup_forgives_case_hyphens_and_lookalikes(
    client, coordinator, auth_header, create_dispute
):
    dispute = create_dispute()
    typed = codes.display(dispute.code).lower().replace("0", "o").replace("1", "l")
    response = client.get(f"/api/v1/disputes/lookup?code={typed}", headers=auth_header(coordinator))
    assert response.status_code == 200
    assert response.get_json()["code"] == dispute.code


def test_transitions_move_the_case_and_refuse_illegal_moves(
    client, coordinator, auth_header, create_dispute
):
    dispute = create_dispute()
    headers = auth_header(coordinator)
    url = f"/api/v1/disputes/{dispute.code}/transitions"
    ok = client.post(url, json={"action": "accept"}, headers=headers)
    assert ok.status_code == 200 and ok.get_json()["state"] == "accepted"
    illegal = client.post(url, json={"action": "start"}, headers=headers)
    assert illegal.status_code == 409
    error = illegal.get_json()["error"]
    assert error["code"] == "illegal_transition" and error["state"] == "accepted"
    entry = {"party_id": dispute.applicants[0].id, "identification": "phone_call"}
    no_reason = client.post(url, json={"action": "withdraw", **entry}, headers=headers)
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["error"]["fields"]
    history = client.get(f"/api/v1/disputes/{dispute.code}/history", headers=headers).get_json()
    assert [e["action"] for e in history] == ["dispute.filed", "dispute.accept"]


def test_a_stale_version_gets_409(client, coordinator, auth_header, create_dispute):
    dispute = create_dispute()
    headers = auth_header(coordinator)
    url = f"/api/v1/disputes/{dispute.code}/transitions"
    seen = dispute.version
    assert (
        client.post(
            url, json={"action": "accept", "expected_version": seen}, headers=headers
        ).status_code
        == 200
    )
    stale = client.post(
        url, json={"action": "request_consent", "expected_version": seen}, headers=headers
    )
    assert stale.status_code == 409


def test_a_party_cannot_accept_their_own_case(client, create_user, auth_header, dispute_payload):
    party = create_user(Role.PARTY)
    body = client.post(
        "/api/v1/disputes", json=api_payload(dispute_payload), headers=auth_header(party)
    ).get_json()
    response = client.post(
        f"/api/v1/disputes/{body['code']}/transitions",
        json={"action": "accept"},
        headers=auth_header(party),
    )
    assert response.status_code == 403


def test_attachments_upload_and_bad_files_are_refused(
    client, coordinator, auth_header, create_dispute
):
    dispute = create_dispute()
    headers = auth_header(coordinator)
    url = f"/api/v1/disputes/{dispute.code}/attachments"
    ok = client.post(
        url, data={"file": (__import__("io").BytesIO(PDF), "证据.pdf")}, headers=headers
    )
    assert ok.status_code == 201 and ok.get_json()["content_type"] == "application/pdf"
    bad = client.post(
        url, data={"file": (__import__("io").BytesIO(b"#!/bin/sh"), "x.pdf")}, headers=headers
    )
    assert bad.status_code == 422
    missing = client.post(url, data={}, headers=headers)
    assert missing.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1


def test_the_openapi_document_describes_the_api(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/disputes", "/api/v1/disputes/{code}/transitions", "/api/v1/tokens"} <= set(
        spec["paths"]
    )
    schema = spec["components"]["schemas"]["DisputeIn"]
    assert "applicants" in schema["required"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]


@pytest.mark.parametrize("number", [MAX_ROW_ID + 1, 9_999_999_999, 10**20])
def test_an_id_past_the_key_range_is_404_whatever_the_method(
    client, coordinator, auth_header, number
):
    headers = auth_header(coordinator)
    patched = client.patch(f"/api/v1/mediators/{number}", json={}, headers=headers)
    assert patched.status_code == 404 and patched.get_json()["error"]["code"] == "not_found"
    posted = client.post(f"/api/v1/mediators/{number}/relations", json={}, headers=headers)
    assert posted.status_code == 404


def test_the_largest_id_still_reaches_its_route(client, coordinator, auth_header):
    headers = auth_header(coordinator)
    routed = client.patch(f"/api/v1/mediators/{MAX_ROW_ID}", json={}, headers=headers)
    unrouted = client.patch(f"/api/v1/mediators/{MAX_ROW_ID + 1}", json={}, headers=headers)
    # The route itself answers: no such mediator, not "no such address".
    assert routed.status_code == 404
    assert routed.get_json()["error"]["message"] != unrouted.get_json()["error"]["message"]
