import os
import time

import pytest

from mediation import create_app
from mediation.config import TestConfig

REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set (CI sets it)")
def test_socketio_publishes_through_the_redis_message_queue():
    """With REDIS_URL set, an emit reaches every server process through Redis."""
    import redis

    from mediation.extensions import socketio

    class Config(TestConfig):
        REDIS_URL = os.environ["TEST_REDIS_URL"]

    subscriber = redis.Redis.from_url(REDIS_URL).pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(Config.SOCKETIO_CHANNEL)
    app = create_app(Config)
    try:
        assert type(socketio.server.manager).__name__ == "RedisManager"
        with app.app_context():
            socketio.emit("ping", {"n": 1}, namespace="/")
        deadline = time.monotonic() + 5
        message = None
        while message is None and time.monotonic() < deadline:
            message = subscriber.get_message(timeout=0.5)
        assert message is not None, "nothing arrived on the Redis channel"
        assert b"ping" in message["data"]
    finally:
        subscriber.close()
