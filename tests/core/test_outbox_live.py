"""A scheduler process killed in the middle of a send, and another one taking over.

The guarantee under test: every reminder is delivered at least once and before its session
starts; a message that may have reached the gateway before the crash is sent again with the
same idempotency key, so the gateway can drop the repeat. Exactly once is what the gateway sees
after dropping repeated keys, not what goes over the wire.
"""

import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from mediation.config import database_url
from mediation.core.outbox import OutboxMessage
from tests.core import outbox_live
from tests.video.live import ROOT, SECRET

pytestmark = pytest.mark.slow

FLASK = str(ROOT / ".venv" / "bin" / "flask")
SESSIONS = 6  # a mediator and two parties each: 18 reminders
BATCH = 5
CLAIM_SECONDS = 30
KILL_AT = 3  # the scheduler dies while the gateway holds its third message


class FakeGateway:
    """An SMS gateway that records each message's key and holds one request until told."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.in_flight = threading.Event()
        self.release = threading.Event()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the http.server API)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.received.append(
                    {
                        "header_key": self.headers.get("Idempotency-Key"),
                        "body_key": body.get("idempotency_key"),
                        "mobile": body["mobile"],
                    }
                )
                if len(gateway.received) == KILL_AT:
                    gateway.in_flight.set()
                    gateway.release.wait(60)
                else:
                    time.sleep(0.05)
                try:
                    self.send_response(200)
                    self.end_headers()
                except OSError:
                    pass  # the sender died while waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/sms"

    def keys(self) -> Counter:
        return Counter(r["header_key"] for r in self.received)


def start_scheduler(url: str, gateway: FakeGateway, log_dir: Path) -> subprocess.Popen:
    environ = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "REDIS_URL": "",
        "NOTIFY_BACKENDS": "webhook",
        "SMS_WEBHOOK_URL": gateway.url,
        "SMS_WEBHOOK_SECRET": "live-secret",
        "OUTBOX_BATCH_SIZE": str(BATCH),
        "OUTBOX_CLAIM_SECONDS": str(CLAIM_SECONDS),
        "OUTBOX_POLL_SECONDS": "1",
        "OUTBOX_KEY_PREFIX": outbox_live.KEY_PREFIX,
        "AUDIT_ANCHOR_MINUTES": "0",
        "AUDIT_ANCHOR_FILE": str(log_dir / "anchors.jsonl"),
    }
    environ.pop("FLASK_ENV", None)
    log = tempfile.NamedTemporaryFile(dir=log_dir, suffix=".log", delete=False)  # noqa: SIM115
    return subprocess.Popen(  # noqa: S603 (fixed command)
        [FLASK, "--app", "wsgi", "scheduler", "run"],
        cwd=ROOT,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def report(engine, made: dict) -> dict[int, dict]:
    """Read the reminders' rows straight from the shared database (no app: it must be quick)."""
    table = OutboxMessage.__table__
    ids = [r["id"] for r in made["reminders"]]
    with engine.connect() as connection:
        rows = connection.execute(
            select(table.c.id, table.c.sent_at, table.c.attempts, table.c.claimed_by).where(
                table.c.id.in_(ids)
            )
        )
        return {row.id: row._asdict() for row in rows}


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_scheduler_killed_mid_send_loses_no_reminder_and_repeats_only_under_the_same_key(
    tmp_path,
):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    made = json.loads(outbox_live.run_script("seed", url, str(SESSIONS)))
    reminders = {r["id"]: r for r in made["reminders"]}
    assert len(reminders) == 3 * SESSIONS
    engine = create_engine(database_url(url))
    gateway = FakeGateway()
    gateway.thread.start()
    first = second = None
    try:
        first = start_scheduler(url, gateway, tmp_path)
        assert gateway.in_flight.wait(90), "the first scheduler never reached the gateway"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        gateway.release.set()
        second = start_scheduler(url, gateway, tmp_path)
        dead_worker = f"{socket.gethostname()}:{first.pid}"
        at_kill = report(engine, made)
        held = {i for i, row in at_kill.items() if row["claimed_by"] == dead_worker}
        held_unsent = {i for i in held if at_kill[i]["sent_at"] is None}
        # Only the dead scheduler's small batch is held, not everything that was due.
        assert len(held) == BATCH and len(held_unsent) == BATCH - (KILL_AT - 1)
        expected = {r["key"] for r in reminders.values()}
        wait_until(lambda: expected <= set(gateway.keys()), 120, "every key at the gateway")
        wait_until(
            lambda: all(row["sent_at"] for row in report(engine, made).values()),
            30,
            "every row recorded as sent",
        )
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(10)
        gateway.server.shutdown()
        gateway.server.server_close()
    rows = report(engine, made)
    engine.dispose()
    if os.environ.get("TEST_DATABASE_URL"):
        outbox_live.run_script("clean", url, stdin=json.dumps(made))

    # Every reminder went out before its session started (instants seeded, not the test's clock).
    for message_id, row in rows.items():
        assert row["sent_at"] < datetime.fromisoformat(reminders[message_id]["session_starts"])
    # The gateway saw every key, header and body alike, and a repeat only for the message it
    # held when the scheduler died: that one counts two attempts.
    assert all(r["header_key"] == r["body_key"] for r in gateway.received)
    keys = gateway.keys()
    assert set(keys) == expected
    repeated = {key for key, count in keys.items() if count > 1}
    in_flight_key = gateway.received[KILL_AT - 1]["header_key"]
    assert repeated == {in_flight_key}
    assert keys[in_flight_key] == 2
    by_key = {r["key"]: i for i, r in reminders.items()}
    assert rows[by_key[in_flight_key]]["attempts"] == 2
    assert all(row["attempts"] == 1 for i, row in rows.items() if i != by_key[in_flight_key])
    # The rows nobody held went out at once; only the dead scheduler's batch waited its claim.
    free = [row["sent_at"] for i, row in rows.items() if i not in held]
    retaken = [rows[i]["sent_at"] for i in held_unsent]
    assert max(free) < min(retaken)
