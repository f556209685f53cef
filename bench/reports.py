"""Time the county dashboard over one year at 100,000 and 1,000,000 disputes (PostgreSQL).

Creates a database of its own on the server (`--database-prefix` and this process's id, so two
runs never share one), builds the schema with the migrations, fills it with INSERT ... SELECT
generate_series, runs the dashboard's queries for the latest full year and prints the time;
drops that database, and only that one, at the end (`--keep` leaves it for EXPLAIN ANALYZE).

    .venv/bin/python bench/reports.py [--database-url postgresql://postgres@127.0.0.1:5432]
"""

import argparse
import os
import sys
import time
from pathlib import Path

# bench/ holds a signal.py, which must not shadow the standard library's module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import flask_migrate  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SERVER = os.environ.get("BENCH_SERVER", "postgresql://postgres@127.0.0.1:5432")
YEARS = 4  # the disputes are spread over this many years before today
SIZES = (100_000, 1_000_000)


def admin(server: str, sql: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql)


FILL = """
INSERT INTO organisations (id, name, kind, parent_id, area)
SELECT 1, '县中心', 'centre', NULL, '乐至县'
UNION ALL
SELECT 1 + g, '镇' || g || '工作站', 'station', 1, '镇' || g FROM generate_series(1, 21) g;
INSERT INTO users (id, name, mobile, password_hash, role, timezone, active, token_version,
                   created_at)
SELECT g, '调解员' || g, (13700000000 + g)::text, 'x', 'mediator', 'Asia/Shanghai', true, 0,
       now()
FROM generate_series(1, 700) g;
INSERT INTO mediators (id, user_id, organisation_id, full_time, gold_medal, specialties, languages,
                       capacity, active)
SELECT g, g, 2 + g % 21, g <= 100, g <= 10, '[]', '[]', 10, true FROM generate_series(1, 700) g;
INSERT INTO studios (id, name, organisation_id, lead_id, specialties, stars, active)
SELECT g, '金牌调解室' || g, 2 + g % 21, g, '[]', 5, true FROM generate_series(1, 10) g;
"""
DISPUTES = """
INSERT INTO disputes (id, code, category, channel, state, description, township_id,
                      mediator_id, filed_at, updated_at, version)
SELECT g, lpad(to_hex(g), 8, '0'),
       (ARRAY['marriage_family','neighbour','housing_land','land_contract','labour','medical',
              'traffic','property_management','intellectual_property','contract','damages',
              'other'])[1 + g % 12],
       'walk_in',
       CASE WHEN g % 50 = 0 THEN 'submitted' WHEN g % 97 = 0 THEN 'rejected'
            WHEN g % 10 = 0 THEN 'not_settled' ELSE 'closed' END,
       '纠纷', 2 + g % 21, 1 + g % 700,
       now() - (g % (365 * :years)) * interval '1 day' - (g % 24) * interval '1 hour',
       now(), 1
FROM generate_series(:first, :last) g;
INSERT INTO outcomes (dispute_id, result, decided_at, category, township_id, mediator_id,
                      days_to_close)
SELECT id, CASE WHEN state = 'not_settled' THEN 'not_settled'
                WHEN id % 13 = 0 THEN 'partly_settled' ELSE 'settled' END,
       filed_at + (id % 30) * interval '1 day', category, township_id, mediator_id, id % 30
FROM disputes WHERE id BETWEEN :first AND :last AND state IN ('closed', 'not_settled');
"""


def fill(db, dsn: str, first: int, last: int) -> None:
    for statement in DISPUTES.split(";"):
        if statement.strip():
            db.session.execute(text(statement), {"first": first, "last": last, "years": YEARS})
    db.session.commit()
    # Index-only scans need the visibility map, which VACUUM (autovacuum, in production) sets.
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=SERVER, help="the PostgreSQL server")
    parser.add_argument("--database-prefix", default="bench_reports")
    parser.add_argument("--keep", action="store_true", help="leave the database for EXPLAIN")
    args = parser.parse_args()
    url = make_url(args.database_url)
    server = url.set(drivername="postgresql", database=None).render_as_string(hide_password=False)
    name = f"{args.database_prefix}_{os.getpid()}"
    # CREATE fails on a name that exists: a database this run did not make is never used,
    # and never dropped.
    admin(server, f'CREATE DATABASE "{name}"')
    dsn = f"{server}/{name}"
    try:
        from mediation import create_app
        from mediation.config import TestConfig, database_url
        from mediation.extensions import db
        from mediation.reports import grouped
        from mediation.reports.dashboard import build_dashboard
        from mediation.reports.periods import year_period

        class Config(TestConfig):
            SQLALCHEMY_DATABASE_URI = database_url(dsn)

        app = create_app(Config)
        with app.test_request_context():
            flask_migrate.upgrade()
            for statement in FILL.split(";"):
                if statement.strip():
                    db.session.execute(text(statement))
            db.session.commit()
            done = 0
            year = time.localtime().tm_year - 1
            for size in SIZES:
                started = time.perf_counter()
                fill(db, dsn, done + 1, size)
                done = size
                print(f"{size:>9,} disputes loaded in {time.perf_counter() - started:.1f} s")
                period = year_period(year, "Asia/Shanghai")
                build_dashboard(period, None)  # warm the cache once
                timings = []
                for _ in range(3):
                    started = time.perf_counter()
                    board = build_dashboard(period, None)
                    timings.append(time.perf_counter() - started)
                    db.session.rollback()
                station = build_dashboard(period, 2)
                started = time.perf_counter()
                build_dashboard(period, 2)
                station_time = time.perf_counter() - started
                parts = {}
                for name, run in (
                    ("disputes pass", grouped.dispute_pass),
                    ("outcomes pass", grouped.outcome_pass),
                ):
                    started = time.perf_counter()
                    run(period, None)
                    parts[name] = f"{time.perf_counter() - started:.3f} s"
                print(
                    f"{size:>9,} disputes: county dashboard for {year} "
                    f"({board.totals['filed']:,} filed that year) best {min(timings):.3f} s, "
                    f"worst {max(timings):.3f} s; one station {station_time:.3f} s "
                    f"({station.totals['filed']:,} filed); county {parts}"
                )
            db.session.remove()
            db.engine.dispose()
    finally:
        if args.keep or os.environ.get("BENCH_KEEP"):
            print(f"Kept {dsn} (drop it yourself when done)")
        else:
            admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
