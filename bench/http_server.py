"""bench/http.py's servers: its database seeded and read, and the app and control started."""

import http.client
import os
import re
import secrets
import socket
import subprocess
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
CLIENTS = (1, 10, 50)
CLIENT_PROCESSES = 2  # the clients are threads spread over this many processes
WARM_UP = 1.0  # seconds of each step not counted
MAX_REQUESTS = 50_000  # per client and step, whatever the time
COORDINATOR = "13900000002"  # the county centre: sees the whole county
PARTY = "15800000000"
PASSWORD = "demo1234"  # noqa: S105 (the demo's published password)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


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


def fetch(port: int, method: str, path: str, body=None, headers=None):
    """One request on a fresh connection: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()
