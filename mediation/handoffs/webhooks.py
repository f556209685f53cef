"""Outgoing webhooks to agency systems: signed with HMAC-SHA256, resent until acknowledged."""

import hashlib
import hmac
import json
import urllib.request

from mediation.core import outbox
from mediation.core.db import utcnow
from mediation.extensions import db
from mediation.handoffs.agencies import WebhookDelivery
from mediation.handoffs.models import HandOff

SIGNATURE_HEADER = "X-Signature"


class AwaitingAcknowledgement(Exception):
    """The agency's system took the post but has not acknowledged it yet; try again later."""


def sign(secret: str, body: bytes) -> str:
    """Return the signature header value for a body: sha256=<hex HMAC>."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(secret: str | None, body: bytes, header: str | None) -> bool:
    if not secret or not header:
        return False
    return hmac.compare_digest(sign(secret, body), header.strip())


def handoff_document(handoff: HandOff) -> dict:
    """The hand-off as webhooks carry it: what an agency system needs to update its record."""
    return {
        "id": handoff.id,
        "direction": handoff.direction,
        "reference": handoff.reference,
        "dispute_code": handoff.dispute.code,
        "status": handoff.status,
        "result": handoff.result,
        "due_on": handoff.due_on.isoformat() if handoff.due_on else None,
    }


def queue_webhook(handoff: HandOff, event: str) -> WebhookDelivery | None:
    """Queue a post of a status change to the agency, if it has a webhook address."""
    agency = handoff.agency
    if not agency.webhook_url or not agency.webhook_secret:
        return None
    delivery = WebhookDelivery(agency_id=agency.id, handoff_id=handoff.id, event=event, body="")
    db.session.add(delivery)
    db.session.flush()
    delivery.body = json.dumps(
        {
            "delivery_id": delivery.id,
            "event": event,
            "occurred_at": utcnow().isoformat(),
            "handoff": handoff_document(handoff),
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    outbox.enqueue(
        "handoff.webhook", {"delivery_id": delivery.id}, dedupe_key=f"webhook:{delivery.id}:"
    )
    return delivery


def post(url: str, body: bytes, headers: dict) -> int:
    """POST a body and return the status code (replaced in tests)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 (configured URL)
        return response.status


@outbox.handler("handoff.webhook")
def deliver_webhook(payload: dict) -> None:
    """Post a delivery; until the agency acknowledges it, fail so the outbox retries later."""
    delivery = db.session.get(WebhookDelivery, payload["delivery_id"])
    if delivery is None or delivery.acknowledged_at is not None:
        return
    agency = db.session.get(HandOff, delivery.handoff_id).agency
    body = delivery.body.encode()
    status = post(
        agency.webhook_url,
        body,
        {
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: sign(agency.webhook_secret, body),
            "X-Delivery-Id": str(delivery.id),
        },
    )
    if status >= 300:
        raise RuntimeError(f"the agency's system answered {status}")
    raise AwaitingAcknowledgement(f"delivery {delivery.id} posted, not yet acknowledged")


def acknowledge_delivery(delivery_id: int, body: bytes, signature: str | None) -> bool:
    """Mark a delivery acknowledged if the request is signed with its agency's secret."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return False
    agency = db.session.get(HandOff, delivery.handoff_id).agency
    if not signature_matches(agency.webhook_secret, body, signature):
        return False
    if delivery.acknowledged_at is None:
        delivery.acknowledged_at = utcnow()
        outbox.cancel(f"webhook:{delivery.id}:")
    db.session.flush()
    return True
