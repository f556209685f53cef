from sqlalchemy import text

from mediation.core.audit import AuditEvent, events_for, first_broken_event, record_event
from mediation.extensions import db


def test_each_event_follows_the_one_before(create_dispute):
    create_dispute("assigned")
    events = db.session.query(AuditEvent).order_by(AuditEvent.id).all()
    assert len(events) >= 5
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    assert first_broken_event() is None


def test_transitions_are_recorded_with_who_and_what(create_dispute, coordinator):
    dispute = create_dispute("accepted")
    actions = [e.action for e in events_for("dispute", dispute.id)]
    assert actions == ["dispute.filed", "dispute.accept"]
    accept = events_for("dispute", dispute.id)[-1]
    assert accept.actor_id == coordinator.id
    assert accept.data["from"] == "submitted" and accept.data["to"] == "accepted"


def test_a_changed_payload_is_named(create_dispute, runner):
    create_dispute("accepted")
    target = db.session.query(AuditEvent).order_by(AuditEvent.id).all()[1]
    db.session.execute(
        text("UPDATE audit_events SET payload = :p WHERE id = :id"),
        {"p": '{"to": "settled"}', "id": target.id},
    )
    db.session.expire_all()
    broken, why = first_broken_event()
    assert broken.id == target.id
    assert "changed" in why
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"audit event {target.id}" in result.output


def test_a_removed_event_breaks_the_chain(create_dispute, runner):
    create_dispute("consented")
    events = db.session.query(AuditEvent).order_by(AuditEvent.id).all()
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": events[1].id})
    db.session.expire_all()
    broken, why = first_broken_event()
    assert broken.id == events[2].id
    assert "removed" in why
    assert runner.invoke(args=["audit", "verify"]).exit_code == 1


def test_rewriting_an_event_and_its_hash_is_still_caught(create_dispute):
    create_dispute("consented")
    events = db.session.query(AuditEvent).order_by(AuditEvent.id).all()
    forged = events[1]
    forged.payload = '{"forged": true}'
    forged.hash = forged.compute_hash()
    db.session.flush()
    broken, _ = first_broken_event()
    assert broken.id == events[2].id


def test_verify_reports_an_intact_chain(runner):
    record_event("test.event", "test", 1)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "chain intact" in result.output
