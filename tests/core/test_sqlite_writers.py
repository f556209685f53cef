"""SQLite writers wait their turn in Python, and always give it back (mediation/core/sqlite.py)."""

import sqlite3
import subprocess
import sys
import threading
import time
import types

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from mediation.core import sqlite
from mediation.core.sqlite import WriteTurn, retry_while_busy, writing
from tests.video.live import PYTHON, ROOT


def busy() -> OperationalError:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = sqlite3.SQLITE_BUSY
    return OperationalError("BEGIN IMMEDIATE", None, error)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.pauses: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


def test_a_busy_database_is_tried_again_with_growing_pauses_until_it_answers():
    clock = FakeClock()
    answers = iter([busy(), busy(), busy(), "begun"])

    def attempt():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert retry_while_busy(attempt, deadline=clock() + 30, sleep=clock.sleep, clock=clock) == (
        "begun"
    )
    assert clock.pauses == [0.002, 0.004, 0.008]


def test_the_pauses_between_tries_stop_growing_at_the_longest():
    clock = FakeClock()
    tries = []

    def attempt():
        tries.append(clock())
        if len(tries) < 12:
            raise busy()

    retry_while_busy(attempt, deadline=clock() + 30, sleep=clock.sleep, clock=clock)
    assert max(clock.pauses) == sqlite.LONGEST_PAUSE_SECONDS
    assert clock.pauses[-3:] == [sqlite.LONGEST_PAUSE_SECONDS] * 3


def test_a_database_still_busy_at_the_deadline_gives_its_error():
    clock = FakeClock()

    def attempt():
        raise busy()

    with pytest.raises(OperationalError, match="database is locked"):
        retry_while_busy(attempt, deadline=clock() + 1, sleep=clock.sleep, clock=clock)
    assert 0.9 < clock.now - 100.0 <= 1.0


def test_an_error_other_than_busy_is_not_tried_again():
    clock = FakeClock()
    error = sqlite3.OperationalError("no such table: x")
    error.sqlite_errorcode = sqlite3.SQLITE_ERROR
    tries = []

    def attempt():
        tries.append(1)
        raise OperationalError("SELECT", None, error)

    with pytest.raises(OperationalError, match="no such table"):
        retry_while_busy(attempt, deadline=clock() + 30, sleep=clock.sleep, clock=clock)
    assert tries == [1] and clock.pauses == []


def test_a_turn_taken_waits_for_the_holder_and_then_passes_to_the_next_writer():
    turn = WriteTurn()
    turn.take(1)
    taken = threading.Event()

    def second_writer():
        turn.take(10)
        taken.set()
        turn.give_back()

    waiter = threading.Thread(target=second_writer)
    waiter.start()
    assert not taken.wait(0.2)
    turn.give_back()
    assert taken.wait(10)
    waiter.join()


def test_a_turn_that_does_not_come_within_the_patience_fails_as_locked():
    turn = WriteTurn()
    turn.take(1)
    failed: list[BaseException] = []

    def second_writer():
        try:
            turn.take(0.1)
        except OperationalError as error:
            failed.append(error)

    waiter = threading.Thread(target=second_writer)
    waiter.start()
    waiter.join(10)
    turn.give_back()
    assert failed and "database is locked" in str(failed[0])


def test_a_thread_asking_again_for_the_turn_it_holds_is_refused_at_once():
    turn = WriteTurn()
    turn.take(1)
    with pytest.raises(RuntimeError, match="already holds"):
        turn.take(30)
    turn.give_back()


@pytest.fixture
def database(app, tmp_path):
    """A SQLite file of its own, with the engine events the app installs."""
    path = tmp_path / "writers.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
    yield engine, str(path)
    engine.dispose()


def holds_the_write_lock(path: str) -> bool:
    """Tell whether some connection holds the write lock of the file (ours cannot take it)."""
    probe = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    else:
        probe.execute("ROLLBACK")
        return False
    finally:
        probe.close()


def turn_is_free(path: str) -> bool:
    turn = sqlite.turn_for(path)
    return turn.holder is None and not turn.taken


def test_a_database_file_is_put_in_wal_mode(database):
    engine, _path = database
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_an_in_memory_database_keeps_its_journal_and_writes_without_a_turn():
    engine = create_engine("sqlite://")
    try:
        with writing(), engine.begin() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "memory"
            assert sqlite._TURN not in connection.info
    finally:
        engine.dispose()


