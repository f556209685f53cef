"""The Socket.IO test client keeps working after another app bound the server to Redis or gevent.

The PostgreSQL + Redis pass creates apps with REDIS_URL (its own config, tests/test_realtime.py),
and each of them binds the one SocketIO extension to the queue, which Flask-SocketIO's test client
refuses. A worker runs the tests of many files in turn, so a video test after such an app must get
the server back without the queue; when this was checked once a session, the SFU recording's test
failed at setup on CI with "Test client cannot be used with a message queue". An app with the
default SOCKETIO_ASYNC_MODE binds the server to gevent, whose background tasks never run here: the
SFU's poll of Janus never ran and the signaling test's publish waited 30 s for an answer in vain.
"""

import os
import threading

import pytest
from socketio.pubsub_manager import PubSubManager

from mediation import create_app
from mediation.config import TestConfig
from mediation.extensions import socketio
from mediation.video.links import join_token
from mediation.video.namespace import NAMESPACE
from tests.video.conftest import without_a_queue

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set (CI sets it)")
def test_a_seat_connects_with_the_test_client_after_an_app_bound_the_queue(
    app, test_socketio, create_room, seats
):
    seat = seats(create_room())["applicant"]

    class QueuedConfig(TestConfig):
        REDIS_URL = os.environ["TEST_REDIS_URL"]

    create_app(QueuedConfig)
    assert isinstance(socketio.server.manager, PubSubManager)

    server = without_a_queue(app)
    assert not isinstance(server.server.manager, PubSubManager)
    client = server.test_client(app, namespace=NAMESPACE, auth={"token": join_token(seat)})
    assert client.is_connected(NAMESPACE)
    client.disconnect(NAMESPACE)


def test_background_tasks_run_after_an_app_bound_the_server_to_gevent(app, test_socketio):
    class GeventConfig(TestConfig):
        SOCKETIO_ASYNC_MODE = "gevent"

    create_app(GeventConfig)
    assert socketio.server.async_mode == "gevent"

    server = without_a_queue(app)
    ran = threading.Event()
    server.start_background_task(ran.set)
    assert ran.wait(5), "the background task never ran"
    assert server.server.async_mode == "threading"
