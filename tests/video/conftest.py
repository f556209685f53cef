"""Factories for video rooms: a session's room with a mediator and the dispute's parties."""

import fcntl
import os
import uuid
from datetime import timedelta

import pytest
from socketio import packet
from socketio.pubsub_manager import PubSubManager

from mediation.core.db import utcnow
from mediation.extensions import db, socketio
from mediation.scheduling.models import MediationSession
from mediation.video import operations
from mediation.video.links import join_token
from mediation.video.namespace import NAMESPACE, register

# Booking sessions the way scheduling does, so rooms can be followed from their sessions.
from tests.scheduling.conftest import _clear_sent, assigned, book, free_slot  # noqa: F401


def video_session(dispute, mediator, starts_at, ends_at) -> MediationSession:
    """Return a scheduled video session of a dispute with a mediator, as the room's owner."""
    session = MediationSession(
        uid=f"{uuid.uuid4()}@test",
        sequence=0,
        dispute=dispute,
        mediator=mediator,
        start_at=starts_at,
        end_at=ends_at,
        mode="video",
        status="scheduled",
        timezone="Asia/Shanghai",
    )
    db.session.add(session)
    db.session.flush()
    return session


@pytest.fixture
def create_room(create_dispute, create_mediator):
    """Return a callable opening a room (open now) for a fresh dispute's session."""

    def create(starts_in=timedelta(minutes=5), length=timedelta(hours=1), dispute=None):
        dispute = dispute or create_dispute("scheduled")
        mediator = create_mediator()
        starts_at = utcnow() + starts_in
        session = video_session(dispute, mediator, starts_at, starts_at + length)
        return operations.open_room(
            session.id, starts_at, starts_at + length, mediator.user, dispute.parties
        )

    return create


@pytest.fixture
def seats():
    """Name a room's seats: mediator, applicant, respondent."""

    def by_role(room) -> dict:
        named = {}
        for seat in room.participants:
            named[seat.side or seat.role] = seat
        return named

    return by_role


def without_a_queue(app):
    """Bind the SocketIO server to the app on threads without the Redis queue, unless it already is.

    Flask-SocketIO's test client refuses to run with a message queue; the real-server tests
    cover the queue. Checked at every use, not once a session: any app created with REDIS_URL
    (the PostgreSQL + Redis pass's own config, tests/test_realtime.py) binds the one SocketIO
    extension to the queue again, and one created with the default SOCKETIO_ASYNC_MODE binds it
    to gevent, whose background tasks never run in the test process (the SFU's Janus poll among
    them, so every answer Janus sends later is lost); a worker runs many files one after another.
    """
    server = socketio.server
    if (
        server is None
        or server.async_mode != "threading"
        or isinstance(server.manager, PubSubManager)
    ):
        wsgi_app = app.wsgi_app
        socketio.server_options.pop("client_manager", None)
        socketio.init_app(app, async_mode="threading", message_queue=None)
        app.wsgi_app = wsgi_app
        register(socketio)
    return socketio


@pytest.fixture
def test_socketio(app):
    """The SocketIO server bound to the app on threads, without the Redis queue."""
    return without_a_queue(app)


@pytest.fixture
def connect(app, test_socketio):
    """Open a Socket.IO test client on the signaling namespace with a seat's join token."""
    clients = []

    def open_client(seat=None, token=None, headers=None):
        auth = {"token": token if token is not None else join_token(seat)}
        client = socketio.test_client(app, namespace=NAMESPACE, auth=auth, headers=headers)
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        if client.is_connected(NAMESPACE):
            client.disconnect(NAMESPACE)


@pytest.fixture
def refusal(app, test_socketio, monkeypatch):
    """Return a callable connecting with an auth payload; it returns the connect_error data."""
    refused: list = []

    class Recording(packet.Packet):
        def __init__(self, packet_type=packet.EVENT, data=None, *args, **kwargs):
            super().__init__(packet_type, data, *args, **kwargs)
            if packet_type == packet.CONNECT_ERROR:
                refused.append(data)

    monkeypatch.setattr(test_socketio.server, "packet_class", Recording)

    def connect_with(auth: dict):
        client = test_socketio.test_client(app, namespace=NAMESPACE, auth=auth)
        assert not client.is_connected(NAMESPACE)
        return refused.pop()

    return connect_with


def events(client, name: str) -> list:
    """Return the payloads of the events of one name a test client has received so far."""
    return [e["args"][0] for e in client.get_received(NAMESPACE) if e["name"] == name]


def last_view(client) -> dict:
    return events(client, "room")[-1]


def error_codes(client) -> list:
    return [e["code"] for e in events(client, "error")]


@pytest.fixture
def call(create_room, seats, connect):
    """A started call: mediator, applicant and respondent connected; both parties admitted."""
    room = create_room()
    s = seats(room)
    clients = {name: connect(s[name]) for name in ("mediator", "applicant", "respondent")}
    for name in ("applicant", "respondent"):
        clients["mediator"].emit(
            "control", {"action": "admit", "participant": s[name].id}, namespace=NAMESPACE
        )
    for client in clients.values():
        client.get_received(NAMESPACE)
    return room, s, clients


@pytest.fixture(scope="session")
def janus_netns(tmp_path_factory):
    """A real Janus (the repository's configuration) in a network namespace of its own."""
    from tests.video import sfu_netns

    reason = sfu_netns.unavailable()
    if reason:
        pytest.skip(reason)
    with sfu_netns.janus_in_namespace(tmp_path_factory.mktemp("janus")) as janus:
        yield janus


@pytest.fixture
def one_call_at_a_time(tmp_path_factory):
    """Hold a lock every xdist worker shares while the test runs a call in Chromium.

    A call is several Chromium pages, each encoding a picture and decoding the others' (and on
    the SFU, Janus too). Beside another such call and the rest of the suite on a two-core
    machine, the six-person test's seventh page once took more than 30 s to get its camera, and
    a four-person SFU call beside a mesh call once never decoded one of its people within 90 s;
    one call at a time, the other workers go on with the rest of the suite meanwhile.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    with open(shared / "sfu-call.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
