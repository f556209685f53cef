"""The OpenAPI document describes the responses the API really gives, errors included."""

import jsonschema_rs
import pytest

from mediation.accounts.models import Role

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def json_schema(node):
    """Turn OpenAPI 3.0's `nullable` into JSON Schema's null type, everywhere in a schema."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False) and "type" in node:
        node["type"] = [node["type"], "null"]
    return node


def response_schema(spec, path, method, status, content_type="application/json"):
    response = spec["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return {**response["content"][content_type]["schema"], "components": spec["components"]}


def validator_for(spec, path, method, status):
    return jsonschema_rs.Draft4Validator(json_schema(response_schema(spec, path, method, status)))


def assert_matches(spec, path, method, status, body):
    validator = validator_for(spec, path, method, status)
    errors = [error.message for error in validator.iter_errors(body)]
    assert not errors, (body, errors)


def test_the_documented_error_body_is_the_one_returned(
    client, spec, coordinator, auth_header, create_dispute
):
    unauthorised = client.get("/api/v1/disputes")
    assert unauthorised.status_code == 401
    assert_matches(spec, "/api/v1/disputes", "get", 401, unauthorised.get_json())

    headers = auth_header(coordinator)
    missing = client.get("/api/v1/disputes/NOPE-0000", headers=headers)
    assert missing.status_code == 404
    assert_matches(spec, "/api/v1/disputes/{code}", "get", 404, missing.get_json())

    invalid = client.post("/api/v1/disputes", json={"category": "x", "colour": 1}, headers=headers)
    assert invalid.status_code == 422
    assert invalid.get_json()["error"]["fields"]
    assert_matches(spec, "/api/v1/disputes", "post", 422, invalid.get_json())

    dispute = create_dispute("submitted")
    illegal = client.post(
        f"/api/v1/disputes/{dispute.code}/transitions", json={"action": "close"}, headers=headers
    )
    assert illegal.status_code == 409
    assert_matches(spec, "/api/v1/disputes/{code}/transitions", "post", 409, illegal.get_json())


def test_flask_smorests_own_error_body_is_not_documented(spec):
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert "status" not in error["properties"] and "errors" not in error["properties"]


def test_no_operation_hides_its_errors_behind_a_default_response(spec):
    defaults = [(m, p) for m, p, op in operations(spec) if "default" in op["responses"]]
    assert defaults == []


def test_every_error_response_uses_the_error_schema(spec):
    for method, path, operation in operations(spec):
        for status in operation["responses"]:
            if int(status) >= 400:
                schema = response_schema(spec, path, method, status)
                assert schema["$ref"] == "#/components/schemas/Error", (method, path, status)


def test_each_operation_documents_the_errors_its_shape_can_give(spec):
    for method, path, operation in operations(spec):
        statuses = set(operation["responses"])
        assert any(s.startswith("2") for s in statuses), (method, path)
        if operation.get("security"):
            assert {"401", "403"} <= statuses, (method, path)
        if "{" in path:
            assert "404" in statuses, (method, path)
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= statuses, (method, path)
        if any(p["in"] == "query" for p in operation.get("parameters", ())):
            assert "422" in statuses, (method, path)


def test_rate_limited_and_special_cases_are_documented(spec):
    tokens = spec["paths"]["/api/v1/tokens"]["post"]["responses"]
    # 403: a staff account offering an SMS code instead of its password.
    assert {"401", "403", "422", "429"} <= set(tokens)
    assert "409" not in tokens
    codes = spec["paths"]["/api/v1/codes"]["post"]["responses"]
    assert {"202", "403", "422", "429"} <= set(codes)
    assert "401" not in codes and "404" not in codes
    assert "401" in spec["paths"]["/api/v1/handoffs/webhooks/ack"]["post"]["responses"]
    assert "404" in spec["paths"]["/api/v1/availability"]["get"]["responses"]
    assert "429" not in spec["paths"]["/api/v1/disputes"]["get"]["responses"]


def test_the_invitation_is_documented_as_text_calendar(
    client, spec, coordinator, auth_header, create_dispute
):
    from mediation.scheduling import operations as scheduling

    path = "/api/v1/sessions/{session_id}/invite.ics"
    assert set(spec["paths"][path]["get"]["responses"]["200"]["content"]) == {"text/calendar"}

    from mediation.disputes.lifecycle import Actor

    dispute = create_dispute("assigned")
    slot = scheduling.free_slots_for(dispute, None)[0]
    session = scheduling.book_session(
        dispute, slot.start, slot.end, "video", None, {Actor.STAFF}, coordinator
    )
    response = client.get(
        f"/api/v1/sessions/{session.id}/invite.ics", headers=auth_header(coordinator)
    )
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"


def test_every_success_documents_its_content(spec):
    for method, path, operation in operations(spec):
        for status, response in operation["responses"].items():
            if status.startswith("2") and status != "204":
                assert response.get("content"), (method, path, status)


def test_the_studio_record_is_documented_as_it_is_returned(
    client, spec, create_user, county, auth_header, create_studio
):
    studio = create_studio()
    user = create_user(Role.COORDINATOR, county["centre"])
    response = client.get(f"/api/v1/studios/{studio.id}/record", headers=auth_header(user))
    assert response.status_code == 200
    body = response.get_json()
    validator = validator_for(spec, "/api/v1/studios/{studio_id}/record", "get", 200)
    assert validator.is_valid(body) and body["settlement_rate"] is None


def test_amounts_are_documented_as_the_decimal_strings_they_are(
    client, spec, coordinator, auth_header, create_dispute
):
    amount = spec["components"]["schemas"]["DisputeOut"]["properties"]["amount"]
    assert amount["type"] == "string" and amount["format"] == "decimal"
    dispute = create_dispute("submitted", amount="1250.50")
    response = client.get(f"/api/v1/disputes/{dispute.code}", headers=auth_header(coordinator))
    assert response.get_json()["amount"] == "1250.50"
    assert_matches(spec, "/api/v1/disputes/{code}", "get", 200, response.get_json())


def test_a_fresh_session_matches_its_documented_schema(
    client, spec, coordinator, auth_header, create_dispute
):
    from mediation.disputes.lifecycle import Actor
    from mediation.scheduling import operations as scheduling

    dispute = create_dispute("assigned")
    slot = scheduling.free_slots_for(dispute, None)[0]
    session = scheduling.book_session(
        dispute, slot.start, slot.end, "video", None, {Actor.STAFF}, coordinator
    )
    response = client.get(f"/api/v1/sessions/{session.id}", headers=auth_header(coordinator))
    assert response.status_code == 200 and response.get_json()["status_reason"] is None
    assert_matches(spec, "/api/v1/sessions/{session_id}", "get", 200, response.get_json())
