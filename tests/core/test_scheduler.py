import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from mediation.accounts.models import Role
from mediation.core import notify, outbox, scheduler
from mediation.core.outbox import OutboxMessage
from mediation.extensions import db


@pytest.fixture(autouse=True)
def _clear_sent():
    notify.SENT.clear()


def test_a_notification_is_sent_by_the_scheduler_not_the_request(app, create_user, runner):
    user = create_user(Role.PARTY)
    notify.notify(user, "调解通知", "您的案件已受理。")
    assert notify.SENT == []
    result = runner.invoke(args=["scheduler", "run-once"])
    assert result.exit_code == 0, result.output
    assert [m["subject"] for m in notify.SENT] == ["调解通知"]
    assert db.session.query(OutboxMessage).one().sent_at is not None


def test_the_scheduler_has_an_explicit_zone_and_a_generous_misfire_grace(app):
    built = scheduler.build_scheduler(app)
    assert str(built.timezone) == "Asia/Shanghai"
    job = built.get_job("outbox")
    assert job.misfire_grace_time >= 3600 and job.coalesce


def test_a_failing_job_is_rolled_back_and_others_still_run(app):
    ran = []

    def broken():
        raise RuntimeError("boom")

    scheduler.PERIODIC["broken"] = scheduler.PeriodicJob(broken, 60)
    scheduler.PERIODIC["fine"] = scheduler.PeriodicJob(lambda: ran.append(1) or "ok", 60)
    try:
        results = scheduler.run_once(app)
    finally:
        del scheduler.PERIODIC["broken"], scheduler.PERIODIC["fine"]
    assert results["broken"] is None and results["fine"] == "ok" and ran == [1]


def test_the_sms_webhook_is_signed_and_carries_the_idempotency_key(app, create_user):
    received = {}

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the http.server API)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.update(
                body=json.loads(body),
                signature=self.headers["X-Signature"],
                key=self.headers["Idempotency-Key"],
                raw=body,
            )
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    old = dict(app.config)
    app.config.update(
        NOTIFY_BACKENDS=("webhook",),
        SMS_WEBHOOK_URL=f"http://127.0.0.1:{server.server_port}/sms",
        SMS_WEBHOOK_SECRET="s3cret",
    )
    try:
        user = create_user(Role.PARTY)
        message = notify.notify(user, "提醒", "明天上午九点调解。")
        assert scheduler.deliver_outbox() == 1
    finally:
        app.config.update(old)
        thread.join(5)
        server.server_close()
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", received["raw"], hashlib.sha256).hexdigest()
    assert received["signature"] == f"sha256={expected}"
    assert received["body"]["mobile"] == user.mobile
    assert received["key"] == received["body"]["idempotency_key"]
    assert received["key"] == outbox.delivery_key(message)


def test_an_email_carries_the_messages_idempotency_key_as_its_message_id(
    app, create_user, monkeypatch
):
    sent = []

    class FakeSMTP:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def send_message(self, email):
            sent.append(email)

    monkeypatch.setattr(notify.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "NOTIFY_BACKENDS", ("smtp",))
    user = create_user(Role.PARTY, email="party@example.cn")
    message = notify.notify(user, "提醒", "明天上午九点调解。")
    assert scheduler.deliver_outbox() == 1
    key = outbox.delivery_key(message)
    assert sent[0]["Message-ID"] == f"<{key}@mediation.local>"


def test_the_scheduler_refuses_a_claim_shorter_than_one_send(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_BACKENDS", ("webhook", "smtp"))
    monkeypatch.setitem(app.config, "OUTBOX_CLAIM_SECONDS", 20)
    result = runner.invoke(args=["scheduler", "run-once"])
    assert result.exit_code != 0
    assert "OUTBOX_CLAIM_SECONDS is 20" in result.output and "above 30" in result.output
