"""Requests a second and latency of the pages people use, against a bare Flask app, same run.

Seeds a database of its own (the demo county, or `--times 100` its cases), starts the app the
way scripts/run.sh does (gunicorn -k gevent -w 1, FLASK_ENV=production, rate limits off:
bench/http_app.py) and a bare Flask app with one route (bench/http_control.py) under the same
command, logs in as the county centre's coordinator and as a party, and loads each endpoint
(the home page both to nobody and to the coordinator, the least a staff page costs)
with 1, 10 and 50 clients for a bounded time each. Prints requests a second, p50 and p99 per
endpoint and number of clients, and each endpoint's rate over the control's at the same number
of clients (measured just before and after the endpoints; the ratio uses their mean).

    .venv/bin/python bench/http.py                        # SQLite, the demo county
    .venv/bin/python bench/http.py --times 100 --database-url postgresql://postgres@127.0.0.1:5432

With --database-url the bench creates a database of its own on that server (`--database-prefix`
and its process id) and drops only that one at the end; `--keep` leaves it and prints its URL,
`--seeded URL` runs against such a kept database as it is (and never drops it). The clients are
processes on this machine: on a small one they share the processors with the server.
"""

import sys
from pathlib import Path

# This file is named http.py: keep its folder off the path so the standard http package loads.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

import psycopg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.http_load import Endpoint, Result, api_token, filing_form, log_in, measure  # noqa: E402
from bench.http_server import (  # noqa: E402
    CLIENT_PROCESSES,
    CLIENTS,
    COORDINATOR,
    PARTY,
    WARM_UP,
    free_port,
    pick_cases,
    seed,
    server_environment,
    start,
    stop,
)


def endpoints(port: int, cases: dict) -> list[Endpoint]:
    staff = {"Cookie": log_in(port, COORDINATOR)}
    bearer = {"Authorization": f"Bearer {api_token(port, COORDINATOR)}"}
    form, party_cookie = filing_form(port, log_in(port, PARTY), cases)
    posted = {"Cookie": party_cookie, "Content-Type": "application/x-www-form-urlencoded"}
    case, book = cases["case"], cases["book"]
    return [
        Endpoint("home", "/"),
        # The home page to the signed-in coordinator: a staff page's layout, menu and reader
        # with nothing of a case, the least any staff page costs.
        Endpoint("staff home", "/", headers=staff),
        Endpoint("case page", f"/disputes/{case}", headers=staff),
        Endpoint("case list", "/disputes", headers=staff),
        Endpoint("dashboard", "/reports", headers=staff),
        Endpoint("api list", "/api/v1/disputes", headers=bearer),
        Endpoint("api read", f"/api/v1/disputes/{case}", headers=bearer),
        Endpoint("slot search", f"/api/v1/disputes/{book}/slots", headers=bearer),
        Endpoint("filing", "/disputes/new", "POST", posted, form),
    ]


# -- the run --------------------------------------------------------------------------------


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def errors_of(result: Result) -> str:
    bad = {s: n for s, n in sorted(result.statuses.items()) if not 200 <= s < 400}
    return " ".join(f"{n}x{s or 'failed'}" for s, n in bad.items())


def run(url: str, args) -> None:
    cases = pick_cases(url)
    logs = Path(tempfile.mkdtemp(prefix="bench-http-"))
    app_port, control_port = free_port(5600), free_port(5620)
    env = server_environment(url, app_port, args.redis_url)
    app = start("bench.http_app:app", app_port, env, logs / "app.log")
    control = start("bench.http_control:app", control_port, env, logs / "control.log")
    try:
        chosen = [e for e in endpoints(app_port, cases) if not args.only or e.name in args.only]
        control_endpoint = Endpoint("control", "/")
        engine = make_url(url).get_backend_name()
        print(
            f"{engine}, {cases['disputes']:,} disputes; {args.seconds:g} s per step "
            f"after {WARM_UP:g} s warm-up; gunicorn -k gevent -w 1, FLASK_ENV=production, "
            f"rate limits off; clients in {CLIENT_PROCESSES} processes; "
            f"{os.cpu_count()} processors"
        )
        for clients in args.clients:
            before_load = load()
            before = measure(control_port, control_endpoint, clients, args.seconds)
            results = {e.name: measure(app_port, e, clients, args.seconds) for e in chosen}
            after = measure(control_port, control_endpoint, clients, args.seconds)
            control_rate = (before.rate + after.rate) / 2
            print(
                f"\n{clients} client{'s' if clients > 1 else ''} (load average "
                f"{before_load} before, {load()} after)"
            )
            print(f"{'endpoint':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x control':>10}")
            for name, result in (("control", before), *results.items(), ("control", after)):
                ratio = result.rate / control_rate if control_rate else float("nan")
                print(
                    f"{name:<12} {result.rate:>8.1f} {result.p50:>8.1f} {result.p99:>8.1f} "
                    f"{ratio:>10.3f}  {errors_of(result)}",
                    flush=True,
                )
    finally:
        stop(app)
        stop(control)
        for name in ("app", "control"):
            text = (logs / f"{name}.log").read_text(errors="replace")
            if "Traceback" in text or "WORKER TIMEOUT" in text:
                print(f"\n{name} server log (last lines):\n{text[-2000:]}")
        shutil.rmtree(logs, ignore_errors=True)


def on_postgresql(args) -> None:
    server = make_url(args.database_url)
    name = f"{args.database_prefix}_{os.getpid()}"
    admin = server.set(drivername="postgresql", database="postgres")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # fails rather than reuse one
    own = server.set(database=name).render_as_string(hide_password=False)
    try:
        seed(own, args.times)
        run(own, args)
    finally:
        if args.keep:
            print(f"\nKept {own} (drop it yourself when done)")
        else:
            with psycopg.connect(dsn, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def on_sqlite(args) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-http-db-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    try:
        seed(url, args.times)
        run(url, args)
    finally:
        if args.keep:
            print(f"\nKept {url}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL server to create a database on")
    parser.add_argument("--database-prefix", default="bench_http")
    parser.add_argument("--times", type=int, default=1, help="the demo county's cases times N")
    parser.add_argument("--seconds", type=float, default=5.0, help="measured time per step")
    parser.add_argument(
        "--clients",
        type=lambda text: tuple(int(n) for n in text.split(",")),
        default=CLIENTS,
        help="numbers of clients, comma-separated (default 1,10,50)",
    )
    parser.add_argument("--only", nargs="*", help="endpoint names to load (default: all)")
    parser.add_argument("--redis-url", help="give the app Redis, as a county deployment has")
    parser.add_argument("--keep", action="store_true", help="keep the database it made")
    parser.add_argument("--seeded", help="a database seeded by an earlier --keep run, used as is")
    args = parser.parse_args()
    if args.seeded:
        run(args.seeded, args)
    elif args.database_url:
        on_postgresql(args)
    else:
        on_sqlite(args)


if __name__ == "__main__":
    main()
