"""Staff are told what needs them, by text and e-mail through the outbox, each thing once."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from mediation.core import notify, outbox
from mediation.core.outbox import OutboxMessage
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.scheduling import operations as scheduling

# Monday 7 December 2026, 09:00 in Shanghai.
NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _monday_morning():
    notify.SENT.clear()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def queued_to(user) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.recipient_id == user.id)
    return list(db.session.scalars(query.order_by(OutboxMessage.due_at, OutboxMessage.id)))


def deliver_everything_twice() -> None:
    """Two scheduler runs: what the first sent is never sent again by the second."""
    db.session.commit()
    outbox.run_due("worker-a")
    outbox.run_due("worker-b")


def test_a_mediator_is_texted_and_emailed_a_new_offer_once(create_dispute, create_mediator):
    mediator = create_mediator()
    mediator.user.email = "mediator@example.cn"
    dispute = create_dispute("consented")
    from mediation.mediators import assignment

    assignment.assign_mediator(dispute, mediator.id, None)
    [offer] = queued_to(mediator.user)
    assert offer.payload["mobile"] == mediator.user.mobile
    assert offer.payload["email"] == "mediator@example.cn"
    assert dispute.display_code in offer.payload["subject"]
    assert notify.channels_of(offer.payload) == [
        f"SMS to {mediator.user.mobile}",
        "e-mail to mediator@example.cn",
    ]
    deliver_everything_twice()
    sent = [m for m in notify.SENT if m.get("user_id") == mediator.user_id]
    assert len(sent) == 1


def test_a_mediator_is_reminded_of_tomorrows_session_the_day_before(
    create_dispute, coordinator, _monday_morning
):
    dispute = create_dispute("assigned")
    slot = next(
        s for s in scheduling.free_slots_for(dispute, None) if s.start > NOW + timedelta(days=2)
    )
    session = scheduling.book_session(
        dispute, slot.start, slot.end, "video", None, {Actor.STAFF}, coordinator
    )
    user = dispute.mediator.user
    reminders = [m for m in queued_to(user) if (m.dedupe_key or "").count(":reminder:")]
    day_before = [m for m in reminders if m.due_at == session.start_at - timedelta(days=1)]
    assert len(day_before) == 1 and day_before[0].payload["mobile"] == user.mobile
    # Nothing goes before it is due; on the day before it goes once.
    subject = day_before[0].payload["subject"]
    deliver_everything_twice()
    assert not [m for m in notify.SENT if m.get("user_id") == user.id and m["subject"] == subject]
    _monday_morning.move_to(session.start_at - timedelta(days=1) + timedelta(minutes=1))
    deliver_everything_twice()
    reminded = [m for m in notify.SENT if m.get("user_id") == user.id]
    assert len([m for m in reminded if m["subject"] == subject]) == 1


def test_the_coordinator_who_signed_for_a_hand_off_is_reminded_before_it_runs_out(
    create_referral, coordinator, _monday_morning
):
    handoff = create_referral(signed_on=date(2026, 12, 7))
    keys = {m.dedupe_key for m in queued_to(coordinator)}
    assert {f"handoff:{handoff.id}:remind:{d}d:user:{coordinator.id}" for d in (3, 1, 0)} <= keys
    _monday_morning.move_to(datetime(2027, 1, 3, 2, 0, tzinfo=UTC))
    deliver_everything_twice()
    # Due on 6 January: on the 3rd only the three-day reminder is due, and it goes once.
    reminded = [m for m in notify.SENT if m.get("user_id") == coordinator.id]
    assert len(reminded) == 1 and handoff.dispute.display_code in reminded[0]["body"]
    db.session.expire_all()
    sent = {m.dedupe_key for m in queued_to(coordinator) if m.sent_at is not None}
    assert sent == {f"handoff:{handoff.id}:remind:3d:user:{coordinator.id}"}
