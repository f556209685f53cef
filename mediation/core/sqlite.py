"""SQLite, the embedded default: real transactions, WAL, and writers that wait without blocking.

A SQLite database has one writer at a time. A transaction that may write (a request by any
method but GET, HEAD and OPTIONS, a Socket.IO event, or code inside `writing()`: every
scheduled job, the caucus timer sweep) takes the write lock as it begins (BEGIN IMMEDIATE).
So a check and the write after it (is this slot free? then book it) never interleave with
another writer's, and no writer finds halfway that another wrote since it began to read.

The wait for that lock happens in Python, not inside SQLite: first for this process's turn,
one per database file (gevent's lock in a gevent worker, so a greenlet that waits lets the
others run), then, while another process writes (the scheduler beside the web server, a
command), in short tries with sleeps between them (gevent's sleep there too). SQLite's own busy
wait blocks the whole thread, which in a gevent worker is every request at once, so it is cut
to a few milliseconds there. In WAL mode readers never wait for the writer, nor it for them.
"""

import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import Pool

# How long a writer waits for its turn, in this process and then in the database, before it
# gives up with "database is locked" (longer than any one write the service makes).
WRITE_PATIENCE_SECONDS = 30.0
# SQLite's own wait for a lock, in milliseconds: a thread's wait in a threaded process (the
# scheduler, commands); in a gevent process it would stop every greenlet, so a few ms there.
BUSY_TIMEOUT_MS = 10_000
GEVENT_BUSY_TIMEOUT_MS = 5
# The pauses between two tries of BEGIN IMMEDIATE, doubling from the first to the longest.
FIRST_PAUSE_SECONDS = 0.002
LONGEST_PAUSE_SECONDS = 0.05

_FILE = "sqlite_file"  # in a pooled connection's info: its database file ("" in memory)
_TURN = "sqlite_write_turn"  # in the info of the connection that holds its process's turn
_writing: ContextVar[bool] = ContextVar("sqlite_writing", default=False)

T = TypeVar("T")


def locked(reason: str) -> OperationalError:
    """Return the error SQLite gives a writer that waited too long, with why."""
    return OperationalError(
        "BEGIN IMMEDIATE", None, sqlite3.OperationalError(f"database is locked: {reason}")
    )


class WriteTurn:
    """One writer at a time on one database file in this process."""

    def __init__(self) -> None:
        # Made on first use, so after gevent's monkey patching: then a gevent lock.
        self._lock = threading.Lock()
        self.holder: int | None = None

    def take(self, patience: float) -> None:
        """Wait up to `patience` seconds for the turn; raise `locked` when it does not come."""
        me = threading.get_ident()
        if self.holder == me:
            # A second connection of one thread or greenlet would wait for the first forever.
            raise RuntimeError("this thread already holds a write transaction on this database")
        if not self._lock.acquire(timeout=max(patience, 0.0)):
            raise locked(f"other writers of this process kept it for {patience:.0f} s")
        self.holder = me

    @property
    def taken(self) -> bool:
        return self._lock.locked()

    def give_back(self) -> None:
        self.holder = None
        self._lock.release()


_turns: dict[str, WriteTurn] = {}
_turns_guard = threading.Lock()


def turn_for(path: str) -> WriteTurn:
    """Return this process's writer turn for a database file."""
    with _turns_guard:
        turn = _turns.get(path)
        if turn is None:
            turn = _turns[path] = WriteTurn()
        return turn


def is_busy(error: BaseException) -> bool:
    """Tell whether an error is SQLite's "database is locked" (another connection writes)."""
    original = getattr(error, "orig", error)
    if not isinstance(original, sqlite3.OperationalError):
        return False
    return getattr(original, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY


def retry_while_busy(
    attempt: Callable[[], T],
    deadline: float,
    sleep: Callable[[float], object] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Call `attempt` until the database stops answering busy, or the clock passes `deadline`."""
    pause = FIRST_PAUSE_SECONDS
    while True:
        try:
            return attempt()
        except OperationalError as error:
            if not is_busy(error) or clock() + pause > deadline:
                raise
        # Looked up at each call: gevent's sleep once the process is monkey-patched.
        (sleep or time.sleep)(pause)
        pause = min(pause * 2, LONGEST_PAUSE_SECONDS)


@contextmanager
def writing() -> Iterator[None]:
    """Begin every SQLite transaction inside as a writer, with the write lock taken at once."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def _may_write() -> bool:
    """Tell whether a transaction beginning now may write.

    It may inside `writing()`, in a request by a writing method, and in a Socket.IO event
    (they arrive on the connection's GET, and record presence, chat and the mediator's moves).
    """
    if _writing.get():
        return True
    if not has_request_context():
        return False
    return request.method not in ("GET", "HEAD", "OPTIONS") or hasattr(request, "sid")


def _gevent_patched() -> bool:
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and monkey.is_module_patched("threading")


def _configure(dbapi_connection: Any, connection_record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (savepoints work).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        busy_ms = GEVENT_BUSY_TIMEOUT_MS if _gevent_patched() else BUSY_TIMEOUT_MS
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        path = next(
            (row[2] for row in cursor.execute("PRAGMA database_list") if row[1] == "main"), ""
        )
        connection_record.info[_FILE] = path
        if path:
            _use_wal(cursor)
    finally:
        cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Put a database file in WAL mode (kept in the file); another connection tries if locked."""
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass  # another connection is writing in the old mode; the next connection switches


def _begin(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    if not _may_write():
        connection.exec_driver_sql("BEGIN")
        return
    path = connection.info.get(_FILE)
    if not path:  # in memory: no other connection to wait for
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    deadline = time.monotonic() + WRITE_PATIENCE_SECONDS
    turn = turn_for(path)
    turn.take(WRITE_PATIENCE_SECONDS)
    connection.info[_TURN] = turn
    try:
        retry_while_busy(lambda: connection.exec_driver_sql("BEGIN IMMEDIATE"), deadline)
    except BaseException:
        _give_back(connection.info)
        raise


def _give_back(info: MutableMapping[Any, Any]) -> None:
    turn = info.pop(_TURN, None)
    if turn is not None:
        turn.give_back()


def _transaction_ended(connection: Connection) -> None:
    # Commit and rollback, just before SQLAlchemy sends them. In a gevent worker no other
    # greenlet runs before they are done; in threads, a writer that starts meanwhile waits
    # that moment out in SQLite.
    if connection.dialect.name == "sqlite" and not (connection.invalidated or connection.closed):
        _give_back(connection.info)


def _checked_in(dbapi_connection: Any, connection_record: Any) -> None:
    # Back in the pool (or thrown away) with its turn still held: give it back all the same.
    _give_back(connection_record.info)


def _invalidated(dbapi_connection: Any, connection_record: Any, exception: Any) -> None:
    _give_back(connection_record.info)


def install_sqlite_fixes() -> None:
    """Give SQLite real transactions, savepoints, foreign keys and WAL, once per process."""
    if event.contains(Engine, "connect", _configure):
        return
    event.listen(Engine, "connect", _configure)
    event.listen(Engine, "begin", _begin)
    event.listen(Engine, "commit", _transaction_ended)
    event.listen(Engine, "rollback", _transaction_ended)
    event.listen(Pool, "checkin", _checked_in)
    event.listen(Pool, "invalidate", _invalidated)
