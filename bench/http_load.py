"""bench/http.py's clients: logging in, the endpoints loaded, and their timing."""

import http.client
import json
import multiprocessing
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.http_server import CLIENT_PROCESSES, CSRF, MAX_REQUESTS, PARTY, PASSWORD, WARM_UP, fetch


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
