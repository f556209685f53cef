import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from sqlalchemy import text

from mediation.core import anchors, scheduler
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


# Anchors: the head recorded away from the database, so a removed or rewritten tail shows.

NOON = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)


@pytest.fixture
def anchor_file(app, tmp_path, monkeypatch):
    path = tmp_path / "anchors" / "audit-anchors.jsonl"
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_FILE", str(path))
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_WEBHOOK", "")
    return path


def chain() -> list[AuditEvent]:
    return db.session.query(AuditEvent).order_by(AuditEvent.id).all()


def delete_events(*events: AuditEvent) -> None:
    for event in events:
        db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": event.id})
    db.session.expire_all()


@time_machine.travel(NOON, tick=False)
def test_anchor_appends_the_head_with_the_time(create_dispute, runner, anchor_file):
    create_dispute("accepted")
    first = runner.invoke(args=["audit", "anchor"])
    assert first.exit_code == 0, first.output
    create_dispute("submitted")
    assert runner.invoke(args=["audit", "anchor"]).exit_code == 0
    lines = [json.loads(line) for line in anchor_file.read_text().splitlines()]
    events = chain()
    assert lines[0] == {"time": NOON.isoformat(), "event_id": events[1].id, "hash": events[1].hash}
    assert lines[1] == {
        "time": NOON.isoformat(),
        "event_id": events[-1].id,
        "hash": events[-1].hash,
    }


def test_an_empty_chain_has_nothing_to_anchor(runner, anchor_file):
    result = runner.invoke(args=["audit", "anchor"])
    assert result.exit_code == 0 and "nothing to anchor" in result.output
    assert not anchor_file.exists()


def test_a_removed_tail_passes_the_chain_but_not_the_anchors(create_dispute, runner, anchor_file):
    create_dispute("consented")
    assert runner.invoke(args=["audit", "anchor"]).exit_code == 0
    *kept, second_last, last = chain()
    last_id, last_hash = last.id, last.hash
    delete_events(second_last, last)
    # The shorter chain still holds together: only an anchor can tell.
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    result = runner.invoke(args=["audit", "verify", "--anchors", str(anchor_file)])
    assert result.exit_code == 1
    assert f"MISSING: audit event {last_id} (hash {last_hash}" in result.output
    assert "was removed" in result.output
    by_head = runner.invoke(args=["audit", "verify", "--head", last_hash])
    assert by_head.exit_code == 1 and last_hash in by_head.output


def test_a_rewritten_tail_with_fresh_hashes_is_caught_by_the_anchor(
    create_dispute, runner, anchor_file
):
    create_dispute("accepted")
    assert runner.invoke(args=["audit", "anchor"]).exit_code == 0
    last = chain()[-1]
    anchored = last.hash
    last.payload = '{"to": "rejected"}'
    last.hash = last.compute_hash()
    db.session.flush()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    result = runner.invoke(args=["audit", "verify", "--anchors", str(anchor_file)])
    assert result.exit_code == 1
    assert f"audit event {last.id} (hash {anchored}" in result.output
    assert "altered" in result.output
    assert runner.invoke(args=["audit", "verify", "--head", anchored]).exit_code == 1


def test_an_intact_chain_holds_every_anchor_and_grows_past_them(
    create_dispute, runner, anchor_file
):
    create_dispute("accepted")
    runner.invoke(args=["audit", "anchor"])
    head = chain()[-1].hash
    create_dispute("consented")
    runner.invoke(args=["audit", "anchor"])
    record_event("test.event", "test", 1)
    result = runner.invoke(args=["audit", "verify", "--anchors", str(anchor_file), "--head", head])
    assert result.exit_code == 0, result.output
    assert "2 anchors hold" in result.output


def test_bad_heads_and_anchor_files_are_refused_plainly(runner, tmp_path):
    assert runner.invoke(args=["audit", "verify", "--head", "abc"]).exit_code == 2
    broken = tmp_path / "anchors.jsonl"
    broken.write_text('{"time": "2026-12-01T04:00:00+00:00", "event_id": 1, "hash": "a"}\nnope\n')
    result = runner.invoke(args=["audit", "verify", "--anchors", str(broken)])
    assert result.exit_code == 2 and "line 2" in result.output


def test_the_scheduler_anchors_on_the_configured_interval(app, monkeypatch, anchor_file):
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_MINUTES", 15)
    job = scheduler.build_scheduler(app).get_job("audit.anchor")
    assert job.trigger.interval.total_seconds() == 15 * 60
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_MINUTES", 0)
    assert scheduler.build_scheduler(app).get_job("audit.anchor") is None


@time_machine.travel(NOON, tick=False)
def test_the_scheduled_anchor_is_written_and_posted_signed(app, monkeypatch, anchor_file):
    received = {}

    class Office(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the http.server API)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.update(raw=body, signature=self.headers["X-Signature"])
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Office)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    monkeypatch.setitem(
        app.config, "AUDIT_ANCHOR_WEBHOOK", f"http://127.0.0.1:{server.server_port}/anchors"
    )
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_WEBHOOK_SECRET", "s3cret")
    event = record_event("test.event", "test", 1)
    try:
        assert anchors.anchor_job() == {"event_id": event.id}
        assert scheduler.deliver_outbox() == 1
    finally:
        thread.join(5)
        server.server_close()
    expected = {"time": NOON.isoformat(), "event_id": event.id, "hash": event.hash}
    assert json.loads(anchor_file.read_text()) == expected
    assert json.loads(received["raw"]) == expected
    signature = hmac.new(b"s3cret", received["raw"], hashlib.sha256).hexdigest()
    assert received["signature"] == f"sha256={signature}"


def test_events_appended_together_follow_the_chain_in_their_order():
    from mediation.core.audit import Entry, record_events

    record_event("test.single", "test", 1)
    when = datetime(2020, 3, 2, 1, 0, tzinfo=UTC)
    entries = [Entry("test.many", "test", n, occurred_at=when, data={"n": n}) for n in range(3)]
    assert record_events(entries) == 3
    record_event("test.single", "test", 2)
    events = db.session.query(AuditEvent).order_by(AuditEvent.id).all()[-5:]
    assert [(e.action, e.subject_id) for e in events] == [
        ("test.single", 1),
        ("test.many", 0),
        ("test.many", 1),
        ("test.many", 2),
        ("test.single", 2),
    ]
    assert events[2].occurred_at == when and events[2].data == {"n": 1}
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    assert first_broken_event() is None