def test_a_transaction_outside_writing_code_begins_as_a_reader(database):
    engine, path = database
    with engine.begin() as connection:
        connection.execute(text("SELECT count(*) FROM notes"))
        assert not holds_the_write_lock(path)
        assert turn_is_free(path)


def test_a_writing_transaction_holds_the_write_lock_and_its_turn_until_it_commits(database):
    engine, path = database
    with writing(), engine.begin() as connection:
        assert holds_the_write_lock(path)
        assert not turn_is_free(path)
        connection.execute(text("INSERT INTO notes VALUES ('a')"))
    assert turn_is_free(path) and not holds_the_write_lock(path)


def test_a_writing_request_begins_with_the_write_lock(app, database):
    engine, path = database
    with app.test_request_context("/", method="POST"), engine.begin():
        assert holds_the_write_lock(path)
    with app.test_request_context("/", method="GET"), engine.begin():
        assert not holds_the_write_lock(path)


def test_the_turn_is_given_back_when_the_transaction_fails(database):
    engine, path = database
    with pytest.raises(ZeroDivisionError), writing(), engine.begin():
        1 / 0  # noqa: B018 (a failure inside the transaction)
    assert turn_is_free(path) and not holds_the_write_lock(path)


def test_the_turn_is_given_back_by_a_connection_closed_without_committing(database):
    engine, path = database
    with writing():
        connection = engine.connect()
        connection.execute(text("INSERT INTO notes VALUES ('never committed')"))
        assert not turn_is_free(path)
        connection.close()
    assert turn_is_free(path) and not holds_the_write_lock(path)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM notes")).scalar() == 0


def test_one_connection_writes_several_transactions_one_after_another(database):
    engine, path = database
    with writing(), engine.connect() as connection:
        for body in ("a", "b"):
            with connection.begin():
                connection.execute(text("INSERT INTO notes VALUES (:body)"), {"body": body})
            assert turn_is_free(path)


def test_a_writer_waits_while_another_process_writes_then_begins(database):
    engine, path = database
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, other.execute, ("COMMIT",))
    release.start()
    began = time.monotonic()
    try:
        with writing(), engine.begin() as connection:
            connection.execute(text("INSERT INTO notes VALUES ('after the other')"))
    finally:
        release.join()
        other.close()
    assert time.monotonic() - began >= 0.25
    assert turn_is_free(path)


def test_a_writer_that_waits_past_its_patience_fails_as_locked_and_frees_its_turn(
    database, monkeypatch
):
    engine, path = database
    monkeypatch.setattr(sqlite, "WRITE_PATIENCE_SECONDS", 0.2)
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 10)
    engine.dispose()  # new connections, with the short busy timeout
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OperationalError, match="database is locked"), writing():
            with engine.begin():
                pass
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert turn_is_free(path)


def test_under_gevent_sqlites_own_busy_wait_is_a_few_milliseconds(database, monkeypatch):
    engine, _path = database
    patched = types.SimpleNamespace(is_module_patched=lambda name: name == "threading")
    monkeypatch.setitem(sys.modules, "gevent.monkey", patched)
    engine.dispose()
    with engine.connect() as connection:
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert timeout == sqlite.GEVENT_BUSY_TIMEOUT_MS


def test_postgresql_transactions_are_left_alone():
    statements = []
    connection = types.SimpleNamespace(
        dialect=types.SimpleNamespace(name="postgresql"),
        exec_driver_sql=statements.append,
        info={},
    )
    with writing():
        sqlite._begin(connection)
    assert statements == [] and connection.info == {}


def test_under_gevent_a_writer_waiting_its_turn_lets_the_other_greenlets_run(tmp_path):
    result = subprocess.run(  # noqa: S603 (fixed interpreter and module)
        [PYTHON, "-m", "tests.core.green_writers", str(tmp_path / "green.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = dict(line.split("=", 1) for line in result.stdout.split())
    # Each holder keeps the write lock 0.5 s; the ticker (every 10 ms) ran all along.
    assert int(found["ticks"]) >= 30
    assert float(found["longest_gap"]) < 0.25
    assert found["rows"] == "3"
