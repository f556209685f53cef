"""Requests a second and latency of the pages people use, against a bare Flask app, same run.

Seeds a database of its own (the demo county, or `--times 100` its cases), starts the app the
way scripts/run.sh does (gunicorn -k gevent -w 1, FLASK_ENV=production, rate limits off:
bench/http_app.py) and a bare Flask app with one route (bench/http_control.py) under the same
command, logs in as the county centre's coordinator and as a party, and loads each endpoint
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
import http.client  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

import psycopg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

BIN = ROOT / ".venv" / "bin"
CLIENTS = (1, 10, 50)
CLIENT_PROCESSES = 2  # the clients are threads spread over this many processes
WARM_UP = 1.0  # seconds of each step not counted
MAX_REQUESTS = 50_000  # per client and step, whatever the time
COORDINATOR = "13900000002"  # the county centre: sees the whole county
PARTY = "15800000000"
PASSWORD = "demo1234"  # noqa: S105 (the demo's published password)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Endpoint:
    name: str
    path: str
    method: str = "GET"
    headers: dict = field(default_factory=dict)
    form: dict | None = None  # posted with a fresh idempotency key each time


@dataclass
class Result:
    rate: float
    p50: float
    p99: float
    statuses: Counter


# -- the database ---------------------------------------------------------------------------


def flask(url: str, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "TEST_"))}
    env |= {"FLASK_APP": "wsgi", "DATABASE_URL": url, "NOTIFY_BACKENDS": "log"}
    subprocess.run(  # noqa: S603 (the project's own flask)
        [str(BIN / "flask"), *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def app_for(url: str):
    from mediation import create_app
    from mediation.config import Config, database_url

    class SeedConfig(Config):
        SQLALCHEMY_DATABASE_URI = database_url(url)
        NOTIFY_BACKENDS = ("log",)

    return create_app(SeedConfig)


def seed(url: str, times: int) -> None:
    from bench.scaled_demo import multiply_demo

    began = time.perf_counter()
    flask(url, "db", "upgrade")
    flask(url, "seed-demo")
    print(f"Demo county seeded in {time.perf_counter() - began:.0f} s", flush=True)
    if times > 1:
        began = time.perf_counter()
        app = app_for(url)
        with app.app_context():
            multiply_demo(times, lambda line: print(line, flush=True))
            analyse(app)
        print(f"Made {times} times as large in {time.perf_counter() - began:.0f} s", flush=True)


def analyse(app) -> None:
    """Refresh the planner's statistics after a bulk load, as autovacuum would in time."""
    from mediation.extensions import db

    db.session.remove()
    url = db.engine.url
    db.engine.dispose()
    if url.get_backend_name() == "postgresql":
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
    else:
        from sqlalchemy import create_engine

        engine = create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        engine.dispose()


def pick_cases(url: str) -> dict:
    """Return the case codes the endpoints open: a full case file, and one to book."""
    from sqlalchemy import func, select

    from mediation.core.audit import AuditEvent
    from mediation.disputes.models import Dispute
    from mediation.extensions import db
    from mediation.outcomes.models import Agreement

    app = app_for(url)
    with app.app_context():
        busiest = db.session.execute(
            select(Dispute.code)
            .join(Agreement, Agreement.dispute_id == Dispute.id)
            .join(
                AuditEvent,
                (AuditEvent.subject_type == "dispute") & (AuditEvent.subject_id == Dispute.id),
            )
            .group_by(Dispute.id, Dispute.code)
            .order_by(func.count().desc(), Dispute.id)
            .limit(1)
        ).scalar_one()
        bookable = db.session.scalars(
            select(Dispute.code)
            .where(Dispute.state == "assigned", Dispute.mediator_id.is_not(None))
            .order_by(Dispute.id)
            .limit(1)
        ).one()
        township = db.session.scalar(select(Dispute.township_id).order_by(Dispute.id).limit(1))
        village = db.session.scalar(
            select(Dispute.village_id).where(Dispute.township_id == township).limit(1)
        )
        disputes = db.session.scalar(select(func.count()).select_from(Dispute))
        db.session.remove()
        db.engine.dispose()
    return {
        "case": busiest,
        "book": bookable,
        "township": township,
        "village": village,
        "disputes": disputes,
    }


# -- the servers ----------------------------------------------------------------------------


def free_port(low: int) -> int:
    offset = int(os.environ.get("LIVE_PORT_OFFSET", "0"))
    for port in range(low + offset, low + offset + 20):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port from {low + offset}")


