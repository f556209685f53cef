"""Time a history import of 10,000 cases: reading and validation, then writing in chunks.

On SQLite (default) the database is a temporary file of its own. With --database-url the
server is PostgreSQL: the bench creates a database of its own for the run (bench_imports_<pid>),
and drops it at the end. Prints rows/s, wall time and peak memory (tracemalloc) of each phase.

    .venv/bin/python bench/imports.py
    .venv/bin/python bench/imports.py --database-url postgresql://postgres@127.0.0.1:5432/test
"""

import argparse
import importlib.util
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

# bench/ holds a signal.py, which must not shadow the standard library's module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from mediation import create_app  # noqa: E402
from mediation.config import Config, database_url  # noqa: E402

TODAY = date(2026, 12, 2)


def generator():
    spec = importlib.util.spec_from_file_location(
        "make_2020_caseload", ROOT / "scripts" / "make_2020_caseload.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TRACE = True


def measured(function):
    """Run a function; return its result, its wall time and its peak traced memory (MiB)."""
    if not TRACE:
        started = time.perf_counter()
        return function(), time.perf_counter() - started, float("nan")
    tracemalloc.start()
    started = time.perf_counter()
    result = function()
    wall = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, wall, peak / 2**20


def set_up_county(db):
    from mediation.accounts.models import Role, User
    from mediation.demo.data import TOWNSHIPS
    from mediation.organisations.models import Organisation, OrgKind

    centre = Organisation(name="乐至县公共法律服务中心", kind=OrgKind.CENTRE, area="乐至县")
    stations = [
        Organisation(name=f"{t}工作站", kind=OrgKind.STATION, area=t, parent=centre)
        for t in TOWNSHIPS
    ]
    admin = User(name="管理员", mobile="13700000000", role=Role.ADMIN, organisation=centre)
    db.session.add_all([centre, *stations, admin])
    db.session.commit()
    return admin


def import_file(kind, content: bytes, admin, db):
    from mediation.imports import operations

    checked, check_wall, check_peak = measured(
        lambda: operations.check_file(kind, f"{kind}.xlsx", content, admin, TODAY)
    )
    assert checked.validated.ok, checked.validated.problems[:5]
    batch = operations.queue_batch(checked, admin)
    db.session.commit()
    batch_id = batch.id
    db.session.expunge_all()
    claimed = operations.claim_batch("bench", batch_id)
    written, write_wall, write_peak = measured(lambda: operations.run_batch(claimed))
    assert written.status == "done", written.error
    return check_wall, check_peak, write_wall, write_peak, written.written_rows


def run(url: str, rows: int, chunk: int) -> None:
    from mediation.core.exports import Sheet, to_xlsx
    from mediation.extensions import db
    from mediation.imports.columns import COLUMNS, Kind

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = database_url(url)
        IMPORT_CHUNK_ROWS = chunk
        IMPORT_MAX_ROWS = max(rows, 20000)
        IMPORT_MAX_BYTES = 100 * 2**20
        NOTIFY_BACKENDS = ("log",)

    app = create_app(BenchConfig)
    make = generator()
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        admin = set_up_county(db)
        header = [c.header for c in COLUMNS[Kind.MEDIATORS]]
        mediators = to_xlsx([Sheet("数据", make.mediator_rows(), header=header)])
        import_file(Kind.MEDIATORS, mediators, admin, db)
        cases = make.case_rows(count=rows, settled=rows - rows // 100)
        header = [c.header for c in COLUMNS[Kind.CASES]]
        content = to_xlsx([Sheet("数据", cases, header=header)])
        check_wall, check_peak, write_wall, write_peak, written = import_file(
            Kind.CASES, content, db.session.merge(admin), db
        )
        db.session.remove()
        db.engine.dispose()
    engine = make_url(url).get_backend_name()
    print(f"{engine}: {rows} cases in a {len(content) / 2**20:.1f} MiB .xlsx, chunks of {chunk}")
    print(
        f"  read + validate: {check_wall:6.2f} s  {rows / check_wall:8.0f} rows/s  "
        f"peak {check_peak:6.1f} MiB"
    )
    print(
        f"  write:           {write_wall:6.2f} s  {written / write_wall:8.0f} rows/s  "
        f"peak {write_peak:6.1f} MiB"
    )
    total = check_wall + write_wall
    print(f"  total:           {total:6.2f} s  {rows / total:8.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL server to create a database on")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument(
        "--no-trace", action="store_true", help="time without tracemalloc (it slows Python)"
    )
    args = parser.parse_args()
    global TRACE
    TRACE = not args.no_trace
    if not args.database_url:
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{folder}/bench-imports.sqlite3", args.rows, args.chunk)
        return
    server = make_url(args.database_url)
    name = f"bench_imports_{os.getpid()}"
    admin_url = server.set(drivername="postgresql", database="postgres")
    dsn = admin_url.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        own = server.set(database=name).render_as_string(hide_password=False)
        run(own, args.rows, args.chunk)
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
