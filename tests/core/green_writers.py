"""Writers on one SQLite file in a gevent process, with a greenlet ticking beside them.

Run by tests/core/test_sqlite_writers.py as `python -m tests.core.green_writers PATH`, because
gevent's monkey patching must come first in a process of its own. First a writer sleeps inside
its transaction (as a request waiting on the network would) while a second one asks for its
turn; then a connection outside this process's turns (as another process would) holds the
write lock while a third writer asks for it. Prints how often the ticker ran, the longest gap
between two of its ticks, and the rows written.
"""

from gevent import monkey

monkey.patch_all()

import sqlite3  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from mediation.core.sqlite import install_sqlite_fixes, writing  # noqa: E402

HOLD = 0.5  # seconds each holder keeps the write lock


def main(path: str) -> None:
    install_sqlite_fixes()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
    ticks: list[float] = []
    running = True

    def ticker() -> None:
        while running:
            ticks.append(time.monotonic())
            gevent.sleep(0.01)

    def writer(body: str, pause: float) -> None:
        with writing(), engine.begin() as connection:
            connection.execute(text("INSERT INTO notes VALUES (:body)"), {"body": body})
            gevent.sleep(pause)

    ticking = gevent.spawn(ticker)
    first = gevent.spawn(writer, "first", HOLD)
    gevent.sleep(0.05)
    gevent.joinall([first, gevent.spawn(writer, "second", 0)], raise_error=True)

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    gevent.spawn_later(HOLD, other.execute, "COMMIT")
    gevent.joinall([gevent.spawn(writer, "after the other", 0)], raise_error=True)
    other.close()

    running = False
    ticking.join()
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*) FROM notes")).scalar()
    longest = max(later - earlier for earlier, later in zip(ticks, ticks[1:], strict=False))
    print(f"ticks={len(ticks)} longest_gap={longest:.3f} rows={rows}")


if __name__ == "__main__":
    main(sys.argv[1])
