"""The guarantees that only show under real concurrency, on PostgreSQL."""

import http.client
import json
import os
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mediation.accounts.models import Role, User
from mediation.accounts.tokens import issue_token
from mediation.core.audit import AuditEvent
from mediation.core.db import utcnow
from mediation.core.outbox import OutboxMessage
from mediation.disputes import codes
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.organisations.models import Organisation, OrgKind
from mediation.scheduling import slots
from mediation.scheduling.models import MediationSession
from tests import gunicorn_pool
from tests.factories import PASSWORD

ON_POSTGRES = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgres")
needs_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="needs TEST_DATABASE_URL (PostgreSQL)")
ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 50


@needs_postgres
def test_the_database_refuses_overlapping_sessions_of_one_mediator(assigned, book):
    session = book(assigned())
    twin = MediationSession(
        uid="twin@test",
        dispute_id=session.dispute_id,
        mediator_id=session.mediator_id,
        start_at=session.start_at + timedelta(minutes=59),
        end_at=session.end_at + timedelta(minutes=59),
        mode="video",
        status="scheduled",
    )
    with pytest.raises(IntegrityError, match="no_overlapping_mediator_sessions"):
        with db.session.begin_nested():
            db.session.add(twin)
            db.session.flush()


@pytest.fixture(scope="module")
def world(app):
    """Committed data for real processes: a station, a coordinator, a mediator, a dispute."""
    if not ON_POSTGRES:
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)")
    with app.app_context(), Session(db.engine) as session:
        marks = {
            model: session.scalar(select(func.coalesce(func.max(model.id), 0)))
            for model in (AuditEvent, OutboxMessage)
        }
        station = Organisation(name="并发测试工作站", kind=OrgKind.STATION, area="并发镇")
        coordinator = User(
            name="并发协调员", mobile="16600000001", role=Role.COORDINATOR, organisation=station
        )
        mediator_user = User(
            name="并发调解员", mobile="16600000002", role=Role.MEDIATOR, organisation=station
        )
        for user in (coordinator, mediator_user):
            user.set_password(PASSWORD)
        mediator = Mediator(user=mediator_user, organisation=station)
        dispute = Dispute(
            code=codes.new_code(),
            category="neighbour",
            channel="walk_in",
            state="assigned",
            description="并发预约测试",
            township=station,
            organisation=station,
            mediator=mediator,
        )
        dispute.parties = [
            Party(side="applicant", position=0, name="甲", mobile="16600000003"),
            Party(side="respondent", position=1, name="乙", mobile="16600000004"),
        ]
        session.add_all([station, coordinator, mediator_user, mediator, dispute])
        session.commit()
        ids = {
            "station": station.id,
            "coordinator": coordinator.id,
            "user": mediator_user.id,
            "mediator": mediator.id,
            "dispute": dispute.id,
            "code": dispute.code,
        }
        with app.test_request_context():
            ids["token"] = issue_token(coordinator)[0]
    yield ids
    with app.app_context(), Session(db.engine) as session:
        from mediation.video.models import RoomParticipant, VideoRoom

        booked = select(MediationSession.id).where(MediationSession.dispute_id == ids["dispute"])
        rooms = select(VideoRoom.id).where(VideoRoom.session_id.in_(booked))
        session.execute(delete(RoomParticipant).where(RoomParticipant.room_id.in_(rooms)))
        session.execute(delete(VideoRoom).where(VideoRoom.session_id.in_(booked)))
        session.execute(
            delete(MediationSession).where(MediationSession.dispute_id == ids["dispute"])
        )
        session.execute(delete(OutboxMessage).where(OutboxMessage.id > marks[OutboxMessage]))
        session.execute(delete(AuditEvent).where(AuditEvent.id > marks[AuditEvent]))
        session.execute(delete(Party).where(Party.dispute_id == ids["dispute"]))
        session.execute(delete(Dispute).where(Dispute.id == ids["dispute"]))
        session.execute(delete(Mediator).where(Mediator.id == ids["mediator"]))
        session.execute(delete(User).where(User.id.in_([ids["coordinator"], ids["user"]])))
        session.execute(delete(Organisation).where(Organisation.id == ids["station"]))
        session.commit()


