from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from mediation.core import outbox
from mediation.core.db import utcnow
from mediation.core.outbox import OutboxMessage
from mediation.extensions import db

CALLS: list[dict] = []
FIXED = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


class Killed(BaseException):
    """Stands for the process dying in the middle of a send: nothing after it runs."""


@outbox.handler("test.record")
def record(payload: dict) -> None:
    if payload.get("fail"):
        raise RuntimeError("gateway down")
    CALLS.append(payload)


@outbox.handler("test.killed")
def killed(payload: dict) -> None:
    CALLS.append(payload)
    if len(CALLS) == 1:
        raise Killed


@pytest.fixture(autouse=True)
def _clear_calls():
    CALLS.clear()


@pytest.fixture
def clock():
    with time_machine.travel(FIXED, tick=False) as traveller:
        yield traveller


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


def test_a_crashed_workers_claim_runs_out_within_a_minute_and_another_takes_over(clock):
    message = outbox.enqueue("test.record", {"n": 1})
    assert outbox.claim_due("crashed") == [message.id]
    assert outbox.claim_length() <= timedelta(minutes=1)
    assert outbox.claim_due("other", now=FIXED + outbox.claim_length()) == []
    later = FIXED + outbox.claim_length() + timedelta(seconds=1)
    assert outbox.claim_due("other", now=later) == [message.id]


def test_a_scheduler_claims_a_small_batch_not_everything_due(app, clock):
    for n in range(12):
        outbox.enqueue("test.record", {"n": n})
    first = outbox.claim_due("worker-a")
    second = outbox.claim_due("worker-b")
    assert len(first) == len(second) == app.config["OUTBOX_BATCH_SIZE"] < 12
    assert not set(first) & set(second)


def test_one_pass_delivers_every_due_message_batch_after_batch(clock):
    for n in range(12):
        outbox.enqueue("test.record", {"n": n})
    assert outbox.run_due("worker-a") == 12
    assert sorted(c["n"] for c in CALLS) == list(range(12))


def test_the_claim_on_the_rest_of_a_batch_is_renewed_before_each_send(clock):
    """Sends slower than the claim in total: another scheduler still gets none of the batch."""
    taken_by_other = []

    @outbox.handler("test.slow")
    def slow(payload: dict) -> None:
        CALLS.append(payload)
        taken_by_other.extend(outbox.claim_due("worker-b"))
        clock.shift(outbox.claim_length().total_seconds() * 2 / 3)

    try:
        for n in range(3):
            outbox.enqueue("test.slow", {"n": n})
        assert outbox.run_due("worker-a", limit=3) == 3
    finally:
        del outbox.HANDLERS["test.slow"]
    assert taken_by_other == []
    assert [c["n"] for c in CALLS] == [0, 1, 2]


def test_a_message_sent_again_after_a_crash_carries_the_same_key_and_counts_two_attempts(clock):
    message = outbox.enqueue("test.killed", {"n": 1})
    claimed = outbox.claim_due("dead")
    with pytest.raises(Killed):
        outbox.deliver_batch(claimed, "dead")
    db.session.rollback()
    assert outbox.run_due("restarted") == 0  # still held by the dead scheduler's claim
    clock.shift(outbox.claim_length().total_seconds() + 1)
    assert outbox.run_due("restarted") == 1
    first, again = CALLS
    assert first["idempotency_key"] == again["idempotency_key"]
    assert str(message.id) in again["idempotency_key"]
    db.session.refresh(message)
    assert message.attempts == 2 and message.sent_at is not None


def test_a_failed_send_is_retried_with_the_same_key(clock):
    message = outbox.enqueue("test.record", {"fail": True})
    assert outbox.run_due("w") == 0
    message.payload = {"fail": False}
    key_now = outbox.delivery_key(message)
    db.session.commit()
    clock.shift(3600)
    assert outbox.run_due("w") == 1
    assert CALLS[0]["idempotency_key"] == key_now


def test_a_message_moved_with_new_text_gets_a_new_key():
    key = "session:1:reminder:60:u1"
    message = outbox.enqueue("test.record", {"text": "明天九点"}, dedupe_key=key)
    before = outbox.delivery_key(message)
    outbox.enqueue("test.record", {"text": "后天九点"}, dedupe_key=key)
    assert outbox.delivery_key(message) != before


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
    assert CALLS == [{"n": 2, "outbox_id": moved.id, "idempotency_key": outbox.delivery_key(moved)}]


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
