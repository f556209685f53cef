"""Each pytest-xdist worker gets services of its own: a database, a Redis database, ports.

`make test` runs the suite in several worker processes (pytest-xdist). Each one migrates and
drops its own schema, starts its own servers and counts its own log-in attempts, so two workers
must never share a PostgreSQL database, a Redis database or its Socket.IO channel, or a range of
live ports. `separate()` rewrites the environment the tests and the servers they start read
(TEST_DATABASE_URL, TEST_REDIS_URL, SOCKETIO_CHANNEL, LIVE_PORT_OFFSET) before the application
reads its settings. Outside xdist, and in its first worker, nothing but the channel changes.
"""

import os
from urllib.parse import urlsplit, urlunsplit

# Ports a worker's live tests use sit this far above the previous worker's.
PORTS_PER_WORKER = 100
# Worker n uses the Redis database n below the one TEST_REDIS_URL names.
REDIS_DATABASES_PER_WORKER = 1


def worker_index() -> int:
    """Return this process's xdist worker number (gw0 is 0); 0 outside xdist."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(name.removeprefix("gw")) if name.startswith("gw") else 0


def database_for(url: str, index: int) -> str:
    """Return the PostgreSQL URL worker `index` uses: the named database, or one beside it."""
    if index == 0 or not url.startswith("postgres"):
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_w{index}"))


def redis_for(url: str, index: int) -> str:
    """Return the Redis URL worker `index` uses: a database number further down."""
    if index == 0:
        return url
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    moved = number - REDIS_DATABASES_PER_WORKER * index
    if moved < 0:
        raise RuntimeError(f"{url}: no Redis database left for worker {index}")
    return urlunsplit(parts._replace(path=f"/{moved}"))


def create_database(url: str) -> None:
    """Create the PostgreSQL database `url` names if it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def separate() -> None:
    """Point this worker's tests and the servers they start at services of its own."""
    index = worker_index()
    os.environ["SOCKETIO_CHANNEL"] = f"mediation-tests-{index}"
    if index == 0:
        return
    if url := os.environ.get("TEST_DATABASE_URL"):
        own = database_for(url, index)
        if own != url:
            create_database(own)
        os.environ["TEST_DATABASE_URL"] = own
    if url := os.environ.get("TEST_REDIS_URL"):
        os.environ["TEST_REDIS_URL"] = redis_for(url, index)
    offset = int(os.environ.get("LIVE_PORT_OFFSET", "0"))
    os.environ["LIVE_PORT_OFFSET"] = str(offset + PORTS_PER_WORKER * index)