def _env(**extra) -> dict:
    url = os.environ["TEST_DATABASE_URL"]
    return {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret",
        "FLASK_APP": "wsgi",
        "NOTIFY_BACKENDS": "log",
        **extra,
    }


@pytest.fixture(scope="module")
def server(world):
    """The real application under gunicorn with gevent workers, against the test database."""
    with gunicorn_pool.serving(_env()) as host:
        yield host


def _post(host: str, path: str, token: str, body: dict) -> tuple[int, dict]:
    connection = http.client.HTTPConnection(*host.split(":"), timeout=60)
    connection.request(
        "POST",
        path,
        json.dumps(body),
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"{}")


@pytest.mark.slow
@needs_postgres
def test_fifty_concurrent_overlapping_bookings_give_exactly_one_session(app, world, server):
    rules = slots.Rules(zone="Asia/Shanghai", min_notice=0)
    free = slots.free_slots(rules, [], utcnow() + timedelta(days=2), days=7)
    # The server keeps the real clock, so the search starts at whatever hour the suite runs.
    # Every attempt starts up to REQUESTS minutes after the first, so the first is the opening
    # of a sitting, never its last hour (an attempt past closing time would be refused as 422).
    zone = slots.zone_of(rules.zone)
    opening = min(slot.start.astimezone(zone).time() for slot in free)
    first = next(slot for slot in free if slot.start.astimezone(zone).time() == opening)
    results: list[tuple[int, dict]] = []
    barrier = threading.Barrier(REQUESTS)

    def attempt(offset: int):
        start = first.start + timedelta(minutes=offset)  # every start overlaps every other
        barrier.wait()
        results.append(
            _post(
                server,
                f"/api/v1/disputes/{world['code']}/sessions",
                world["token"],
                {"start": start.isoformat(), "mode": "video"},
            )
        )

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * (REQUESTS - 1), statuses
    assert all(body["error"]["code"] == "slot_taken" for status, body in results if status == 409)
    with app.app_context(), Session(db.engine) as session:
        live = session.scalars(
            select(MediationSession).where(MediationSession.dispute_id == world["dispute"])
        ).all()
        assert len(live) == 1
        assert session.get(Dispute, world["dispute"]).state == "scheduled"


class _Gateway(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 (the http.server API)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Gateway.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.slow
@needs_postgres
def test_two_scheduler_processes_send_each_reminder_exactly_once(app, world, server):
    rules = slots.Rules(zone="Asia/Shanghai", min_notice=0)
    slot = slots.free_slots(rules, [], utcnow() + timedelta(days=9), days=7)[0]
    status, body = _post(
        server,
        f"/api/v1/disputes/{world['code']}/sessions",
        world["token"],
        {"start": slot.start.isoformat(), "mode": "video"},
    )
    assert status == 201, body
    prefix = f"session:{body['id']}:reminder:"
    with app.app_context(), Session(db.engine) as session:
        # Let time pass: every reminder of the session (and every invitation) is now due.
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.dedupe_key.startswith(prefix))
            .values(due_at=utcnow() - timedelta(1))
        )
        session.commit()
        due = session.scalars(
            select(OutboxMessage.id).where(
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.cancelled_at.is_(None),
                OutboxMessage.due_at <= utcnow(),
            )
        ).all()
    assert len(due) >= 6
    _Gateway.received.clear()
    gateway = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=gateway.serve_forever, daemon=True)
    thread.start()
    env = _env(
        NOTIFY_BACKENDS="webhook",
        SMS_WEBHOOK_URL=f"http://127.0.0.1:{gateway.server_port}/",
        SMS_WEBHOOK_SECRET="s",
    )
    flask = Path(sys.executable).parent / "flask"
    try:
        runs = [
            subprocess.Popen(
                [str(flask), "scheduler", "run-once"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        for run in runs:
            assert run.wait(120) == 0, run.stderr.read().decode()[-2000:]
    finally:
        gateway.shutdown()
        gateway.server_close()
    with app.app_context(), Session(db.engine) as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(due))).all()
        assert all(row.sent_at is not None and row.attempts == 1 for row in rows)
        assert len({row.claimed_by for row in rows}) >= 1
    assert len(_Gateway.received) == len(due)