def start(app: str, port: int, env: dict, log: Path) -> subprocess.Popen:
    """Serve `app` as scripts/run.sh serves the application; wait until it answers."""
    with open(log, "wb") as out:
        process = subprocess.Popen(  # noqa: S603 (the project's own gunicorn)
            [str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}", app],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{app} exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            status, _, _ = fetch(port, "GET", "/")
        except OSError:
            time.sleep(0.3)
            continue
        if status < 500:
            return process
    process.kill()
    raise RuntimeError(f"{app} did not answer on {port}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def server_environment(url: str, port: int, redis_url: str | None) -> dict:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "TEST_"))}
    return keep | {
        "FLASK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "DATABASE_URL": url,
        "REDIS_URL": redis_url or "",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "NOTIFY_BACKENDS": "log",
    }


# -- one client -----------------------------------------------------------------------------


def fetch(port: int, method: str, path: str, body=None, headers=None):
    """One request on a fresh connection: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def session_cookie(headers) -> str | None:
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("session="):
            return value.split(";", 1)[0]
    return None


def log_in(port: int, mobile: str) -> str:
    """Log in by password through the form; return the session cookie.

    The production cookie is marked Secure; a browser would send it over HTTPS only, and these
    clients, talking plain HTTP to gunicorn, send it anyway.
    """
    _, headers, page = fetch(port, "GET", "/login")
    cookie = session_cookie(headers)
    token = CSRF.search(page.decode()).group(1)
    form = urlencode({"csrf_token": token, "mobile": mobile, "password": PASSWORD})
    status, headers, _ = fetch(
        port,
        "POST",
        "/login",
        form,
        {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 302:
        raise RuntimeError(f"log-in as {mobile} answered {status}")
    return session_cookie(headers) or cookie


def api_token(port: int, mobile: str) -> str:
    body = json.dumps({"mobile": mobile, "password": PASSWORD})
    status, _, answer = fetch(
        port, "POST", "/api/v1/tokens", body, {"Content-Type": "application/json"}
    )
    if status != 201:
        raise RuntimeError(f"token for {mobile} answered {status}: {answer[:300]!r}")
    return json.loads(answer)["token"]


def filing_form(port: int, cookie: str, cases: dict) -> tuple[dict, str]:
    """Open the filing form as the party; return the fields to post and the cookie to send."""
    _, headers, page = fetch(port, "GET", "/disputes/new", headers={"Cookie": cookie})
    cookie = session_cookie(headers) or cookie
    form = {
        "csrf_token": CSRF.search(page.decode()).group(1),
        "category": "neighbour",
        "description": "邻居在两家之间修建围墙，占用了公共通道。",
        "township_id": str(cases["township"]),
        "village_id": str(cases["village"] or ""),
        "applicants-0-name": "王芳",
        "applicants-0-mobile": PARTY,
        "respondents-0-name": "李强",
        "respondents-0-mobile": "13700000001",
    }
    return form, cookie


def endpoints(port: int, cases: dict) -> list[Endpoint]:
    staff = {"Cookie": log_in(port, COORDINATOR)}
    bearer = {"Authorization": f"Bearer {api_token(port, COORDINATOR)}"}
    form, party_cookie = filing_form(port, log_in(port, PARTY), cases)
    posted = {"Cookie": party_cookie, "Content-Type": "application/x-www-form-urlencoded"}
    case, book = cases["case"], cases["book"]
    return [
        Endpoint("home", "/"),
        Endpoint("case page", f"/disputes/{case}", headers=staff),
        Endpoint("case list", "/disputes", headers=staff),
        Endpoint("dashboard", "/reports", headers=staff),
        Endpoint("api list", "/api/v1/disputes", headers=bearer),
        Endpoint("api read", f"/api/v1/disputes/{case}", headers=bearer),
        Endpoint("slot search", f"/api/v1/disputes/{book}/slots", headers=bearer),
        Endpoint("filing", "/disputes/new", "POST", posted, form),
    ]


def client_loop(port: int, endpoint: Endpoint, begin: float, end: float, out: list) -> None:
    """Send requests back to back on one kept-alive connection until `end`.

    Records (latency, status) of each request that ended between `begin` and `end`: the rate is
    what was answered in that window, whenever it was asked.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(MAX_REQUESTS):
        started = time.monotonic()
        if started >= end:
            break
        body = None
        if endpoint.form is not None:
            body = urlencode(endpoint.form | {"idempotency_key": uuid.uuid4().hex})
        try:
            connection.request(endpoint.method, endpoint.path, body=body, headers=endpoint.headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException):
            connection.close()  # reopened by the next request
            status = 0
        finished = time.monotonic()
        if begin <= finished <= end:
            out.append((finished - started, status))
    connection.close()


def client_process(conn, port: int, endpoint: Endpoint, clients: int, begin: float, end: float):
    samples: list[tuple[float, int]] = []
    threads = [
        threading.Thread(target=client_loop, args=(port, endpoint, begin, end, samples))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    conn.send(samples)


def measure(port: int, endpoint: Endpoint, clients: int, seconds: float) -> Result:
    """Load one endpoint with `clients` clients; return its rate and latency."""
    context = multiprocessing.get_context("fork")
    begin = time.monotonic() + 0.5 + WARM_UP
    end = begin + seconds
    pipes, children = [], []
    processes = min(clients, CLIENT_PROCESSES)
    for n in range(processes):
        share = clients // processes + (1 if n < clients % processes else 0)
        parent, child = context.Pipe()
        process = context.Process(
            target=client_process, args=(child, port, endpoint, share, begin, end)
        )
        process.start()
        pipes.append(parent)
        children.append(process)
    samples: list[tuple[float, int]] = []
    for parent, process in zip(pipes, children, strict=True):
        samples += parent.recv()
        process.join()
    ok = sorted(latency for latency, status in samples if 200 <= status < 400)
    statuses = Counter(status for _, status in samples)
    if not ok:
        return Result(0.0, float("nan"), float("nan"), statuses)
    return Result(
        len(ok) / seconds,
        ok[len(ok) // 2] * 1000,
        ok[min(len(ok) - 1, int(len(ok) * 0.99))] * 1000,
        statuses,
    )


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
