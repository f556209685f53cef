from datetime import timedelta

from mediation.core import notify, outbox
from mediation.disputes.lifecycle import Actor
from mediation.scheduling import notices, operations


def live(session):
    return [m for m in notices.reminders_of(session) if m.cancelled_at is None]


def test_a_booking_queues_a_24_hour_and_a_1_hour_reminder_per_person(assigned, book):
    dispute = assigned()
    session = book(dispute)
    reminders = live(session)
    people = len(dispute.parties) + 1
    assert len(reminders) == 2 * people
    dues = {m.due_at for m in reminders}
    assert dues == {session.start_at - timedelta(hours=24), session.start_at - timedelta(hours=1)}
    assert all(m.dedupe_key.startswith(f"session:{session.id}:reminder:") for m in reminders)


def test_the_reminder_times_are_configurable(app, assigned, book):
    old = app.config["SESSION_REMINDER_MINUTES"]
    app.config["SESSION_REMINDER_MINUTES"] = (30,)
    try:
        session = book(assigned())
    finally:
        app.config["SESSION_REMINDER_MINUTES"] = old
    assert {m.due_at for m in live(session)} == {session.start_at - timedelta(minutes=30)}


def test_a_late_booking_queues_only_the_reminders_still_due(assigned, free_slot, coordinator):
    dispute = assigned()
    slot = free_slot(dispute)
    now = slot.start - timedelta(hours=3)
    session = operations.book_session(
        dispute, slot.start, None, "video", None, {Actor.STAFF}, coordinator, now=now
    )
    assert {m.due_at for m in live(session)} == {slot.start - timedelta(hours=1)}


def test_rescheduling_moves_the_reminder_rows(assigned, book, free_slot, coordinator):
    dispute = assigned()
    session = book(dispute)
    before = {m.dedupe_key: m.id for m in live(session)}
    target = free_slot(dispute, 8)
    operations.reschedule_session(session, target.start, None, "改期", {Actor.STAFF}, coordinator)
    after = live(session)
    assert {m.dedupe_key: m.id for m in after} == before
    assert {m.due_at for m in after} == {
        target.start - timedelta(hours=24),
        target.start - timedelta(hours=1),
    }


def test_cancelling_drops_the_reminders(assigned, book, coordinator):
    session = book(assigned())
    operations.cancel_session(session, "撤回申请", {Actor.STAFF}, coordinator)
    assert live(session) == []
    reminder_ids = {m.id for m in notices.reminders_of(session)}
    assert not reminder_ids & set(outbox.claim_due("w", now=session.start_at))


def test_two_scheduler_workers_send_each_reminder_exactly_once(assigned, book):
    session = book(assigned())
    later = session.start_at - timedelta(minutes=30)
    outbox.run_due("invitations")  # the invitations go first
    notify.SENT.clear()
    first = outbox.claim_due("worker-a", limit=3, now=later)
    second = outbox.claim_due("worker-b", now=later)
    assert first and second and not set(first) & set(second)
    for message_id in first:
        outbox.deliver(message_id, "worker-a")
    for message_id in second:
        outbox.deliver(message_id, "worker-b")
        assert not outbox.deliver(message_id, "worker-a")
    keys = [m["subject"] for m in notify.SENT]
    assert len(keys) == len(live(session)) == len(first) + len(second)
    assert all(m.sent_at is not None and m.attempts == 1 for m in live(session))
    assert outbox.claim_due("worker-a", now=later) == []


def test_a_reminder_claimed_by_a_crashed_worker_is_sent_after_the_restart(assigned, book):
    session = book(assigned())
    outbox.run_due("invitations")
    notify.SENT.clear()
    later = session.start_at - timedelta(minutes=30)
    claimed = outbox.claim_due("crashed", limit=3, now=later)
    assert claimed
    # The worker died before sending: the rest of the due reminders go out at once, its own
    # batch only when its claim runs out.
    others = outbox.claim_due("restarted", now=later)
    assert others and not set(others) & set(claimed)
    assert outbox.deliver_batch(others, "restarted") == len(others)
    assert outbox.claim_due("restarted", now=later) == []
    retaken = outbox.claim_due(
        "restarted", now=later + outbox.claim_length() + timedelta(seconds=1)
    )
    assert sorted(retaken) == sorted(claimed)
    assert all(outbox.deliver(i, "restarted") for i in retaken)
    assert len(notify.SENT) == len(claimed) + len(others) == len(live(session))


def test_a_sent_reminder_is_not_resent_and_a_new_time_gets_its_own(
    assigned, book, free_slot, coordinator
):
    dispute = assigned()
    session = book(dispute)
    outbox.run_due("invitations")
    day_before = session.start_at - timedelta(hours=23)
    for message_id in outbox.claim_due("w", now=day_before):
        outbox.deliver(message_id, "w")
    sent = [m for m in notices.reminders_of(session) if m.sent_at is not None]
    assert sent
    target = free_slot(dispute, 10)
    operations.reschedule_session(session, target.start, None, "改期", {Actor.STAFF}, coordinator)
    pending = [m for m in live(session) if m.sent_at is None]
    assert {m.due_at for m in pending} == {
        target.start - timedelta(hours=24),
        target.start - timedelta(hours=1),
    }
    assert all(m.sent_at is not None for m in sent)
