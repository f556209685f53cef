import json

from mediation.core import outbox
from mediation.core.db import utcnow
from mediation.extensions import db
from mediation.handoffs import webhooks
from mediation.handoffs.agencies import WebhookDelivery
from mediation.handoffs.apikeys import issue_key
from mediation.handoffs.timeline import local_today
from tests.factories import tamper


def api_referral(referral_data) -> dict:
    return {k: v for k, v in referral_data().items() if v is not None}


def test_an_agency_system_files_a_referral_with_its_api_key(
    client, court, court_liaison, coordinator, referral_data
):
    _key, plain = issue_key(court, court_liaison, coordinator)
    response = client.post(
        "/api/v1/handoffs", json=api_referral(referral_data), headers={"X-Api-Key": plain}
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "sent" and body["agency"] == "乐至县人民法院"


def test_a_wrong_api_key_is_refused(client, court, court_liaison, coordinator):
    _key, plain = issue_key(court, court_liaison, coordinator)
    response = client.get("/api/v1/handoffs", headers={"X-Api-Key": tamper(plain)})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "api_key_invalid"


def test_a_duplicate_reference_gets_409_with_the_first_hand_off(
    client, court, court_liaison, coordinator, referral_data
):
    _key, plain = issue_key(court, court_liaison, coordinator)
    payload = api_referral(referral_data)
    first = client.post("/api/v1/handoffs", json=payload, headers={"X-Api-Key": plain})
    again = client.post("/api/v1/handoffs", json=payload, headers={"X-Api-Key": plain})
    assert again.status_code == 409
    assert again.get_json()["error"]["existing_id"] == first.get_json()["id"]


def test_another_agencys_key_sees_404(
    client, create_referral, create_agency, create_liaison, coordinator
):
    handoff = create_referral()
    police = create_agency("police")
    _key, plain = issue_key(police, create_liaison(police), coordinator)
    response = client.get(f"/api/v1/handoffs/{handoff.id}", headers={"X-Api-Key": plain})
    assert response.status_code == 404


def test_an_extension_without_both_consents_gets_409(
    client, create_referral, coordinator, auth_header
):
    handoff = create_referral(signed_on=local_today())
    response = client.post(
        f"/api/v1/handoffs/{handoff.id}/extensions",
        json={"days": 10, "applicant_consent": True},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["message"]


def test_a_result_before_sign_for_gets_409(client, create_referral, coordinator, auth_header):
    handoff = create_referral()
    response = client.post(
        f"/api/v1/handoffs/{handoff.id}/result",
        json={"result": "not_settled", "text": "分歧大"},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 409


def test_the_openapi_document_has_the_hand_offs_and_the_key_scheme(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/handoffs" in spec["paths"]
    assert spec["components"]["securitySchemes"]["agencyApiKey"]["name"] == "X-Api-Key"


def _webhook_court(court):
    court.webhook_url = "https://court.example/hooks"
    court.webhook_secret = "s3cret"
    db.session.flush()


def test_a_webhook_is_signed_and_retried_until_acknowledged(
    client, monkeypatch, court, create_referral, coordinator
):
    _webhook_court(court)
    posts = []
    monkeypatch.setattr(
        webhooks, "post", lambda url, body, headers: posts.append((body, headers)) or 200
    )
    handoff = create_referral()
    from mediation.handoffs.operations import sign_for

    sign_for(handoff, coordinator, local_today())
    delivery = db.session.query(WebhookDelivery).one()
    # Only the applicant's case-link text is done; the webhook, posted but not yet
    # acknowledged, is retried later.
    assert outbox.run_due("w") == 1
    body, headers = posts[0]
    assert headers["X-Signature"] == webhooks.sign("s3cret", body)
    message = db.session.query(outbox.OutboxMessage).filter_by(kind="handoff.webhook").one()
    assert message.attempts == 1 and message.due_at > utcnow()
    ack = json.dumps({"delivery_id": delivery.id}).encode()
    response = client.post(
        "/api/v1/handoffs/webhooks/ack",
        data=ack,
        content_type="application/json",
        headers={"X-Signature": webhooks.sign("s3cret", ack)},
    )
    assert response.status_code == 200
    db.session.refresh(message)
    assert message.cancelled_at is not None


def test_a_failing_agency_system_is_retried_with_back_off(monkeypatch, court, create_referral):
    _webhook_court(court)

    def down(url, body, headers):
        raise OSError("connection refused")

    monkeypatch.setattr(webhooks, "post", down)
    webhooks.queue_webhook(create_referral(), "sent")
    assert outbox.run_due("w") == 1  # the applicant's case-link text; the webhook failed
    message = db.session.query(outbox.OutboxMessage).filter_by(kind="handoff.webhook").one()
    assert message.attempts == 1 and "connection refused" in message.last_error


def test_an_acknowledgement_with_a_bad_signature_is_refused(client, court, create_referral):
    _webhook_court(court)
    delivery = webhooks.queue_webhook(create_referral(), "sent")
    ack = json.dumps({"delivery_id": delivery.id}).encode()
    response = client.post(
        "/api/v1/handoffs/webhooks/ack",
        data=ack,
        content_type="application/json",
        headers={"X-Signature": webhooks.sign("wrong", ack)},
    )
    assert response.status_code == 401
    db.session.refresh(delivery)
    assert delivery.acknowledged_at is None
