from datetime import timedelta

import pytest

from mediation.core import outbox
from mediation.core.db import utcnow
from mediation.core.outbox import OutboxMessage
from mediation.extensions import db

CALLS: list[dict] = []


@outbox.handler("test.record")
def record(payload: dict) -> None:
    if payload.get("fail"):
        raise RuntimeError("gateway down")
    CALLS.append(payload)


@pytest.fixture(autouse=True)
def _clear_calls():
    CALLS.clear()


def test_due_messages_are_delivered_once():
    outbox.enqueue("test.record", {"n": 1})
    outbox.enqueue("test.record", {"n": 2}, due_at=utcnow() + timedelta(hours=1))
    assert outbox.run_due("worker-a") == 1
    assert outbox.run_due("worker-a") == 0
    assert [c["n"] for c in CALLS] == [1]


def test_messages_are_delivered_in_the_order_they_fell_due():
    now = utcnow()
    # Written latest-first, so the storage order is the reverse of the order they fell due.
    for n in (5, 4, 3, 2, 1):
        outbox.enqueue("test.record", {"n": n}, due_at=now - timedelta(minutes=10 - n))
    outbox.enqueue("test.record", {"n": 6}, due_at=now - timedelta(minutes=4))
    assert outbox.run_due("worker-a") == 6
    assert [c["n"] for c in CALLS] == [1, 2, 3, 4, 5, 6]


def test_two_workers_never_claim_the_same_message():
    for n in range(10):
        outbox.enqueue("test.record", {"n": n})
    first = outbox.claim_due("worker-a", limit=6)
    second = outbox.claim_due("worker-b", limit=6)
    assert len(first) == 6 and len(second) == 4
    assert not set(first) & set(second)
    assert sum(outbox.deliver(i, "worker-b") for i in first) == 0  # not theirs to deliver
    assert sum(outbox.deliver(i, "worker-a") for i in first) == 6


def test_a_crashed_workers_lease_runs_out_and_another_takes_over():
    message = outbox.enqueue("test.record", {"n": 1})
    assert outbox.claim_due("crashed") == [message.id]
    assert outbox.claim_due("other") == []
    later = utcnow() + outbox.LEASE + timedelta(seconds=1)
    assert outbox.claim_due("other", now=later) == [message.id]


def test_a_failed_send_is_retried_later_with_back_off():
    message = outbox.enqueue("test.record", {"fail": True})
    assert outbox.run_due("w") == 0
    db.session.refresh(message)
    assert message.attempts == 1 and message.sent_at is None
    assert "gateway down" in message.last_error
    assert message.due_at > utcnow() + timedelta(seconds=30)
    assert outbox.run_due("w") == 0  # not due yet


def test_the_same_key_moves_the_message_instead_of_adding_one():
    key = "session:1:reminder:24h"
    outbox.enqueue("test.record", {"n": 1}, due_at=utcnow() + timedelta(days=2), dedupe_key=key)
    moved = outbox.enqueue(
        "test.record", {"n": 2}, due_at=utcnow() - timedelta(minutes=1), dedupe_key=key
    )
    assert db.session.query(OutboxMessage).count() == 1
    assert outbox.run_due("w") == 1
    assert CALLS == [{"n": 2, "outbox_id": moved.id}]


def test_cancelled_messages_are_never_sent():
    outbox.enqueue("test.record", {"n": 1}, dedupe_key="session:7:reminder:1h")
    outbox.enqueue("test.record", {"n": 2}, dedupe_key="session:70:reminder:1h")
    assert outbox.cancel("session:7:") == 1
    assert outbox.run_due("w") == 1
    assert [c["n"] for c in CALLS] == [2]


def test_a_text_to_a_mobile_without_an_account_is_sent_by_the_scheduler(app):
    from mediation.core import notify, outbox

    notify.SENT.clear()
    notify.text_mobile("13800000000", "案件编号", "您的案件编号是 LZ-TEST")
    assert outbox.run_due("test-worker") == 1
    assert [(m["mobile"], m["subject"], m["user_id"]) for m in notify.SENT] == [
        ("13800000000", "案件编号", None)
    ]
